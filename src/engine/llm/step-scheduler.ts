// The step scheduler: forms one step's batch on one replica, vLLM v1's Scheduler.schedule() in
// columnar form. First the running requests, in key order, each taking its next token (a decode) or
// its next prompt chunk, allocating the blocks that needs; when blocks run out, the running request
// with the highest key is preempted (recompute or swap) until the block fits, or the request itself
// is. Then, unless something was preempted (vLLM admits nothing in a step that preempted), waiting
// requests in key order while the token budget, max_num_seqs and the blocks above the watermark
// last; a prefix-cache lookup first gives a fresh request the cached blocks of its shared prefix.
// The policy only answers its three questions (key, chunk size, admit while running); everything
// else is the same for every policy and for a user's.

import type { Ledger } from '../engine-types.ts';
import type { JobTable } from '../job-table.ts';
import type { LlmPolicy, LlmPolicyView } from '../schedulers/llm-policy.ts';
import { blocksFor, prefixHash } from './block-pool.ts';
import type { LlmLane } from './lane.ts';
import type { LlmMetrics } from './metrics.ts';
import { L_RUNNING, L_SWAPPED, L_WAITING, type LlmRequests } from './requests.ts';
import { PREEMPT_RECOMPUTE, PREEMPT_SWAP } from './step-batch.ts';

export interface StepSchedulerOptions {
  blockTokens: number;
  maxNumSeqs: number;
  swap: boolean;
  /** KV bytes of one block (swap traffic). */
  blockBytes: number;
  prefixCaching: boolean;
}

export class StepScheduler implements LlmPolicyView {
  now = 0;
  constructor(
    readonly jobs: JobTable,
    readonly reqs: LlmRequests,
    public policy: LlmPolicy,
    private readonly o: StepSchedulerOptions,
    private readonly ledger: Ledger,
    private readonly metrics: LlmMetrics,
  ) {}

  /** Fill `lane.batch` with the lane's next step at time `now` (it may stay empty). */
  form(lane: LlmLane, now: number): void {
    this.now = now;
    const b = lane.batch;
    b.reset(lane.index);
    const reqs = this.reqs;
    const pool = lane.pool;
    const bt = this.o.blockTokens;
    const policy = this.policy;
    pool.advance(now);
    let budget = policy.stepTokens;
    let preempted = false;
    // 1. Running requests, in key order.
    for (let i = 0; i < lane.runningCount && budget > 0;) {
      const r = lane.running[i]!;
      const known = reqs.prompt[r]! + reqs.generated[r]!;
      const c = reqs.computed[r]!;
      const remaining = known - c;
      const decode = remaining === 1 && reqs.generated[r]! > 0;
      let n = decode ? 1 : policy.chunk(r, remaining, budget, b.prefillTokens);
      if (n > remaining) n = remaining;
      if (!(n > 0)) {
        i++;
        continue;
      }
      // Most decodes stay inside the blocks they hold: the block count only when they do not.
      const held = reqs.blocks[r]! + reqs.prefixBlocks[r]!;
      const need = c + n > held * bt ? blocksFor(c + n, bt) - held : 0;
      let self = false;
      while (need > pool.free) {
        const victim = lane.running[lane.runningCount - 1]!;
        this.preempt(lane, lane.runningCount - 1);
        preempted = true;
        if (victim === r) {
          self = true;
          break;
        }
      }
      if (self) break;
      if (need > 0) this.grow(lane, r, need, now);
      b.add(r, this.jobs.id[r]!, n, c, c + n === known, decode);
      budget -= n;
      i++;
    }
    // 2. Waiting requests, in key order.
    if (preempted || (!policy.continuous && lane.runningCount > 0)) return;
    const waiting = lane.waiting;
    while (waiting.size > 0 && budget > 0 && lane.runningCount < this.o.maxNumSeqs) {
      const r = waiting.peek();
      const fresh = reqs.phase[r] === L_WAITING && reqs.computed[r] === 0;
      const known = reqs.prompt[r]! + reqs.generated[r]!;
      // Prefix cache: consecutive cached blocks of the request's shared prefix, leaving at least
      // one token to compute (a step must sample the next token).
      let hits = 0;
      let hitsFree = 0;
      const group = reqs.group[r]!;
      if (this.o.prefixCaching && fresh && group >= 0) {
        const full = Math.min(Math.floor(reqs.prefixTokens[r]! / bt), Math.floor((known - 1) / bt));
        for (; hits < full; hits++) {
          const e = pool.lookup(prefixHash(group, hits));
          if (e < 0) break;
          if (pool.isFree(e)) hitsFree++;
        }
      }
      const c = reqs.computed[r]! + hits * bt;
      const remaining = known - c;
      let n = policy.chunk(r, remaining, budget, b.prefillTokens);
      if (n > remaining) n = remaining;
      if (!(n > 0)) break;
      const need = blocksFor(c + n, bt) - hits;
      const watermark = lane.runningCount > 0 ? lane.watermarkBlocks : 0;
      if (pool.free - need - hitsFree < watermark) break;
      waiting.pop();
      this.admit(lane, r, hits, c, need, now, fresh && group >= 0);
      b.add(r, this.jobs.id[r]!, n, c, c + n === known, remaining === 1 && reqs.generated[r]! > 0);
      budget -= n;
    }
  }

  /** Take a waiting request into the running list with `hits` cached prefix blocks. */
  private admit(
    lane: LlmLane,
    r: number,
    hits: number,
    computed: number,
    need: number,
    now: number,
    queried: boolean,
  ): void {
    const reqs = this.reqs;
    const pool = lane.pool;
    const bt = this.o.blockTokens;
    const group = reqs.group[r]!;
    for (let k = 0; k < hits; k++) pool.acquire(pool.lookup(prefixHash(group, k)));
    pool.allocate(need);
    if (reqs.phase[r] === L_SWAPPED && reqs.swapped[r]! > 0) {
      const bytes = reqs.swapped[r]! * this.o.blockBytes;
      lane.batch.swapBytes += bytes;
      lane.batch.swappedIn++;
      this.metrics.swappedBytes += bytes;
      reqs.swapped[r] = 0;
    }
    reqs.blockSince[r] = now;
    reqs.computed[r] = computed;
    reqs.blocks[r] = need;
    reqs.prefixBlocks[r] = hits;
    reqs.phase[r] = L_RUNNING;
    if (queried) {
      const full = Math.floor(reqs.prefixTokens[r]! / bt) * bt;
      this.metrics.prefixQueried += full;
      this.metrics.prefixHit += hits * bt;
      reqs.cachedTokens[r] = hits * bt;
    }
    if (Number.isNaN(reqs.firstScheduled[r]!)) reqs.firstScheduled[r] = now;
    lane.insertRunning(r, reqs.key, this.jobs.id);
    this.ledger.queued--;
    this.ledger.running++;
  }

  /** `r` takes `need` more private blocks (they are free: the caller made sure). */
  private grow(lane: LlmLane, r: number, need: number, now: number): void {
    const reqs = this.reqs;
    reqs.blockMs[r]! += reqs.held(r) * (now - reqs.blockSince[r]!);
    reqs.blockSince[r] = now;
    lane.pool.allocate(need);
    reqs.blocks[r]! += need;
  }

  /**
   * Preempt the running request at position `i`: its blocks go back to the pool; with swap its KV
   * is copied to host memory (paid in this step), else its computed tokens are lost and will be
   * computed again. It waits again in the lane's queue, with its key.
   */
  preempt(lane: LlmLane, i: number): void {
    const reqs = this.reqs;
    const r = lane.running[i]!;
    lane.removeRunningAt(i);
    this.releaseBlocks(lane, r);
    const computed = reqs.computed[r]!;
    const m = this.metrics;
    m.preemptions++;
    reqs.preemptions[r]!++;
    if (this.o.swap && computed > 0) {
      m.preemptionsSwap++;
      const blocks = blocksFor(computed, this.o.blockTokens);
      const bytes = blocks * this.o.blockBytes;
      reqs.swapped[r] = blocks;
      reqs.phase[r] = L_SWAPPED;
      lane.batch.swapBytes += bytes;
      m.swappedBytes += bytes;
      lane.batch.preempt(r, PREEMPT_SWAP);
    } else {
      m.preemptionsRecompute++;
      m.recomputedTokens += computed;
      reqs.computed[r] = 0;
      reqs.phase[r] = L_WAITING;
      lane.batch.preempt(r, PREEMPT_RECOMPUTE);
    }
    lane.waiting.push(r, reqs.key[r]!, this.jobs.id[r]!);
    this.ledger.running--;
    this.ledger.queued++;
  }

  /** Give back every block `r` holds on `lane` (private and shared); returns how many. */
  releaseBlocks(lane: LlmLane, r: number): number {
    const reqs = this.reqs;
    const pool = lane.pool;
    pool.advance(this.now);
    const held = reqs.held(r);
    reqs.blockMs[r]! += held * (this.now - reqs.blockSince[r]!);
    reqs.blockSince[r] = this.now;
    pool.release(reqs.blocks[r]!);
    const group = reqs.group[r]!;
    for (let k = 0; k < reqs.prefixBlocks[r]!; k++)
      pool.releaseShared(pool.lookup(prefixHash(group, k)));
    reqs.blocks[r] = 0;
    reqs.prefixBlocks[r] = 0;
    return held;
  }
}
