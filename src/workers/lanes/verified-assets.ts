// Bytes a lane is about to run (ONNX Runtime's WASM binary, a model) pass one gate: their size and
// sha256 must be the ones the build recorded. Whether they came from the network, from the lane's
// own generator (synthetic weights) or from the cache of an earlier visit, a mismatch is never
// run: a bad cache entry is deleted and the file fetched or made again; bad fresh bytes are an
// error that takes the lane down with the file's name.
//
// The cache is Cache Storage (in workers too, in secure contexts), keyed by file and sha256, so a
// new build's files are new entries and an older entry of the same file is dropped when the new
// one is stored. A Web Lock per file makes lanes starting together make a file once: the second
// lane waits, then finds it cached.
//
// No DOM: runs in lane workers, and with an in-memory cache in Node tests.

/** What a file must be. */
export interface AssetSpec {
  /** e.g. `models/resnet18.onnx`, `runtime/ort-wasm-simd-threaded.wasm`. */
  key: string;
  bytes: number;
  sha256: string;
}

/** Where a file came from this time. */
export type AssetSource = 'cache' | 'network' | 'made';

export interface AssetLoad {
  key: string;
  from: AssetSource;
  /** Wall ms to have the verified bytes (cache read, or fetch or make; the hash check). */
  ms: number;
  /** Of which fetching (and expanding) or making the bytes, for fresh ones. */
  obtainMs?: number;
  /** Why a cache entry was not used (it failed its check and was rebuilt). */
  rejected?: string;
}

/** The slice of Cache Storage the store needs (a Map in tests). */
export interface AssetCache {
  get(spec: AssetSpec): Promise<Uint8Array | undefined>;
  put(spec: AssetSpec, bytes: Uint8Array): Promise<void>;
  delete(spec: AssetSpec): Promise<void>;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Why `bytes` are not `spec`, or undefined when they are. */
export async function mismatch(spec: AssetSpec, bytes: Uint8Array): Promise<string | undefined> {
  if (bytes.byteLength !== spec.bytes) {
    return `${bytes.byteLength} bytes, expected ${spec.bytes}${bytes.byteLength < spec.bytes ? ' (truncated)' : ''}`;
  }
  const hash = await sha256Hex(bytes);
  return hash === spec.sha256
    ? undefined
    : `sha256 ${hash.slice(0, 12)}…, expected ${spec.sha256.slice(0, 12)}…`;
}

type Lock = <T>(name: string, task: () => Promise<T>) => Promise<T>;

/** Web Locks where the browser has them (all current ones), else no lock. */
function webLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
  return locks ? (locks.request(name, task) as Promise<T>) : task();
}

export class VerifiedAssets {
  /** Every load so far, in order (reported with the lane's runtime info). */
  readonly loads: AssetLoad[] = [];
  /** Cache writes still under way. */
  private writes: Promise<void>[] = [];

  constructor(
    private readonly cache: AssetCache,
    private readonly lock: Lock = webLock,
  ) {}

  /**
   * The verified bytes of `spec`: from the cache when its entry passes the check, else from
   * `obtain` (fetch or make), checked, then cached. Throws when fresh bytes fail the check.
   */
  load(
    spec: AssetSpec,
    obtain: () => Promise<Uint8Array>,
    fresh: AssetSource = 'network',
  ): Promise<Uint8Array> {
    // The bytes go to the lane as soon as they are checked; the lock is held until the cache has
    // them too, so a lane waiting for the same file finds it there rather than making it again.
    return new Promise<Uint8Array>((deliver, fail) => {
      this.lock(`schedlab-asset:${spec.key}`, async () => {
        const t0 = performance.now();
        let rejected: string | undefined;
        const cached = await this.cache.get(spec).catch(() => undefined);
        if (cached) {
          rejected = await mismatch(spec, cached);
          if (rejected === undefined) {
            this.loads.push({ key: spec.key, from: 'cache', ms: performance.now() - t0 });
            deliver(cached);
            return;
          }
          await this.cache.delete(spec).catch(() => undefined);
        }
        const t1 = performance.now();
        const bytes = await obtain();
        const obtainMs = performance.now() - t1;
        const bad = await mismatch(spec, bytes);
        if (bad !== undefined) throw new Error(`${spec.key}: ${bad}; not run`);
        this.loads.push({
          key: spec.key,
          from: fresh,
          ms: performance.now() - t0,
          obtainMs,
          ...(rejected === undefined ? {} : { rejected: `cached copy rejected: ${rejected}` }),
        });
        deliver(bytes);
        // A full disk or a private window's quota only costs the next visit its head start.
        const write = this.cache.put(spec, bytes).catch(() => undefined);
        this.writes.push(write);
        await write;
      }).catch(fail);
    });
  }

  /** Resolves once every cache write started so far is done (a lane waits for this before it
   * reports ready, so a lane terminated right after never leaves a file half-cached). */
  async written(): Promise<void> {
    const writes = this.writes;
    this.writes = [];
    await Promise.all(writes);
  }
}

/** The name of the Cache Storage cache the lanes keep files in. */
export const CACHE_NAME = 'schedlab-files-v1';

/** Cache Storage entries keyed `<origin>/__schedlab-files__/<key>?sha256=<hash>`. */
export function cacheStorage(origin: string): AssetCache | undefined {
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  if (!storage) return undefined; // not a secure context: every visit loads afresh
  const url = (spec: AssetSpec) => `${origin}/__schedlab-files__/${spec.key}?sha256=${spec.sha256}`;
  const open = () => storage.open(CACHE_NAME);
  return {
    async get(spec) {
      const hit = await (await open()).match(url(spec));
      return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
    },
    async put(spec, bytes) {
      const cache = await open();
      // Entries of the same file from other builds are dead weight.
      const prefix = `${origin}/__schedlab-files__/${spec.key}?`;
      for (const req of await cache.keys()) {
        if (req.url.startsWith(prefix) && req.url !== url(spec)) await cache.delete(req);
      }
      await cache.put(
        url(spec),
        new Response(bytes as Uint8Array<ArrayBuffer>, {
          headers: { 'Content-Type': 'application/octet-stream' },
        }),
      );
    },
    async delete(spec) {
      await (await open()).delete(url(spec));
    },
  };
}

/** No cache (Node, insecure contexts). */
export const noCache: AssetCache = {
  get: () => Promise.resolve(undefined),
  put: () => Promise.resolve(),
  delete: () => Promise.resolve(),
};
