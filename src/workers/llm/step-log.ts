// The steps of an LLM run between two frames, as columns for the page's step Gantt: each step's
// lane, start and end, prompt tokens it computed (prefill chunks and recomputation), requests that
// decoded one token, and requests preempted while forming it. An LlmTraceSink (the engine calls
// it as each step ends); `take` hands over what came since the last frame and starts afresh. At most
// MAX_STEPS a frame (very high speeds): the rest are counted as skipped, never buffered.

import type { StepBatch } from '../../engine/llm/step-batch.ts';
import type { LlmRequestRow, LlmTraceSink } from '../../engine/llm/trace-sink.ts';
import type { LlmStepColumns } from '../llm-protocol.ts';

export const MAX_STEPS = 8192;

export class StepLog implements LlmTraceSink {
  private cols = StepLog.empty(MAX_STEPS);
  private skipped = 0;

  private static empty(n: number): LlmStepColumns {
    return {
      count: 0,
      skipped: 0,
      lane: new Uint16Array(n),
      start: new Float64Array(n),
      end: new Float64Array(n),
      prefill: new Int32Array(n),
      decode: new Int32Array(n),
      preempted: new Uint16Array(n),
    };
  }

  request(_row: LlmRequestRow): void {}

  step(lane: number, start: number, end: number, batch: StepBatch): void {
    const c = this.cols;
    const i = c.count;
    if (i >= MAX_STEPS) {
      this.skipped++;
      return;
    }
    c.lane[i] = lane;
    c.start[i] = start;
    c.end[i] = end;
    c.prefill[i] = batch.prefillTokens;
    c.decode[i] = batch.decodeSeqs;
    c.preempted[i] = batch.preemptedCount;
    c.count = i + 1;
  }

  flush(): void {}

  /** The steps since the last call, trimmed to their count (the buffers go with the frame). */
  take(): LlmStepColumns {
    const c = this.cols;
    const n = c.count;
    const out: LlmStepColumns = {
      count: n,
      skipped: this.skipped,
      lane: c.lane.slice(0, n),
      start: c.start.slice(0, n),
      end: c.end.slice(0, n),
      prefill: c.prefill.slice(0, n),
      decode: c.decode.slice(0, n),
      preempted: c.preempted.slice(0, n),
    };
    c.count = 0;
    this.skipped = 0;
    return out;
  }
}

export function stepTransferables(s: LlmStepColumns): Transferable[] {
  return [s.lane, s.start, s.end, s.prefill, s.decode, s.preempted].map((a) => a.buffer);
}
