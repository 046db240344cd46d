// Sharing a policy in a link: it comes back exactly, a long one is refused with a message, and a
// damaged or crafted link is refused without unpacking without bound.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MAX_ENCODED, decodePolicy, encodePolicy } from './policy-url.ts';

describe('a policy in the URL', () => {
  it('round-trips an example policy, well within the bound', async () => {
    const source = readFileSync('examples/policies/least-slack.js', 'utf8');
    const enc = await encodePolicy(source);
    if (!enc.ok) throw new Error(enc.message);
    expect(enc.value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(enc.value.length).toBeLessThan(source.length);
    expect(await decodePolicy(enc.value)).toEqual({ ok: true, source });
  });

  it('refuses a policy too long for a link, saying how long', async () => {
    let text = '';
    for (let i = 0; text.length < 40_000; i++) text += `// ${(i * 2654435761) % 1e9} ${i * 7}\n`;
    const enc = await encodePolicy(text);
    expect(enc.ok).toBe(false);
    if (!enc.ok)
      expect(enc.message).toMatch(new RegExp(`more than the ${MAX_ENCODED.toLocaleString('en')}`));
  });

  it('refuses damaged text and a link that unpacks past the limit', async () => {
    expect(await decodePolicy('not*base64')).toMatchObject({ ok: false });
    expect(await decodePolicy('AAAAAAAA')).toMatchObject({ ok: false, message: /damaged/ });
    // A million spaces deflate to a short link; unpacked they pass the bound.
    const bomb = await encodePolicy(' '.repeat(1_100_000));
    if (!bomb.ok) throw new Error(bomb.message);
    expect(await decodePolicy(bomb.value)).toMatchObject({
      ok: false,
      message: /more than 256 KiB/,
    });
  });
});
