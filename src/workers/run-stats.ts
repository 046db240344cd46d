// Run statistics the page draws but the engine does not keep: log-binned latency and wait histograms
// per class (for the CDF and the wait histogram) and a sliding window of the last few simulated
// seconds (for live percentiles that react when the rate or the scheduler changes, which whole-run
// percentiles do only slowly). It is a TraceSink, so it sees every job that ends.
//
// Bins: BINS_PER_DECADE log bins per decade from MIN_MS to MAX_MS. With 32 per decade a bin is
// 10^(1/32) = 7.5 % wide, so a quantile read at a bin's geometric centre is within ±3.7 %.

import type { Outcome, TraceSink } from '../engine/trace-writer.ts';
import type { ClassPercentiles, Histograms } from './protocol.ts';

export const MIN_MS = 1e-2;
export const MAX_MS = 1e6;
export const BINS_PER_DECADE = 32;
export const BINS = Math.round(Math.log10(MAX_MS / MIN_MS) * BINS_PER_DECADE);

const LOG_MIN = Math.log10(MIN_MS);

/** Bin index of a value in ms (clamped to the first and last bin). */
export function binOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  const b = Math.floor((Math.log10(ms) - LOG_MIN) * BINS_PER_DECADE);
  return b >= BINS ? BINS - 1 : b;
}

export const BIN_EDGES = Float64Array.from({ length: BINS + 1 }, (_, b) =>
  Math.pow(10, LOG_MIN + b / BINS_PER_DECADE),
);

/** Quantile q of a histogram slice `counts[offset .. offset + BINS)`, at the bin's geometric centre;
 * NaN when the slice is empty (no job: no latency, which is not a latency of 0). */
export function histogramQuantile(counts: ArrayLike<number>, offset: number, q: number): number {
  let total = 0;
  for (let b = 0; b < BINS; b++) total += counts[offset + b]!;
  if (total === 0) return NaN;
  const rank = q * total;
  let acc = 0;
  for (let b = 0; b < BINS; b++) {
    acc += counts[offset + b]!;
    if (acc >= rank && acc > 0) return Math.sqrt(BIN_EDGES[b]! * BIN_EDGES[b + 1]!);
  }
  return BIN_EDGES[BINS]!;
}

export class RunStats implements TraceSink {
  /** Since the run began: counts[cls * BINS + bin]. */
  private readonly latency = new Float64Array(2 * BINS);
  private readonly wait = new Float64Array(2 * BINS);
  /** Ring of per-second latency histograms for the recent window: slot = second % ring. */
  private readonly ring: Float64Array;
  private readonly ringSecond: Int32Array;
  /** Per ring slot and class: [completed, ended, violated]. */
  private readonly ringCounts: Float64Array;
  private readonly ringSize: number;
  /** Since the run began, per class: ended, completed, completed within the SLO. */
  private readonly ended: [number, number] = [0, 0];
  private readonly completed: [number, number] = [0, 0];
  private readonly good: [number, number] = [0, 0];
  /** Latency counts of the jobs that ended since the last scheduler switch (the current segment),
   * and of the segment before it: a switch's before and after, never mixed. */
  private segment = new Float64Array(2 * BINS);
  private previous: Float64Array | undefined;

  constructor(private readonly windowS: number) {
    this.ringSize = windowS + 1;
    this.ring = new Float64Array(this.ringSize * 2 * BINS);
    this.ringSecond = new Int32Array(this.ringSize).fill(-1);
    this.ringCounts = new Float64Array(this.ringSize * 2 * 3);
  }

  job(
    _id: number,
    cls: number,
    _model: number,
    _lane: number,
    arrival: number,
    start: number,
    end: number,
    slo: number,
    outcome: Outcome,
  ): void {
    const slot = this.slotFor(Math.floor(end / 1000));
    const c = slot * 6 + cls * 3;
    this.ringCounts[c + 1]!++;
    this.ended[cls]!++;
    if (outcome !== 'completed') {
      this.ringCounts[c + 2]!++;
      return;
    }
    const e2e = end - arrival;
    const lb = binOf(e2e);
    this.latency[cls * BINS + lb]!++;
    this.segment[cls * BINS + lb]!++;
    this.wait[cls * BINS + binOf(start - arrival)]!++;
    this.ring[(slot * 2 + cls) * BINS + lb]!++;
    this.ringCounts[c]!++;
    this.completed[cls]!++;
    if (e2e > slo) this.ringCounts[c + 2]!++;
    else this.good[cls]!++;
  }

  flush(): void {}

  private slotFor(second: number): number {
    const slot = second % this.ringSize;
    if (this.ringSecond[slot] !== second) {
      this.ringSecond[slot] = second;
      this.ring.fill(0, slot * 2 * BINS, (slot + 1) * 2 * BINS);
      this.ringCounts.fill(0, slot * 6, slot * 6 + 6);
    }
    return slot;
  }

  /** Slots whose second lies in (nowSecond - windowS, nowSecond]. */
  private windowSlots(nowMs: number): number[] {
    const now = Math.floor(nowMs / 1000);
    const out: number[] = [];
    for (let s = 0; s < this.ringSize; s++) {
      const sec = this.ringSecond[s]!;
      if (sec >= 0 && sec > now - this.windowS && sec <= now) out.push(s);
    }
    return out;
  }

  /** Percentiles per class over the recent window. */
  recent(nowMs: number): [ClassPercentiles, ClassPercentiles] {
    const slots = this.windowSlots(nowMs);
    const sum = new Float64Array(2 * BINS);
    for (const s of slots) {
      const base = s * 2 * BINS;
      for (let i = 0; i < 2 * BINS; i++) sum[i]! += this.ring[base + i]!;
    }
    const pct = (cls: number): ClassPercentiles => ({
      p50: histogramQuantile(sum, cls * BINS, 0.5),
      p95: histogramQuantile(sum, cls * BINS, 0.95),
      p99: histogramQuantile(sum, cls * BINS, 0.99),
    });
    return [pct(0), pct(1)];
  }

  /** Completions per second and per-class violation rates over the recent window. */
  recentRates(nowMs: number): { throughput: number; violation: [number, number] } {
    const slots = this.windowSlots(nowMs);
    let completed = 0;
    const ended = [0, 0];
    const violated = [0, 0];
    for (const s of slots) {
      for (let cls = 0; cls < 2; cls++) {
        const c = s * 6 + cls * 3;
        completed += this.ringCounts[c]!;
        ended[cls]! += this.ringCounts[c + 1]!;
        violated[cls]! += this.ringCounts[c + 2]!;
      }
    }
    // The window spans windowS - 1 whole seconds plus the part of the current one that has elapsed.
    const span = Math.min(this.windowS - 1 + (nowMs % 1000) / 1000, nowMs / 1000);
    return {
      throughput: span > 0 ? completed / span : 0,
      violation: [
        ended[0]! > 0 ? violated[0]! / ended[0]! : 0,
        ended[1]! > 0 ? violated[1]! / ended[1]! : 0,
      ],
    };
  }

  /** Outcome counts per class since the run began (fresh arrays). */
  outcomes(): { ended: [number, number]; completed: [number, number]; good: [number, number] } {
    return {
      ended: [this.ended[0], this.ended[1]],
      completed: [this.completed[0], this.completed[1]],
      good: [this.good[0], this.good[1]],
    };
  }

  /** A scheduler switch now: the jobs that ended so far are "before" it, from here on "after". */
  markSwitch(): void {
    this.previous = this.segment;
    this.segment = new Float64Array(2 * BINS);
  }

  /** Since the last switch and before it (latency counts per class, fresh arrays, and their
   * percentiles); undefined before the first switch of the run. */
  switchSegments():
    | {
        before: Float64Array;
        after: Float64Array;
        percentiles: {
          before: [ClassPercentiles, ClassPercentiles];
          after: [ClassPercentiles, ClassPercentiles];
        };
      }
    | undefined {
    if (!this.previous) return undefined;
    const pct = (h: Float64Array, cls: number): ClassPercentiles => ({
      p50: histogramQuantile(h, cls * BINS, 0.5),
      p95: histogramQuantile(h, cls * BINS, 0.95),
      p99: histogramQuantile(h, cls * BINS, 0.99),
    });
    const before = this.previous;
    const after = this.segment;
    return {
      before: before.slice(),
      after: after.slice(),
      percentiles: {
        before: [pct(before, 0), pct(before, 1)],
        after: [pct(after, 0), pct(after, 1)],
      },
    };
  }

  /** A snapshot of the whole-run histograms, in fresh arrays. */
  histograms(): Histograms {
    return {
      bins: BINS,
      edges: BIN_EDGES.slice(),
      latency: this.latency.slice(),
      wait: this.wait.slice(),
    };
  }
}
