// The gate every file passes before a lane runs it: cached copies that fail their size or sha256
// are rebuilt, fresh bytes that fail are refused (and never cached), and lanes starting together
// make a file once.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VerifiedAssets, type AssetCache, type AssetSpec } from './verified-assets.ts';

const BYTES = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) % 251);
const SPEC: AssetSpec = {
  key: 'models/x.onnx',
  bytes: BYTES.byteLength,
  sha256: createHash('sha256').update(BYTES).digest('hex'),
};

function memoryCache(): AssetCache & { entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  return {
    entries,
    get: async (s) => entries.get(s.key),
    put: async (s, b) => void entries.set(s.key, b.slice()),
    delete: async (s) => void entries.delete(s.key),
  };
}

/** A lock that really serialises tasks of one name. */
function testLock() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(name: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(name) ?? Promise.resolve()).then(task, task);
    tails.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  };
}

describe('VerifiedAssets', () => {
  it('fetches once, then serves the verified copy from the cache', async () => {
    const cache = memoryCache();
    const store = new VerifiedAssets(cache, testLock());
    let fetches = 0;
    const obtain = async () => (fetches++, BYTES.slice());
    await store.load(SPEC, obtain);
    const again = await store.load(SPEC, obtain);
    expect(fetches).toBe(1);
    expect(again).toEqual(BYTES);
    expect(store.loads.map((l) => l.from)).toEqual(['network', 'cache']);
  });

  it.each([
    [
      'truncated',
      (b: Uint8Array) => b.subarray(0, 1000),
      /1000 bytes, expected 4096 \(truncated\)/,
    ],
    [
      'tampered',
      (b: Uint8Array) => {
        const t = b.slice();
        t[2000]! ^= 1;
        return t;
      },
      /sha256 [0-9a-f]{12}…, expected/,
    ],
  ])('rebuilds a %s cache entry instead of running it', async (_, spoil, why) => {
    const cache = memoryCache();
    const store = new VerifiedAssets(cache, testLock());
    await store.load(SPEC, async () => BYTES.slice(), 'made');
    cache.entries.set(SPEC.key, spoil(cache.entries.get(SPEC.key)!));
    let made = 0;
    const bytes = await store.load(SPEC, async () => (made++, BYTES.slice()), 'made');
    expect(made).toBe(1);
    expect(bytes).toEqual(BYTES);
    expect(store.loads[1]).toMatchObject({ from: 'made', rejected: expect.stringMatching(why) });
    expect(cache.entries.get(SPEC.key)).toEqual(BYTES);
  });

  it('refuses fresh bytes that fail the check and does not cache them', async () => {
    const cache = memoryCache();
    const store = new VerifiedAssets(cache, testLock());
    const wrong = BYTES.slice();
    wrong[0]! ^= 0xff;
    await expect(store.load(SPEC, async () => wrong)).rejects.toThrow(
      /^models\/x\.onnx: sha256 .*; not run$/,
    );
    expect(cache.entries.size).toBe(0);
  });

  it('makes a file once when two lanes ask for it together', async () => {
    const cache = memoryCache();
    const lock = testLock();
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 10));
      return BYTES.slice();
    };
    const a = new VerifiedAssets(cache, lock);
    const b = new VerifiedAssets(cache, lock);
    await Promise.all([a.load(SPEC, make, 'made'), b.load(SPEC, make, 'made')]);
    expect(made).toBe(1);
    expect([...a.loads, ...b.loads].map((l) => l.from).sort()).toEqual(['cache', 'made']);
  });
});
