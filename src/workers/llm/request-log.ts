// What each request did in the steps between two frames, for the step Gantt's request view (each
// request a row: waiting, prefill chunks, one tick per token, preempted gaps). An LlmTraceSink like
// step-log.ts: as each step ends it logs one event per row of the batch (a prompt chunk or a
// decode, spanning the step) and one per request preempted while the step was formed; `take` hands
// over what came since the last frame. At most MAX_EVENTS a frame (very high speeds): the rest are
// counted as skipped, never buffered.

import type { JobTable } from '../../engine/job-table.ts';
import type { StepBatch } from '../../engine/llm/step-batch.ts';
import type { LlmRequestRow, LlmTraceSink } from '../../engine/llm/trace-sink.ts';
import { REQ_DECODE, REQ_PREEMPTED, REQ_PREFILL, type LlmRequestEvents } from '../llm-protocol.ts';

export const MAX_EVENTS = 1 << 16;

export class RequestLog implements LlmTraceSink {
  private cols = RequestLog.empty(MAX_EVENTS);
  private skipped = 0;
  /** The engine's job table (ids and arrivals by slot); set once the engine exists. */
  jobs: Pick<JobTable, 'id' | 'arrival'> | undefined;

  private static empty(n: number): LlmRequestEvents {
    return {
      count: 0,
      skipped: 0,
      id: new Float64Array(n),
      arrival: new Float64Array(n),
      lane: new Uint16Array(n),
      start: new Float64Array(n),
      end: new Float64Array(n),
      kind: new Uint8Array(n),
    };
  }

  request(_row: LlmRequestRow): void {}

  step(lane: number, start: number, end: number, b: StepBatch): void {
    const jobs = this.jobs;
    if (jobs === undefined) return;
    for (let i = 0; i < b.preemptedCount; i++) {
      const slot = b.preempted[i]!;
      this.push(jobs.id[slot]!, jobs.arrival[slot]!, lane, start, start, REQ_PREEMPTED);
    }
    for (let i = 0; i < b.size; i++) {
      const slot = b.req[i]!;
      this.push(
        b.id[i]!,
        jobs.arrival[slot]!,
        lane,
        start,
        end,
        b.decode[i] ? REQ_DECODE : REQ_PREFILL,
      );
    }
  }

  flush(): void {}

  private push(
    id: number,
    arrival: number,
    lane: number,
    start: number,
    end: number,
    kind: number,
  ): void {
    const c = this.cols;
    const i = c.count;
    if (i >= MAX_EVENTS) {
      this.skipped++;
      return;
    }
    c.id[i] = id;
    c.arrival[i] = arrival;
    c.lane[i] = lane;
    c.start[i] = start;
    c.end[i] = end;
    c.kind[i] = kind;
    c.count = i + 1;
  }

  /** The events since the last call, trimmed to their count (the buffers go with the frame). */
  take(): LlmRequestEvents {
    const c = this.cols;
    const n = c.count;
    const out: LlmRequestEvents = {
      count: n,
      skipped: this.skipped,
      id: c.id.slice(0, n),
      arrival: c.arrival.slice(0, n),
      lane: c.lane.slice(0, n),
      start: c.start.slice(0, n),
      end: c.end.slice(0, n),
      kind: c.kind.slice(0, n),
    };
    c.count = 0;
    this.skipped = 0;
    return out;
  }
}

export function requestTransferables(e: LlmRequestEvents): Transferable[] {
  return [e.id, e.arrival, e.lane, e.start, e.end, e.kind].map((a) => a.buffer);
}

/** Several sinks as one (the page's step log and request log). */
export class TeeSink implements LlmTraceSink {
  constructor(private readonly sinks: readonly LlmTraceSink[]) {}
  request(row: LlmRequestRow): void {
    for (const s of this.sinks) s.request(row);
  }
  step(lane: number, start: number, end: number, b: StepBatch, blocksUsed: number): void {
    for (const s of this.sinks) s.step(lane, start, end, b, blocksUsed);
  }
  flush(): void {
    for (const s of this.sinks) s.flush();
  }
}
