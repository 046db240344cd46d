// The last steps of the LLM run, kept for the step Gantt: a ring of typed-array columns fed by each
// frame's step log (never React state). A new run empties it.

import type { LlmStepColumns } from '../../src/workers/llm-protocol.ts';

export const STEP_RING_CAPACITY = 1 << 15;

export class StepRing {
  readonly lane = new Uint16Array(STEP_RING_CAPACITY);
  readonly start = new Float64Array(STEP_RING_CAPACITY);
  readonly end = new Float64Array(STEP_RING_CAPACITY);
  readonly prefill = new Int32Array(STEP_RING_CAPACITY);
  readonly decode = new Int32Array(STEP_RING_CAPACITY);
  readonly preempted = new Uint16Array(STEP_RING_CAPACITY);
  /** Steps ever pushed (the newest is at (total - 1) % capacity). */
  total = 0;
  skipped = 0;

  push(s: LlmStepColumns): void {
    this.skipped += s.skipped;
    for (let i = 0; i < s.count; i++) {
      const k = this.total++ % STEP_RING_CAPACITY;
      this.lane[k] = s.lane[i]!;
      this.start[k] = s.start[i]!;
      this.end[k] = s.end[i]!;
      this.prefill[k] = s.prefill[i]!;
      this.decode[k] = s.decode[i]!;
      this.preempted[k] = s.preempted[i]!;
    }
  }

  get size(): number {
    return Math.min(this.total, STEP_RING_CAPACITY);
  }

  /** Visit the kept steps newest first while `visit` returns true. */
  newestFirst(visit: (k: number) => boolean): void {
    for (let n = 0; n < this.size; n++) {
      if (!visit((this.total - 1 - n) % STEP_RING_CAPACITY)) return;
    }
  }

  clear(): void {
    this.total = 0;
    this.skipped = 0;
  }
}
