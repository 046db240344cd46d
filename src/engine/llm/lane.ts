// One LLM replica's state: its KV block pool, its running requests (in policy-key order), its
// waiting queue (a heap by policy key, as vLLM's request_queue.py keeps FCFS and priority queues),
// the batch of its current step and its step cost model. The step scheduler and the server work on
// these; nothing here decides anything.

import { SlotHeap } from '../queues.ts';
import { BlockPool } from './block-pool.ts';
import type { StepCostModel } from './cost-model.ts';
import { StepBatch } from './step-batch.ts';

/** What a lane serves: both phases, prompts only, or decodes only (disaggregated serving). */
export const ROLE_BOTH = 0;
export const ROLE_PREFILL = 1;
export const ROLE_DECODE = 2;
export const ROLE_NAMES = ['both', 'prefill', 'decode'] as const;

export class LlmLane {
  readonly pool: BlockPool;
  /** Running requests (job slots), ordered by (key, id): the tail is preempted first. */
  readonly running: Int32Array;
  runningCount = 0;
  readonly waiting = new SlotHeap();
  readonly batch: StepBatch;
  /** A step is in flight (its STEP_END is pending), its start, and the step counter (a stale
   * STEP_END, from before a failure, carries an older number). */
  busy = false;
  stepStart = 0;
  seq = 0;
  /** Blocks kept free when admitting while something runs (the watermark). */
  readonly watermarkBlocks: number;
  /** Busy time of finished steps, ms. */
  busyMs = 0;
  steps = 0;

  constructor(
    readonly index: number,
    blocks: number,
    prefixCaching: boolean,
    maxNumSeqs: number,
    watermark: number,
    readonly role: number,
    readonly cost: StepCostModel,
  ) {
    this.pool = new BlockPool(blocks, prefixCaching);
    this.running = new Int32Array(maxNumSeqs);
    this.batch = new StepBatch(maxNumSeqs);
    this.watermarkBlocks = Math.floor(watermark * blocks);
  }

  /** Requests waiting or running here. */
  get load(): number {
    return this.runningCount + this.waiting.size;
  }

  /** Insert a request into the running list at its place by (key, id). */
  insertRunning(req: number, key: Float64Array, id: Float64Array): void {
    const run = this.running;
    let i = this.runningCount++;
    const k = key[req]!;
    const d = id[req]!;
    while (i > 0) {
      const p = run[i - 1]!;
      const pk = key[p]!;
      if (pk < k || (pk === k && id[p]! < d)) break;
      run[i] = p;
      i--;
    }
    run[i] = req;
  }

  /** Remove the running request at position `i`, keeping the order. */
  removeRunningAt(i: number): void {
    const run = this.running;
    const n = --this.runningCount;
    for (let k = i; k < n; k++) run[k] = run[k + 1]!;
  }
}
