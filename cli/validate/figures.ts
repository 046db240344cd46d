// The figures `npm run validate` reports: per case, class and metric, the simulation's prediction
// against the live runs' mean, the signed error, and the live runs' own spread across repeats; and
// the targets applied to them.
//
// Definitions (also in docs/validation.md):
// - measured: the mean over the live repeats of the metric (each repeat serves the same arrivals);
// - predicted: the mean over the simulation's replays (same arrivals, other service draws);
// - error_pct: (predicted - measured) / measured x 100; abs_error_pct its size;
// - live_spread_pct: the largest distance of one repeat's figure from the repeats' mean, as a % of
//   that mean: how much the live system disagrees with itself on the same arrivals;
// - drift_pct: the case's drift probes' mean against the calibration (+: the lanes ran slower);
// - drift_corrected_predicted_ms, drift_corrected_error_pct: the same replays with service times
//   scaled by the case's drift (src/profiler/drift.ts), and their error against the measured mean;
// - corrections: the same for four ways of correcting, by the probes alone or together, one figure
//   per case or one per repeat (each repeat predicted with the mean of the probes around it, the
//   repeats' predictions averaged as the measured repeats are, and each repeat's own error).

import {
  errorPct,
  latencyFigures,
  matchJobs,
  type LatencyFigures,
} from '../../src/workers/sim-check.ts';
import type { JobLog } from '../../src/workers/job-log.ts';
import type { CheckClass } from '../../src/workers/protocol.ts';
import { perRepeatCorrected, type DriftColumns } from '../../src/profiler/drift.ts';

export const CLASSES: readonly CheckClass[] = ['interactive', 'batch', 'all'];
export const METRICS = ['p50', 'p95', 'p99', 'mean', 'throughput'] as const;
export type Metric = (typeof METRICS)[number];

/** Per class (interactive, batch, all): figures of the live log and of the simulation's log. */
export function pairFigures(
  live: JobLog,
  sim: JobLog,
): { live: LatencyFigures[]; sim: LatencyFigures[] } {
  const m = matchJobs(live, sim);
  return {
    live: CLASSES.map((_, c) => latencyFigures(m.live[c]!, ...m.liveSpan[c]!)),
    sim: CLASSES.map((_, c) => latencyFigures(m.sim[c]!, ...m.simSpan[c]!)),
  };
}

/** How a prediction is corrected for drift: by the probes timing lanes alone or together, with one
 * figure for the whole case or one per repeat. `case_alone` is the row's drift_corrected_*. */
export const CORRECTIONS = [
  'case_alone',
  'case_together',
  'repeat_alone',
  'repeat_together',
] as const;
export type Correction = (typeof CORRECTIONS)[number];

/** A drift-corrected prediction of one row. */
export interface CorrectionFields {
  /** The drift each repeat was predicted with, percent (one figure repeated for a per-case one). */
  drift_pct: number[];
  /** The repeats' corrected predictions' mean (the measured side is the repeats' mean). */
  predicted_ms: number;
  error_pct: number;
  /** Each repeat's corrected prediction against that repeat's measurement, percent. */
  repeat_error_pct: number[];
}

/** A correction's input: per repeat, its drift and the simulation's figures per replay and class. */
export interface CorrectionInput {
  drift: readonly number[];
  predicted: readonly (readonly LatencyFigures[][])[];
}

/** A row; the drift fields are on the prediction's rows (not on the own-service-times rows). */
export interface Row extends Partial<DriftColumns> {
  load: string;
  load_pct: number;
  class: CheckClass;
  metric: Metric;
  unit: 'ms' | 'jobs/s';
  predicted_ms: number;
  measured_ms: number;
  error_pct: number;
  abs_error_pct: number;
  live_spread_pct: number;
  repeats: number;
  validated: boolean;
  drift_corrected_predicted_ms?: number;
  corrections?: Partial<Record<Correction, CorrectionFields>>;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Largest distance of a value from the values' mean, % of the mean. */
export function spreadPct(xs: readonly number[]): number {
  const m = mean(xs);
  if (!(m > 0)) return NaN;
  return (Math.max(...xs.map((x) => Math.abs(x - m))) / m) * 100;
}

const round = (v: number, d = 3): number => (Number.isFinite(v) ? Number(v.toFixed(d)) : v);

/** Rows of one case: `measured[r][c]` per live repeat r and class c, `predicted[k][c]` per replay. */
export function caseRows(
  load: string,
  loadShare: number,
  validated: boolean,
  measured: readonly LatencyFigures[][],
  predicted: readonly LatencyFigures[][],
  drift?: {
    driftPct: number;
    corrected: readonly LatencyFigures[][];
    corrections?: Partial<Record<Correction, CorrectionInput>>;
  },
): Row[] {
  const rows: Row[] = [];
  CLASSES.forEach((cls, c) => {
    for (const metric of METRICS) {
      const live = measured.map((r) => r[c]![metric]);
      const sim = predicted.map((r) => r[c]![metric]);
      const m = mean(live);
      const p = mean(sim);
      const e = errorPct(p, m);
      let driftFields: Partial<Row> = {};
      if (drift) {
        const pc = mean(drift.corrected.map((r) => r[c]![metric]));
        driftFields = {
          drift_pct: round(drift.driftPct, 2),
          drift_corrected_predicted_ms: round(pc),
          drift_corrected_error_pct: round(errorPct(pc, m), 2),
        };
        const corrections: Partial<Record<Correction, CorrectionFields>> = {};
        for (const k of CORRECTIONS) {
          const x = drift.corrections?.[k];
          if (!x) continue;
          const byRepeat = x.predicted.map((replays) => mean(replays.map((f) => f[c]![metric])));
          const pr = perRepeatCorrected(live, byRepeat);
          corrections[k] = {
            drift_pct: x.drift.map((d) => round(d, 2)),
            predicted_ms: round(pr.predicted),
            error_pct: round(pr.errorPct, 2),
            repeat_error_pct: pr.repeatErrorPct.map((e) => round(e, 2)),
          };
        }
        if (Object.keys(corrections).length > 0) driftFields.corrections = corrections;
      }
      rows.push({
        load,
        load_pct: round(loadShare * 100, 1),
        class: cls,
        metric,
        unit: metric === 'throughput' ? 'jobs/s' : 'ms',
        predicted_ms: round(p),
        measured_ms: round(m),
        error_pct: round(e, 2),
        abs_error_pct: round(Math.abs(e), 2),
        live_spread_pct: round(spreadPct(live), 2),
        repeats: live.length,
        validated,
        ...driftFields,
      });
    }
  });
  return rows;
}

/** One of the targets, applied to a row. */
export interface TargetCheck {
  load: string;
  class: CheckClass;
  metric: Metric;
  /** The bound on |error|, %. */
  limit: number;
  /** Whether a larger live spread excuses a larger error (the 85 % rule). */
  orSpread: boolean;
  abs_error_pct: number;
  live_spread_pct: number;
  met: boolean;
}

/**
 * The targets: up to 70 % load, p50 within 10 % and p99 within 20 %; at 85 %, p99 within
 * 25 % or within the live run-to-run spread where that is larger. Poisson cases only (the bursty
 * case is reported); above 90 % nothing is validated.
 */
export function targetChecks(rows: readonly Row[], bursty: ReadonlySet<string>): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const r of rows) {
    if (!r.validated || bursty.has(r.load)) continue;
    const share = r.load_pct / 100;
    let limit: number | undefined;
    let orSpread = false;
    if (share <= 0.705) {
      if (r.metric === 'p50') limit = 10;
      if (r.metric === 'p99') limit = 20;
    } else if (share <= 0.9 && r.metric === 'p99') {
      limit = 25;
      orSpread = true;
    }
    if (limit === undefined) continue;
    const bound = orSpread ? Math.max(limit, r.live_spread_pct) : limit;
    out.push({
      load: r.load,
      class: r.class,
      metric: r.metric,
      limit,
      orSpread,
      abs_error_pct: r.abs_error_pct,
      live_spread_pct: r.live_spread_pct,
      met: r.abs_error_pct <= bound,
    });
  }
  return out;
}

/** The rows as a drift-corrected prediction gives them (rows without it are dropped), for
 * `targetChecks`: targets met before and after the correction. Without `kind`, the row's own
 * drift_corrected_* (the per-case correction by the alone probes). */
export function driftCorrectedRows(rows: readonly Row[], kind?: Correction): Row[] {
  return rows.flatMap((r) => {
    const c = kind
      ? r.corrections?.[kind]
      : r.drift_corrected_predicted_ms === undefined || r.drift_corrected_error_pct === undefined
        ? undefined
        : { predicted_ms: r.drift_corrected_predicted_ms, error_pct: r.drift_corrected_error_pct };
    if (!c) return [];
    return [
      {
        ...r,
        predicted_ms: c.predicted_ms,
        error_pct: c.error_pct,
        abs_error_pct: round(Math.abs(c.error_pct), 2),
      },
    ];
  });
}

/** Per model: mean session.run of a live run's runs in the lane, ms, their count, and the first 10
 * runs' mean over the rest's (a lane still warming up reads above 1). */
export function laneStats(
  runs: readonly { model: number; laneMs: number }[],
  models: readonly string[],
): Partial<Record<string, { mean: number; runs: number; firstTenRatio: number }>> {
  const out: Partial<Record<string, { mean: number; runs: number; firstTenRatio: number }>> = {};
  models.forEach((name, m) => {
    const ms = runs.filter((r) => r.model === m).map((r) => r.laneMs);
    if (ms.length === 0) return;
    const first = ms.slice(0, 10);
    const rest = ms.slice(10);
    out[name] = {
      mean: Number(mean(ms).toFixed(4)),
      runs: ms.length,
      firstTenRatio: rest.length > 0 ? Number((mean(first) / mean(rest)).toFixed(3)) : NaN,
    };
  });
  return out;
}
