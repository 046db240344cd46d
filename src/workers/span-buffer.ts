// Collects the Gantt spans the engine reports between two frames into typed-array columns, then hands
// them over as fresh arrays that the worker transfers to the page (zero copy). At very high speeds
// more spans end per frame than any chart can show; the buffer keeps the latest `cap` and counts the
// rest as skipped, so a frame message stays bounded.

import type { SpanSink } from '../engine/engine.ts';
import type { SpanColumns } from './protocol.ts';

export const DEFAULT_SPAN_CAP = 16_384;

export class SpanBuffer implements SpanSink {
  private lane: Uint16Array;
  private start: Float64Array;
  private end: Float64Array;
  private jobId: Float64Array;
  private cls: Uint8Array;
  private model: Uint8Array;
  private batchSize: Uint16Array;
  private failed: Uint8Array;
  /** Spans written so far this frame (may exceed `cap`: the ring keeps the newest). */
  private written = 0;

  constructor(private readonly cap = DEFAULT_SPAN_CAP) {
    this.lane = new Uint16Array(cap);
    this.start = new Float64Array(cap);
    this.end = new Float64Array(cap);
    this.jobId = new Float64Array(cap);
    this.cls = new Uint8Array(cap);
    this.model = new Uint8Array(cap);
    this.batchSize = new Uint16Array(cap);
    this.failed = new Uint8Array(cap);
  }

  span(
    lane: number,
    start: number,
    end: number,
    firstJobId: number,
    cls: number,
    model: number,
    batchSize: number,
    failed: boolean,
  ): void {
    const i = this.written++ % this.cap;
    this.lane[i] = lane;
    this.start[i] = start;
    this.end[i] = end;
    this.jobId[i] = firstJobId;
    this.cls[i] = cls;
    this.model[i] = model;
    this.batchSize[i] = Math.min(batchSize, 0xffff);
    this.failed[i] = failed ? 1 : 0;
  }

  get pending(): number {
    return this.written;
  }

  /** The spans since the last take, oldest first, in fresh arrays; the buffer starts empty again. */
  take(): SpanColumns {
    const n = Math.min(this.written, this.cap);
    const first = this.written > this.cap ? this.written % this.cap : 0;
    const order = <T extends Uint8Array | Uint16Array | Float64Array>(src: T, out: T): T => {
      if (first === 0) {
        out.set(src.subarray(0, n));
      } else {
        out.set(src.subarray(first, this.cap));
        out.set(src.subarray(0, first), this.cap - first);
      }
      return out;
    };
    const cols: SpanColumns = {
      count: n,
      lane: order(this.lane, new Uint16Array(n)),
      start: order(this.start, new Float64Array(n)),
      end: order(this.end, new Float64Array(n)),
      jobId: order(this.jobId, new Float64Array(n)),
      cls: order(this.cls, new Uint8Array(n)),
      model: order(this.model, new Uint8Array(n)),
      batchSize: order(this.batchSize, new Uint16Array(n)),
      failed: order(this.failed, new Uint8Array(n)),
      skipped: this.written - n,
    };
    this.written = 0;
    return cols;
  }
}

/** The buffers of a span batch, for a transfer list. */
export function spanTransferables(cols: SpanColumns): ArrayBuffer[] {
  return [
    cols.lane,
    cols.start,
    cols.end,
    cols.jobId,
    cols.cls,
    cols.model,
    cols.batchSize,
    cols.failed,
  ].map((a) => a.buffer as ArrayBuffer);
}
