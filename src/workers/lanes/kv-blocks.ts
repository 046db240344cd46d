// KV-cache memory counted the way a vLLM-style paged cache counts it: a sequence of n tokens holds
// ceil(n / blockTokens) blocks of a fixed pool on the device; a swapped-out sequence holds its
// blocks on the host instead; a dropped one holds none. The decoder runner asks before every step
// whether the pool can grow its sequences, and refuses the step (changing nothing) when it cannot,
// so the engine's preemption decides who leaves, not an allocation failure mid-run.
//
// Pure data: no ORT.

export type SeqId = number;

/** A snapshot of the pool, in blocks. */
export interface BlockUsage {
  blockTokens: number;
  /** Device blocks in the pool. */
  capacity: number;
  used: number;
  free: number;
  /** Blocks of swapped-out sequences, held on the host. */
  swapped: number;
}

export class KvBlocks {
  private readonly device = new Map<SeqId, number>();
  private readonly host = new Map<SeqId, number>();
  private used = 0;
  private swapped = 0;

  constructor(
    readonly blockTokens: number,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(blockTokens) || blockTokens < 1) {
      throw new Error(`block_tokens must be a positive integer (got ${blockTokens})`);
    }
    if (!(capacity >= 0)) throw new Error(`the block pool needs a capacity (got ${capacity})`);
  }

  /** Blocks that `tokens` tokens take. */
  blocksFor(tokens: number): number {
    return Math.ceil(tokens / this.blockTokens);
  }

  /** Device blocks `seq` holds. */
  held(seq: SeqId): number {
    return this.device.get(seq) ?? 0;
  }

  /** Extra device blocks needed for each sequence to hold the given token counts. */
  needed(growth: readonly { seq: SeqId; tokens: number }[]): number {
    return growth.reduce((n, g) => n + Math.max(0, this.blocksFor(g.tokens) - this.held(g.seq)), 0);
  }

  /** `seq` now holds `tokens` tokens on the device. */
  setTokens(seq: SeqId, tokens: number): void {
    const blocks = this.blocksFor(tokens);
    this.used += blocks - this.held(seq);
    this.device.set(seq, blocks);
  }

  /** Moves `seq`'s blocks to the host. */
  swapOut(seq: SeqId): void {
    const blocks = this.held(seq);
    this.device.delete(seq);
    this.used -= blocks;
    this.host.set(seq, blocks);
    this.swapped += blocks;
  }

  /** Moves `seq`'s blocks back to the device; false (nothing changed) when they do not fit. */
  swapIn(seq: SeqId): boolean {
    const blocks = this.host.get(seq) ?? 0;
    if (blocks > this.capacity - this.used) return false;
    this.host.delete(seq);
    this.swapped -= blocks;
    this.device.set(seq, blocks);
    this.used += blocks;
    return true;
  }

  /** Frees whatever `seq` holds, device or host. */
  release(seq: SeqId): void {
    this.used -= this.held(seq);
    this.swapped -= this.host.get(seq) ?? 0;
    this.device.delete(seq);
    this.host.delete(seq);
  }

  usage(): BlockUsage {
    return {
      blockTokens: this.blockTokens,
      capacity: this.capacity,
      used: this.used,
      free: this.capacity - this.used,
      swapped: this.swapped,
    };
  }
}
