// Batch formation: given a group of compatible queued jobs (same model and class), how many should
// start together now, or should the group wait for more? Two policies, both bounded in the delay
// they add, so a held group always has a time at which it becomes ready (the engine sets a timer):
//
// - `window`: start when the group holds `max_batch` jobs, or when its oldest job has waited
//   `window_ms`; then start up to `max_batch`.
// - `dynamic` (the dynamic batcher of production inference servers): start the largest preferred
//   size the group holds; when it holds none, wait until the oldest job has waited
//   `max_queue_delay_ms`, then start what there is (up to `max_batch`).
//
// Exempt interactive groups never wait: they start at once with whatever is queued. Waiting is
// measured from arrival, so under load (when jobs queue anyway) batches form with no added delay.

import type { BatchingConfig } from './config-sections.ts';
import { INTERACTIVE } from './job-table.ts';

export class BatchPolicy {
  readonly maxBatch: number;
  private readonly dynamic: boolean;
  private readonly delay: number;
  private readonly exempt: boolean;
  /** Preferred sizes, descending, each <= maxBatch. */
  private readonly preferred: number[];

  constructor(config: BatchingConfig) {
    this.maxBatch = config.enabled ? config.max_batch : 1;
    this.dynamic = config.mode === 'dynamic';
    this.delay = !config.enabled ? 0 : this.dynamic ? config.max_queue_delay_ms : config.window_ms;
    this.exempt = config.exempt_interactive;
    const pref = config.preferred_sizes.filter((s) => s <= this.maxBatch);
    this.preferred = [...new Set(pref.length > 0 ? pref : [this.maxBatch])].sort((a, b) => b - a);
  }

  /** True when batching can hold jobs back (so a timer may be needed). */
  get holds(): boolean {
    return this.maxBatch > 1;
  }

  /**
   * How many of a group's `n` queued jobs to start now (0: wait). `oldest` is the arrival time of
   * the group's oldest job.
   */
  size(n: number, oldest: number, cls: number, now: number): number {
    if (n <= 0) return 0;
    const max = this.maxBatch;
    if (max === 1) return 1;
    if (this.dynamic) {
      for (const p of this.preferred) if (n >= p) return p;
    } else if (n >= max) {
      return max;
    }
    if (now >= oldest + this.delay || (this.exempt && cls === INTERACTIVE))
      return n < max ? n : max;
    return 0;
  }

  /** When a held group becomes ready by waiting (computed exactly as `size` tests it). */
  readyAt(oldest: number): number {
    return oldest + this.delay;
  }
}
