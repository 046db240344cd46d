// The load tester's figures from its columns (one entry per request sent, by job id): counts, the
// success rate, throughput and goodput, latency percentiles from the intended and from the actual
// send time, and the per-second table. The simulated and the live load test (src/engine/loadtest.ts,
// src/workers/loadtest-live.ts) both report through here.

import type { Ledger } from './engine-types.ts';

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

/** One second of the test, by the second requests were due in. */
export interface SecondRow {
  second: number;
  sent: number;
  succeeded: number;
  failed: number;
  p99_intended_ms: number;
  p99_actual_ms: number;
}

export interface LoadReport {
  mode: 'open' | 'closed';
  sent: number;
  succeeded: number;
  /** Rejected on arrival, dropped from the queue, or never answered (`unanswered`). */
  failed: number;
  /** Sent but never answered: the service stopped for good (every lane down) or hit a limit. */
  unanswered: number;
  /** Due but never sent: waiting for a connection when the service stopped answering. */
  unsent: number;
  success_rate: number;
  /** "450/500 successful requests (90.0 %)", as the source design's load tester prints it. */
  headline: string;
  /** Succeeded per second of the test (first due time to last answer). */
  throughput_per_s: number;
  /** Succeeded within their SLO, per second, latency measured from the intended send time. */
  goodput_per_s: number;
  /** Share of succeeded requests within their SLO (intended latency). */
  slo_attainment: number;
  duration_s: number;
  latency_ms: { intended: Percentiles; actual: Percentiles };
  /** Most requests outstanding at once (sent, not yet answered). */
  max_in_flight: number;
  /** Requests due but not yet sent at once, at most (open loop with `connections`). */
  max_backlog: number;
  ledger: Ledger;
  per_second: SecondRow[];
}

/** A growable column of numbers. */
export class Column {
  data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** A request's outcome in the `outcome` column. */
export const NOT_ENDED = 0;
export const SUCCEEDED = 1;
export const FAILED = 2;

/** Each request sent, by job id: when it was due, sent and answered (ms on the engine's clock; NaN
 * when never answered) and its outcome (NOT_ENDED, SUCCEEDED, FAILED). */
export interface RequestColumns {
  intended: Float64Array;
  actual: Float64Array;
  end: Float64Array;
  outcome: Float64Array;
}

export interface Columns {
  intended: Float64Array;
  actual: Float64Array;
  end: Float64Array;
  slo: Float64Array;
  outcome: Float64Array;
  maxInFlight: number;
  maxBacklog: number;
  unsent: number;
}

/** Exact percentiles of `xs` (sorted in place): the nearest-rank value. */
export function percentiles(xs: Float64Array): Percentiles {
  const n = xs.length;
  if (n === 0) return { p50: 0, p90: 0, p99: 0, mean: 0, max: 0 };
  xs.sort();
  const at = (q: number) => xs[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i]!;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: sum / n, max: xs[n - 1]! };
}

export function buildReport(mode: LoadReport['mode'], ledger: Ledger, c: Columns): LoadReport {
  const n = c.intended.length;
  let ok = 0;
  let good = 0;
  let unanswered = 0;
  for (let i = 0; i < n; i++) {
    if (c.outcome[i] === NOT_ENDED) unanswered++;
    if (c.outcome[i] !== SUCCEEDED) continue;
    ok++;
    if (c.end[i]! - c.intended[i]! <= c.slo[i]!) good++;
  }
  const li = new Float64Array(ok);
  const la = new Float64Array(ok);
  let k = 0;
  let first = Infinity;
  let last = 0;
  for (let i = 0; i < n; i++) {
    first = Math.min(first, c.intended[i]!);
    if (c.outcome[i] !== NOT_ENDED) last = Math.max(last, c.end[i]!);
    if (c.outcome[i] !== SUCCEEDED) continue;
    li[k] = c.end[i]! - c.intended[i]!;
    la[k++] = c.end[i]! - c.actual[i]!;
  }
  const span = n > 0 ? (last - first) / 1000 : 0;
  const failed = n - ok;
  const rate = n > 0 ? ok / n : 0;
  return {
    mode,
    sent: n,
    succeeded: ok,
    failed,
    unanswered,
    unsent: c.unsent,
    success_rate: rate,
    headline: `${ok}/${n} successful requests (${(100 * rate).toFixed(1)} %)`,
    throughput_per_s: span > 0 ? ok / span : 0,
    goodput_per_s: span > 0 ? good / span : 0,
    slo_attainment: ok > 0 ? good / ok : 0,
    duration_s: span,
    per_second: perSecond(c),
    latency_ms: { intended: percentiles(li), actual: percentiles(la) },
    max_in_flight: c.maxInFlight,
    max_backlog: c.maxBacklog,
    ledger,
  };
}

/** Per second the requests were due in: counts, and p99 latency both ways. */
function perSecond(c: Columns): SecondRow[] {
  const n = c.intended.length;
  const seconds = n > 0 ? Math.floor(c.intended[n - 1]! / 1000) + 1 : 0;
  // Requests are due in time order: each second is one contiguous range of ids.
  const rows: SecondRow[] = [];
  let i = 0;
  for (let s = 0; s < seconds; s++) {
    const from = i;
    while (i < n && c.intended[i]! < (s + 1) * 1000) i++;
    const li: number[] = [];
    const la: number[] = [];
    let failed = 0;
    for (let j = from; j < i; j++) {
      if (c.outcome[j] !== SUCCEEDED) failed++;
      else {
        li.push(c.end[j]! - c.intended[j]!);
        la.push(c.end[j]! - c.actual[j]!);
      }
    }
    rows.push({
      second: s,
      sent: i - from,
      succeeded: li.length,
      failed,
      p99_intended_ms: percentiles(Float64Array.from(li)).p99,
      p99_actual_ms: percentiles(Float64Array.from(la)).p99,
    });
  }
  return rows;
}
