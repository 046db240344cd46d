// The paired view's data on the page: the most recent sampled jobs whose latency both sides know, in
// a fixed ring of typed-array columns (the scatter draws them in any order).

import type { PairColumns } from '../../src/workers/protocol.ts';

/** Pairs kept: enough for a dense scatter, few enough to draw at 5 Hz. */
export const PAIR_RING_CAPACITY = 2000;

export class PairRing {
  readonly a = new Float64Array(PAIR_RING_CAPACITY);
  readonly b = new Float64Array(PAIR_RING_CAPACITY);
  readonly cls = new Uint8Array(PAIR_RING_CAPACITY);
  readonly jobId = new Float64Array(PAIR_RING_CAPACITY);
  /** Pairs ever pushed this run. */
  total = 0;

  get count(): number {
    return Math.min(this.total, PAIR_RING_CAPACITY);
  }

  clear(): void {
    this.total = 0;
  }

  push(p: PairColumns): void {
    for (let i = 0; i < p.count; i++) {
      const k = this.total++ % PAIR_RING_CAPACITY;
      this.a[k] = p.a[i]!;
      this.b[k] = p.b[i]!;
      this.cls[k] = p.cls[i]!;
      this.jobId[k] = p.jobId[i]!;
    }
  }
}
