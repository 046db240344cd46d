// Run metrics with memory bounded by the number of classes and seconds, never by the number of jobs.
// Percentiles come from DDSketch (@datadog/sketches-js) with 1% relative accuracy: every reported
// quantile q̂ satisfies |q̂ - q| <= 0.01 q for the true value q of the same rank. Per-class sketches
// are merged for the overall figures, so each job costs three sketch inserts.

import { DDSketch } from '@datadog/sketches-js';

export const SKETCH_RELATIVE_ACCURACY = 0.01;

function sketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
}

/** Percentiles of one quantity, in ms. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export interface ClassSummary {
  /** Completed jobs. */
  count: number;
  latency: Percentiles;
  wait: Percentiles;
  service: Percentiles;
  /** Share of ended jobs (completed, rejected, dropped) that did not meet their SLO. */
  slo_violation_rate: number;
  throughput_per_s: number;
  /** Completed jobs that met their SLO, per second. */
  goodput_per_s: number;
  rejected: number;
  dropped: number;
}

/** Per simulated second, for timelines. Index = second. */
export interface TimeSeries {
  arrived: number[];
  completed: number[];
  /** Completed within SLO. */
  good: number[];
  /** Ended without meeting the SLO (late, rejected or dropped). */
  violated: number[];
  /** Queue depth at the end of the second (or at the last event in it). */
  queue: number[];
  /** Autoscaling only: the pool's lanes not parked (provisioned) at the end of the second. */
  lanes?: number[];
  /** Autoscaling only: the pool's lanes ready (serving, cold start over) at the end of the second. */
  ready?: number[];
}

class ClassStats {
  readonly latency = sketch();
  readonly wait = sketch();
  readonly service = sketch();
  latencySum = 0;
  waitSum = 0;
  serviceSum = 0;
  latencyMax = 0;
  waitMax = 0;
  serviceMax = 0;
  completed = 0;
  good = 0;
  rejected = 0;
  dropped = 0;
}

/** Sketches refuse zero and negatives; a zero wait is recorded as this (far below 1 µs). */
const TINY = 1e-9;

function percentiles(s: DDSketch, sum: number, n: number, max: number): Percentiles {
  if (n === 0) return { p50: 0, p95: 0, p99: 0, mean: 0, max: 0 };
  const q = (p: number): number => {
    const v = s.getValueAtQuantile(p);
    return v <= TINY * 2 ? 0 : Math.min(v, max);
  };
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), mean: sum / n, max };
}

export class Metrics {
  private readonly classes = [new ClassStats(), new ClassStats()];
  readonly series: TimeSeries = { arrived: [], completed: [], good: [], violated: [], queue: [] };

  private bump(arr: number[], t: number): void {
    const s = Math.floor(t / 1000);
    while (arr.length <= s) arr.push(0);
    arr[s]!++;
  }

  arrived(t: number): void {
    this.bump(this.series.arrived, t);
  }

  completed(cls: number, arrival: number, start: number, end: number, slo: number): void {
    const c = this.classes[cls]!;
    const latency = end - arrival;
    const wait = start - arrival;
    const service = end - start;
    c.latency.accept(latency > TINY ? latency : TINY);
    c.wait.accept(wait > TINY ? wait : TINY);
    c.service.accept(service > TINY ? service : TINY);
    c.latencySum += latency;
    c.waitSum += wait;
    c.serviceSum += service;
    if (latency > c.latencyMax) c.latencyMax = latency;
    if (wait > c.waitMax) c.waitMax = wait;
    if (service > c.serviceMax) c.serviceMax = service;
    c.completed++;
    this.bump(this.series.completed, end);
    if (latency <= slo) {
      c.good++;
      this.bump(this.series.good, end);
    } else {
      this.bump(this.series.violated, end);
    }
  }

  rejected(cls: number, t: number): void {
    this.classes[cls]!.rejected++;
    this.bump(this.series.violated, t);
  }

  dropped(cls: number, t: number): void {
    this.classes[cls]!.dropped++;
    this.bump(this.series.violated, t);
  }

  /** Record the queue depth seen at time t (the last sample in a second wins). */
  queueDepth(t: number, depth: number): void {
    const s = Math.floor(t / 1000);
    const q = this.series.queue;
    while (q.length < s) q.push(q.length > 0 ? q[q.length - 1]! : 0);
    q[s] = depth;
  }

  /** Latency quantile (ms) of a class, or of all classes with cls = -1. */
  latencyQuantile(cls: number, q: number): number {
    return this.quantiles('latency', cls, [q])[0]!;
  }

  /** Mean latency (ms) of a class's completed jobs, or of all classes with cls = -1; 0 when none. */
  latencyMean(cls: number): number {
    const cs = cls >= 0 ? [this.classes[cls]!] : this.classes;
    let sum = 0;
    let n = 0;
    for (const c of cs) {
      sum += c.latencySum;
      n += c.completed;
    }
    return n > 0 ? sum / n : 0;
  }

  /**
   * Quantiles (ms) of latency, wait or service time for a class, or all classes with cls = -1;
   * zeros when nothing completed. One merge for many quantiles, for CDF plots.
   */
  quantiles(which: 'latency' | 'wait' | 'service', cls: number, qs: readonly number[]): number[] {
    const s = this.sketch(which, cls);
    if (s.count === 0) return qs.map(() => 0);
    return qs.map((q) => {
      const v = s.getValueAtQuantile(q);
      return v <= TINY * 2 ? 0 : v;
    });
  }

  /**
   * The sketch of latency, wait or service time for a class, or all classes merged (cls = -1), to be
   * serialised and merged with other runs' (a sweep's percentiles across seeds). Zero waits are
   * recorded as 1e-9 ms. Do not change it.
   */
  sketch(which: 'latency' | 'wait' | 'service', cls: number): DDSketch {
    return cls >= 0 ? this.classes[cls]![which] : this.merged(which);
  }

  private merged(which: 'latency' | 'wait' | 'service'): DDSketch {
    const out = sketch();
    for (const c of this.classes) out.merge(c[which]);
    return out;
  }

  classSummary(cls: number, seconds: number): ClassSummary {
    return this.summarize(this.classes[cls]!, seconds);
  }

  overallSummary(seconds: number): ClassSummary {
    const [a, b] = this.classes as [ClassStats, ClassStats];
    return this.summarize(
      {
        latency: this.merged('latency'),
        wait: this.merged('wait'),
        service: this.merged('service'),
        latencySum: a.latencySum + b.latencySum,
        waitSum: a.waitSum + b.waitSum,
        serviceSum: a.serviceSum + b.serviceSum,
        latencyMax: Math.max(a.latencyMax, b.latencyMax),
        waitMax: Math.max(a.waitMax, b.waitMax),
        serviceMax: Math.max(a.serviceMax, b.serviceMax),
        completed: a.completed + b.completed,
        good: a.good + b.good,
        rejected: a.rejected + b.rejected,
        dropped: a.dropped + b.dropped,
      },
      seconds,
    );
  }

  private summarize(c: ClassStatsLike, seconds: number): ClassSummary {
    const ended = c.completed + c.rejected + c.dropped;
    const per = seconds > 0 ? 1 / seconds : 0;
    return {
      count: c.completed,
      latency: percentiles(c.latency, c.latencySum, c.completed, c.latencyMax),
      wait: percentiles(c.wait, c.waitSum, c.completed, c.waitMax),
      service: percentiles(c.service, c.serviceSum, c.completed, c.serviceMax),
      slo_violation_rate: ended === 0 ? 0 : (ended - c.good) / ended,
      throughput_per_s: c.completed * per,
      goodput_per_s: c.good * per,
      rejected: c.rejected,
      dropped: c.dropped,
    };
  }

  /** Mean wait of batch jobs over mean wait of interactive jobs (null when undefined). */
  fairness(): number | null {
    const [i, b] = this.classes as [ClassStats, ClassStats];
    if (i.completed === 0 || b.completed === 0) return null;
    const wi = i.waitSum / i.completed;
    const wb = b.waitSum / b.completed;
    return wi > 0 ? wb / wi : null;
  }
}

/** The fields a summary reads: one class's stats, or all classes' merged. */
type ClassStatsLike = {
  latency: DDSketch;
  wait: DDSketch;
  service: DDSketch;
  latencySum: number;
  waitSum: number;
  serviceSum: number;
  latencyMax: number;
  waitMax: number;
  serviceMax: number;
  completed: number;
  good: number;
  rejected: number;
  dropped: number;
};
