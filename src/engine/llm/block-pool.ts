// One replica's KV cache as a pool of fixed-size blocks (vLLM's PagedAttention paging), in typed
// arrays. A request holds ceil(tokens / block_tokens) blocks. Most blocks are private and
// interchangeable, so they are counted, not named; blocks of a shared prefix (prefix caching) are
// named entries with a hash (prefix group and block index), a reference count, and, once nobody
// references them, a place in a least-recently-used queue from which allocation evicts them
// (vLLM's block_pool.py: a free queue of cached blocks with reference counts). Allocation, lookup
// and eviction live here; who runs and who is preempted is the scheduler's business.
//
// Physical blocks = plain free + private in use + cached entries; "in use" counts private blocks
// and referenced cached ones (an unreferenced cached block is free: allocation may evict it).

const NIL = -1;

export class BlockPool {
  /** Blocks the lane has. */
  readonly total: number;
  /** Blocks in use now (private, and cached ones someone references), and the most ever. */
  used = 0;
  peak = 0;
  /** Integral of `used` over time (block-ms) up to `since`. */
  usedMs = 0;
  private since = 0;
  /** Free blocks that hold no cached content. */
  private plain: number;
  /** Cached entries nobody references (evictable, in the LRU queue). */
  private cachedFree = 0;
  private readonly ref: Int32Array;
  private readonly hash: Float64Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private lruHead = NIL;
  private lruTail = NIL;
  /** Entry numbers not holding a cached block. */
  private readonly spare: Int32Array;
  private spareCount: number;
  private readonly byHash = new Map<number, number>();
  /** Cached blocks evicted to make room. */
  evictions = 0;

  constructor(total: number, prefixCaching: boolean) {
    this.total = total;
    this.plain = total;
    // Without prefix caching no entry is ever named: keep the columns empty.
    const entries = prefixCaching ? total : 0;
    this.ref = new Int32Array(entries);
    this.hash = new Float64Array(entries);
    this.prev = new Int32Array(entries);
    this.next = new Int32Array(entries);
    this.spare = new Int32Array(entries);
    for (let i = 0; i < entries; i++) this.spare[i] = entries - 1 - i;
    this.spareCount = entries;
  }

  /** Blocks an allocation may take now (plain free ones and evictable cached ones). */
  get free(): number {
    return this.plain + this.cachedFree;
  }

  /** Cached blocks held (referenced or not). */
  get cached(): number {
    return this.ref.length - this.spareCount;
  }

  /** Bring the block-ms integral up to `now` (call before changing `used` at a new time). */
  advance(now: number): void {
    if (now > this.since) {
      this.usedMs += this.used * (now - this.since);
      this.since = now;
    }
  }

  /** Take `n` private blocks; false (nothing taken) when fewer than `n` are free. */
  allocate(n: number): boolean {
    if (n > this.plain + this.cachedFree) return false;
    let fromPlain = n < this.plain ? n : this.plain;
    this.plain -= fromPlain;
    for (; fromPlain < n; fromPlain++) this.evictOldest();
    this.used += n;
    if (this.used > this.peak) this.peak = this.used;
    return true;
  }

  /** Give back `n` private blocks. */
  release(n: number): void {
    this.plain += n;
    this.used -= n;
  }

  /** The cached entry holding block `hash`, or -1. */
  lookup(hash: number): number {
    return this.byHash.get(hash) ?? NIL;
  }

  /** True when a cached entry is referenced by nobody (taking it takes a free block). */
  isFree(entry: number): boolean {
    return this.ref[entry] === 0;
  }

  /** Reference a cached entry (a prefix hit). */
  acquire(entry: number): void {
    if (this.ref[entry]!++ === 0) {
      this.unlink(entry);
      this.cachedFree--;
      this.used++;
      if (this.used > this.peak) this.peak = this.used;
    }
  }

  /** Drop a reference; at zero the entry becomes the most recently used evictable block. */
  releaseShared(entry: number): void {
    if (--this.ref[entry]! === 0) {
      this.append(entry);
      this.cachedFree++;
      this.used--;
    }
  }

  /**
   * Name one private block in use as cached block `hash` (its content is now a full prefix block);
   * returns the entry, referenced once. -1 when `hash` is cached already (the block stays private).
   */
  register(hash: number): number {
    if (this.byHash.has(hash) || this.spareCount === 0) return NIL;
    const entry = this.spare[--this.spareCount]!;
    this.ref[entry] = 1;
    this.hash[entry] = hash;
    this.byHash.set(hash, entry);
    return entry;
  }

  private evictOldest(): void {
    const entry = this.lruHead;
    this.unlink(entry);
    this.byHash.delete(this.hash[entry]!);
    this.spare[this.spareCount++] = entry;
    this.cachedFree--;
    this.evictions++;
  }

  private unlink(entry: number): void {
    const p = this.prev[entry]!;
    const n = this.next[entry]!;
    if (p === NIL) this.lruHead = n;
    else this.next[p] = n;
    if (n === NIL) this.lruTail = p;
    else this.prev[n] = p;
  }

  private append(entry: number): void {
    this.prev[entry] = this.lruTail;
    this.next[entry] = NIL;
    if (this.lruTail === NIL) this.lruHead = entry;
    else this.next[this.lruTail] = entry;
    this.lruTail = entry;
  }
}

/** Blocks needed to hold `tokens` tokens. */
export function blocksFor(tokens: number, blockTokens: number): number {
  return Math.ceil(tokens / blockTokens);
}

/** The hash naming block `index` of prefix group `group`. */
export function prefixHash(group: number, index: number): number {
  return group * 16777216 + index;
}
