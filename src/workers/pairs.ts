// The paired view's data: for a sample of jobs, the latency the same job got on side A and on side
// B. Compare mode runs both sides on the same arrivals (common random numbers), so job id k is the
// same request on both sides, with the same class, model and service demand; only what the
// schedulers did with it differs.
//
// Sampling is by job id (a multiplicative hash, so no arrival pattern aliases with it), identical on
// both sides, so a sampled job is sampled on both. A job's outcome is held until the other side
// reports the same job, then the pair is emitted. A side can fall far behind on a job (a long queue)
// or never finish it (rejected there, or the run reset), so each side's waiting list is bounded:
// past MAX_PENDING the oldest entries are forgotten.

import type { TraceSink } from '../engine/trace-writer.ts';
import type { PairColumns } from './protocol.ts';

/** One job in SAMPLE_EVERY, on average. At 5,000 jobs/s that is ~300 pairs a second. */
export const SAMPLE_EVERY = 16;
const THRESHOLD = Math.floor(2 ** 32 / SAMPLE_EVERY);
/** Jobs one side has ended that the other has not yet, at most (per side). */
export const MAX_PENDING = 8192;
/** Pairs per frame, at most (the page keeps a bounded ring anyway). */
const MAX_PAIRS_PER_FRAME = 4096;

/** Whether job `id` is in the paired sample (the same answer on both sides). */
export function sampled(id: number): boolean {
  return Math.imul(id, 0x9e3779b1) >>> 0 < THRESHOLD;
}

/** A job's class and latency (ms; -1 when it was rejected or dropped). */
interface Pending {
  cls: number;
  latency: number;
}

export class PairTracker {
  private readonly pending: [Map<number, Pending>, Map<number, Pending>] = [new Map(), new Map()];
  private count = 0;
  private jobId = new Float64Array(256);
  private cls = new Uint8Array(256);
  private a = new Float64Array(256);
  private b = new Float64Array(256);

  /** A trace sink for side 0 (A) or 1 (B) that feeds the tracker, then `next`. */
  sink(side: 0 | 1, next: TraceSink): TraceSink {
    const own = this.pending[side];
    const other = this.pending[1 - side]!;
    return {
      job: (id, cls, model, lane, arrival, start, end, slo, outcome, attempts, batchId, size) => {
        next.job(id, cls, model, lane, arrival, start, end, slo, outcome, attempts, batchId, size);
        if (!sampled(id)) return;
        const latency = outcome === 'completed' ? end - arrival : -1;
        const match = other.get(id);
        if (match === undefined) {
          own.set(id, { cls, latency });
          if (own.size > MAX_PENDING) own.delete(own.keys().next().value!);
          return;
        }
        other.delete(id);
        if (side === 0) this.emit(id, cls, latency, match.latency);
        else this.emit(id, cls, match.latency, latency);
      },
      flush: () => next.flush(),
    };
  }

  private emit(id: number, cls: number, a: number, b: number): void {
    if (this.count >= MAX_PAIRS_PER_FRAME) return;
    if (this.count === this.jobId.length) {
      const grow = <T extends Float64Array | Uint8Array>(src: T, out: T): T => {
        out.set(src);
        return out;
      };
      const n = this.count * 2;
      this.jobId = grow(this.jobId, new Float64Array(n));
      this.cls = grow(this.cls, new Uint8Array(n));
      this.a = grow(this.a, new Float64Array(n));
      this.b = grow(this.b, new Float64Array(n));
    }
    const k = this.count++;
    this.jobId[k] = id;
    this.cls[k] = cls;
    this.a[k] = a;
    this.b[k] = b;
  }

  /** Jobs waiting for the other side, per side (tests: the bound holds). */
  get waiting(): [number, number] {
    return [this.pending[0].size, this.pending[1].size];
  }

  /** The pairs since the last take, in fresh arrays (transferred to the page). */
  take(): PairColumns {
    const n = this.count;
    this.count = 0;
    return {
      count: n,
      jobId: this.jobId.slice(0, n),
      cls: this.cls.slice(0, n),
      a: this.a.slice(0, n),
      b: this.b.slice(0, n),
    };
  }
}

/** The buffers of a pair batch, for a transfer list. */
export function pairTransferables(p: PairColumns): ArrayBuffer[] {
  return [p.jobId, p.cls, p.a, p.b].map((x) => x.buffer as ArrayBuffer);
}
