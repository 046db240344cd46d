// A policy shared in the URL: `?policy=` holds its source, deflated (CompressionStream, built into
// browsers and Node) and base64url-encoded. Links are bounded: a policy whose encoding is longer than
// MAX_ENCODED is refused with a message (download the file instead), and decoding stops at
// MAX_SOURCE characters, so a crafted link cannot exhaust memory.

export const POLICY_PARAM = 'policy';
/** Longest encoded policy in a link (characters): well under what browsers and servers accept. */
export const MAX_ENCODED = 8000;
/** Longest decoded policy (characters), as the compiler accepts. */
export const MAX_SOURCE = 256 * 1024;

export type Encoded = { ok: true; value: string } | { ok: false; message: string };

export async function encodePolicy(source: string): Promise<Encoded> {
  const bytes = new TextEncoder().encode(source);
  const packed = await pipe(bytes, new CompressionStream('deflate-raw'), Infinity);
  let bin = '';
  for (const b of packed) bin += String.fromCharCode(b);
  const value = btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  if (value.length > MAX_ENCODED) {
    return {
      ok: false,
      message: `this policy takes ${value.length.toLocaleString('en')} characters in a link, more than the ${MAX_ENCODED.toLocaleString('en')} a link may hold: share the file instead`,
    };
  }
  return { ok: true, value };
}

export type Decoded = { ok: true; source: string } | { ok: false; message: string };

export async function decodePolicy(value: string): Promise<Decoded> {
  if (value.length > MAX_ENCODED) {
    return { ok: false, message: `the link's policy is longer than ${MAX_ENCODED} characters` };
  }
  if (!/^[A-Za-z0-9_-]*$/.test(value)) {
    return { ok: false, message: 'the link\u2019s policy is not base64url text' };
  }
  let bin: string;
  try {
    bin = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return { ok: false, message: 'the link\u2019s policy is not base64url text' };
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  try {
    // Decoded text is at most 4 bytes a character.
    const out = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_SOURCE * 4);
    const source = new TextDecoder('utf-8', { fatal: true }).decode(out);
    if (source.length > MAX_SOURCE) throw new RangeError('too long');
    return { ok: true, source };
  } catch (e) {
    return {
      ok: false,
      message:
        e instanceof RangeError
          ? `the link's policy unpacks to more than ${MAX_SOURCE / 1024} KiB`
          : 'the link\u2019s policy is damaged (it does not unpack); ask for the link again',
    };
  }
}

/** Run bytes through a (de)compression stream, stopping with a RangeError past `limit` bytes. */
async function pipe(
  input: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(input as Uint8Array<ArrayBuffer>).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      void reader.cancel();
      throw new RangeError('too long');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
