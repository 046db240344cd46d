// The Gantt chart's data: the most recent spans of the run in a ring of typed-array columns. Memory
// is fixed (CAPACITY spans, ~30 bytes each), whatever the run's length. Spans arrive in end-time
// order; the renderer walks them newest first and stops once it is left of the visible window.

import type { SpanColumns } from '../../src/workers/protocol.ts';

export const SPAN_RING_CAPACITY = 1 << 18;

export class SpanRing {
  readonly capacity: number;
  readonly lane: Uint16Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly jobId: Float64Array;
  readonly cls: Uint8Array;
  readonly model: Uint8Array;
  readonly batchSize: Uint16Array;
  readonly failed: Uint8Array;
  /** Spans ever pushed this run; the newest is at (total - 1) % capacity. */
  total = 0;
  /** Spans the worker left out at high speed. */
  skipped = 0;
  /** Longest span seen, ms: how far left of the window a visible span may start. */
  maxDuration = 0;

  constructor(capacity = SPAN_RING_CAPACITY) {
    this.capacity = capacity;
    this.lane = new Uint16Array(capacity);
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.jobId = new Float64Array(capacity);
    this.cls = new Uint8Array(capacity);
    this.model = new Uint8Array(capacity);
    this.batchSize = new Uint16Array(capacity);
    this.failed = new Uint8Array(capacity);
  }

  get size(): number {
    return Math.min(this.total, this.capacity);
  }

  clear(): void {
    this.total = 0;
    this.skipped = 0;
    this.maxDuration = 0;
  }

  push(cols: SpanColumns): void {
    this.skipped += cols.skipped;
    const cap = this.capacity;
    for (let i = 0; i < cols.count; i++) {
      const k = this.total++ % cap;
      this.lane[k] = cols.lane[i]!;
      const s = cols.start[i]!;
      const e = cols.end[i]!;
      this.start[k] = s;
      this.end[k] = e;
      if (e - s > this.maxDuration) this.maxDuration = e - s;
      this.jobId[k] = cols.jobId[i]!;
      this.cls[k] = cols.cls[i]!;
      this.model[k] = cols.model[i]!;
      this.batchSize[k] = cols.batchSize[i]!;
      this.failed[k] = cols.failed[i]!;
    }
  }

  /** Ring index of the n-th newest span (n = 0 is the newest). */
  indexFromNewest(n: number): number {
    return (this.total - 1 - n) % this.capacity;
  }
}
