// Is the simulation right about the live run? Replays a live run's arrivals in the simulator with a
// calibrated service model and compares the two latency distributions over the same jobs.
//
// Same arrivals: a live run draws its arrival times, classes and models from the seed's streams on
// the engine's clock exactly as a simulated run does (real inference only decides when runs end),
// and control changes are logged with the engine time they applied at. So the simulator, given the
// same config (service model aside), the same control log and the same number of arrivals, makes
// the very same jobs; `sameArrivals` checks it job by job rather than trusting it.
//
// Same jobs compared: a job counts when it completed in both runs (a live run checked while work
// is still queued has fewer completions; those jobs are left out of both sides).

import { Engine } from '../engine/engine.ts';
import type { Config, ServiceConfig } from '../engine/config.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import { JobLog } from './job-log.ts';
import { scaledService, type LaneCalibration } from '../profiler/lane-calibration.ts';
import type { CheckClass, CheckClassResult, CheckMetric, SimCheckResult } from './protocol.ts';
import { applyControl, type Control } from './control-log.ts';

/** Percentile levels the check reports (and validate's table). */
export const CHECK_LEVELS = [0.5, 0.9, 0.95, 0.99] as const;

const CURVE_POINTS = 200;

/** The simulation's replay of a run's arrivals: `arrived` jobs with `service`, to the end.
 * `serviceSeed` draws other service times for the same arrivals. */
export function replayArrivals(
  config: Config,
  controls: readonly Control[],
  arrived: number,
  service: ServiceConfig,
  options: { scheduler?: SchedulerFactory | undefined; serviceSeed?: number } = {},
): JobLog {
  const log = new JobLog(Math.max(1, arrived));
  if (arrived === 0) return log;
  const simConfig: Config = { ...config, service, jobs: arrived };
  delete simConfig.duration_s;
  const engine = new Engine(simConfig, {
    trace: log,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.serviceSeed !== undefined ? { serviceSeed: options.serviceSeed } : {}),
  });
  for (const c of controls) {
    engine.advanceTo(c.t);
    applyControl(engine, c);
  }
  engine.runToEnd();
  return log;
}

/** Jobs whose arrival time, class or model differ between two logs (by id), and (unless
 * `commonOnly`) the ids only one of them has; an empty list when both saw the same arrivals. At
 * most `limit` are listed. */
export function arrivalDifferences(a: JobLog, b: JobLog, limit = 10, commonOnly = false): string[] {
  const ia = a.indexById();
  const ib = b.indexById();
  const out: string[] = [];
  const n = Math.max(ia.length, ib.length);
  for (let id = 0; id < n && out.length < limit; id++) {
    const i = ia[id] ?? -1;
    const j = ib[id] ?? -1;
    if (i < 0 && j < 0) continue;
    if (i < 0 || j < 0) {
      if (commonOnly) continue;
      out.push(`job ${id}: only in the ${i < 0 ? 'second' : 'first'} run`);
      continue;
    }
    if (a.arrival[i] !== b.arrival[j] || a.cls[i] !== b.cls[j] || a.model[i] !== b.model[j]) {
      out.push(
        `job ${id}: arrival ${a.arrival[i]} / ${b.arrival[j]} ms, class ${a.cls[i]} / ${b.cls[j]}, model ${a.model[i]} / ${b.model[j]}`,
      );
    }
  }
  return out;
}

/** Quantile `q` of ascending `xs`, linear between ranks. */
export function quantileSorted(xs: ArrayLike<number>, q: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (h - lo);
}

/** Figures of one set of latencies. */
export interface LatencyFigures {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  mean: number;
  throughput: number;
}

/** Percentiles and mean of latencies, and completions per second over [first arrival, last end]. */
export function latencyFigures(latency: Float64Array, first: number, last: number): LatencyFigures {
  const sorted = Float64Array.from(latency).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const span = last - first;
  return {
    count: sorted.length,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    mean: sorted.length > 0 ? sum / sorted.length : NaN,
    throughput: span > 0 ? (sorted.length * 1000) / span : NaN,
  };
}

/** Latencies (end - arrival) of the jobs completed in both logs, per class; `all` too. */
export interface MatchedJobs {
  /** Per class index (0 interactive, 1 batch, 2 all): live latencies, sim latencies, and each
   * side's first arrival and last end. */
  live: Float64Array[];
  sim: Float64Array[];
  liveSpan: [number, number][];
  simSpan: [number, number][];
  /** Completed live jobs the simulation did not complete (or not at all), and the reverse. */
  liveOnly: number;
  simOnly: number;
}

export function matchJobs(live: JobLog, sim: JobLog): MatchedJobs {
  const simIndex = sim.indexById();
  const lat: number[][][] = [
    [[], []],
    [[], []],
    [[], []],
  ];
  const spans = (): [number, number][] => [
    [Infinity, -Infinity],
    [Infinity, -Infinity],
    [Infinity, -Infinity],
  ];
  const liveSpan = spans();
  const simSpan = spans();
  let liveOnly = 0;
  let matched = 0;
  let simCompleted = 0;
  for (let j = 0; j < sim.count; j++) if (sim.outcome[j] === 0) simCompleted++;
  for (let i = 0; i < live.count; i++) {
    if (live.outcome[i] !== 0) continue;
    const j = simIndex[live.id[i]!] ?? -1;
    if (j < 0 || sim.outcome[j] !== 0) {
      liveOnly++;
      continue;
    }
    matched++;
    const cls = live.cls[i]!;
    for (const c of [cls, 2]) {
      lat[c]![0]!.push(live.end[i]! - live.arrival[i]!);
      lat[c]![1]!.push(sim.end[j]! - sim.arrival[j]!);
      widen(liveSpan[c]!, live.arrival[i]!, live.end[i]!);
      widen(simSpan[c]!, sim.arrival[j]!, sim.end[j]!);
    }
  }
  return {
    live: lat.map((l) => Float64Array.from(l[0]!)),
    sim: lat.map((l) => Float64Array.from(l[1]!)),
    liveSpan,
    simSpan,
    liveOnly,
    simOnly: simCompleted - matched,
  };
}

function widen(span: [number, number], arrival: number, end: number): void {
  if (arrival < span[0]) span[0] = arrival;
  if (end > span[1]) span[1] = end;
}

const CLASSES: readonly CheckClass[] = ['interactive', 'batch', 'all'];
const METRICS: readonly CheckMetric[] = ['p50', 'p90', 'p95', 'p99', 'mean', 'throughput'];

export function errorPct(predicted: number, measured: number): number {
  return measured > 0 ? ((predicted - measured) / measured) * 100 : NaN;
}

/**
 * Per class, measured against predicted, with per-percentile errors and the CDF curves. Each entry
 * of `replays` matches the live run with one simulation replay (other service draws): predicted
 * figures are their mean, the predicted curve pools them.
 */
export function compareRuns(replays: readonly MatchedJobs[]): CheckClassResult[] {
  const first = replays[0];
  return CLASSES.map((cls, c) => {
    if (!first) return { cls, count: 0, measuredCurve: [], predictedCurve: [], rows: [] };
    const live = first.live[c]!;
    const fl = latencyFigures(live, ...first.liveSpan[c]!);
    const fs = replays.map((m) => latencyFigures(m.sim[c]!, ...m.simSpan[c]!));
    const pooled = new Float64Array(replays.reduce((n, m) => n + m.sim[c]!.length, 0));
    let at = 0;
    for (const m of replays) {
      pooled.set(m.sim[c]!, at);
      at += m.sim[c]!.length;
    }
    return {
      cls,
      count: live.length,
      measuredCurve: thin(Float64Array.from(live).sort()),
      predictedCurve: thin(pooled.sort()),
      rows: METRICS.map((metric) => {
        const predicted = fs.reduce((a, f) => a + f[metric], 0) / fs.length;
        return {
          metric,
          measured: fl[metric],
          predicted,
          errorPct: errorPct(predicted, fl[metric]),
        };
      }),
    };
  });
}

/** At most CURVE_POINTS values of an ascending array at evenly spaced ranks (ends kept). */
function thin(sorted: Float64Array): number[] {
  const n = sorted.length;
  if (n <= CURVE_POINTS) return Array.from(sorted);
  const out: number[] = [];
  for (let k = 0; k < CURVE_POINTS; k++) {
    out.push(quantileSorted(sorted, k / (CURVE_POINTS - 1)));
  }
  return out;
}

/** The live run checked against `replays` simulation replays of its arrivals with `service`;
 * with `correction`, also against replays with service times x`correction` (each row's
 * `correctedPredicted` and `correctedErrorPct`). */
export function checkRun(
  input: {
    config: Config;
    controls: readonly Control[];
    log: JobLog;
    arrived: number;
    scheduler?: SchedulerFactory | undefined;
    at: number;
  },
  calibration: LaneCalibration,
  replays: number,
  correction?: number,
): SimCheckResult {
  const replayWith = (service: ServiceConfig): JobLog[] =>
    Array.from({ length: replays }, (_, k) =>
      replayArrivals(input.config, input.controls, input.arrived, service, {
        scheduler: input.scheduler,
        serviceSeed: k === 0 ? input.config.seed : input.config.seed + 1000 * k,
      }),
    );
  const service = { ...calibration.service, model_ms: {}, mean_ms: 1 } as ServiceConfig;
  const sims = replayWith(service);
  const matched = sims.map((sim) => matchJobs(input.log, sim));
  const classes = compareRuns(matched);
  if (correction !== undefined) {
    const scaled = scaledService(calibration.service, correction);
    const corrected = compareRuns(
      replayWith({ ...scaled, model_ms: {}, mean_ms: 1 } as ServiceConfig).map((sim) =>
        matchJobs(input.log, sim),
      ),
    );
    classes.forEach((c, i) =>
      c.rows.forEach((r, k) => {
        const x = corrected[i]?.rows[k];
        if (!x) return;
        r.correctedPredicted = x.predicted;
        r.correctedErrorPct = errorPct(x.predicted, r.measured);
      }),
    );
  }
  return {
    ok: true,
    arrived: input.arrived,
    // Jobs still queued or running live are not in its log yet: compare the ones that are, and
    // that the simulation made exactly as many arrivals.
    arrivalsIdentical:
      sims[0]!.count === input.arrived &&
      arrivalDifferences(input.log, sims[0]!, 1, true).length === 0,
    jobs: matched[0]!.live[2]!.length,
    liveOnly: matched[0]!.liveOnly,
    simOnly: matched[0]!.simOnly,
    replays,
    classes,
    calibration,
    at: input.at,
  };
}
