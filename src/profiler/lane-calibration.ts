// Calibration against the lanes a live run uses, for checking the simulation against live runs
// (the page's "Check the simulation", `npm run validate`). It measures on real lanes what the
// simulation's service model needs to predict them (service.ts says how each is used):
//
// - mean ms per model, lane kind and batch size (the profile; means, not medians, because the
//   spread below is a multiplier of mean 1);
// - each model's spread: quantiles of (run time / mean) over many batch-1 runs, so the simulation
//   draws from the measured distribution, tail included, rather than from an assumed cv;
// - the overhead per run: a batch sent to the lane and answered, timed by the driver, minus what
//   the lane measured around session.run (messages both ways, reading outputs);
// - sharing: the same models timed on every lane of a kind at once against one lane alone; lanes
//   that share a machine's cores (and memory bandwidth) slow each other down.
//
// The lanes are any `CalibrationLane`: LaneClients in Node worker threads (validate) or the live
// executor's own lane workers in the page. Pure logic; no DOM, no Node.

import type { LaneKind } from '../engine/config.ts';
import type { ModelId } from '../models/manifest.ts';
import type { TimedRun } from '../workers/lanes/lane-client.ts';
import type { LaneProfileTimes } from '../workers/lanes/lane-protocol.ts';

/** A lane calibration can drive. */
export interface CalibrationLane {
  name: string;
  kind: LaneKind;
  profileRuns(
    model: ModelId,
    batchSizes: number[],
    runs: number,
    maxRunMs: number,
  ): Promise<LaneProfileTimes>;
  timedRun(model: ModelId, batchSize: number): Promise<TimedRun>;
}

export interface LaneCalibrationOptions {
  models: ModelId[];
  /** Relative weight of each model in the workload (weights the sharing slowdown by busy time). */
  weights: Partial<Record<ModelId, number>>;
  /** Batch sizes of the profile (1 at least). */
  batches: number[];
  /** Timed runs per batch size above 1. */
  runs: number;
  /** Wall ms spent timing each model at batch 1 for its spread (at least `minSpreadRuns` runs). */
  spreadBudgetMs: number;
  minSpreadRuns: number;
  maxSpreadRuns: number;
  /** Timed round trips for the overhead. */
  pings: number;
  /** Runs per lane when every lane of a kind runs at once (sharing). */
  sharingRuns: number;
  /** Skip larger batches once a run takes this long. */
  maxRunMs: number;
}

export const DEFAULT_LANE_CALIBRATION: Omit<LaneCalibrationOptions, 'models' | 'weights'> = {
  batches: [1],
  runs: 5,
  spreadBudgetMs: 1500,
  minSpreadRuns: 20,
  maxSpreadRuns: 200,
  pings: 30,
  sharingRuns: 15,
  maxRunMs: 3000,
};

/** Levels of the spread's quantiles: 0, 5 %, ..., 100 %. */
export const SPREAD_POINTS = 21;

/** The figures behind a calibrated service model (reported by validate and the page). */
export interface LaneCalibration {
  /** The engine's `service` block: a profile of means with overhead, spread and sharing. */
  service: CalibratedService;
  /** Per model and kind: mean, median and coefficient of variation of batch-1 runs, and runs. */
  batch1: {
    model: ModelId;
    kind: LaneKind;
    meanMs: number;
    medianMs: number;
    cv: number;
    runs: number;
  }[];
  /** Per kind: the overhead per run (mean and median of roundtrip - lane time), ms. */
  overhead: { kind: LaneKind; meanMs: number; medianMs: number; samples: number }[];
  /** Per kind with 2+ lanes: lanes timed at once, busy-time weighted slowdown, and per model. */
  sharing: {
    kind: LaneKind;
    lanes: number;
    slowdown: number;
    perModel: Partial<Record<ModelId, number>>;
  }[];
  wallMs: number;
}

export interface CalibratedService {
  dist: 'profile';
  gpu_speedup: 1;
  cv: 0;
  profile: Record<string, Partial<Record<LaneKind, Record<string, number>>>>;
  overhead_ms: number;
  wake_ms?: number;
  spread: Record<string, number[]>;
  sharing: Partial<Record<LaneKind, number[]>>;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sortedCopy = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/** Coefficient of variation: standard deviation (population) over the mean. */
function cv(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2))) / m;
}

/** Quantile q of ascending xs, linear between ranks. */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo);
}

/** Quantiles of times / their mean at SPREAD_POINTS evenly spaced levels, ascending. */
export function spreadQuantiles(times: readonly number[], points = SPREAD_POINTS): number[] {
  const m = mean(times);
  const sorted = sortedCopy(times).map((t) => t / m);
  return Array.from({ length: points }, (_, i) => round(quantile(sorted, i / (points - 1)), 4));
}

/** Slowdown with k of n lanes busy: 1 alone, `full` with all n, linear between. */
export function sharingTable(n: number, full: number): number[] {
  return Array.from({ length: n }, (_, k) => round(n > 1 ? 1 + ((full - 1) * k) / (n - 1) : 1, 4));
}

export async function calibrateLanes(
  lanes: readonly CalibrationLane[],
  options: LaneCalibrationOptions,
  onProgress: (detail: string) => void = () => {},
): Promise<LaneCalibration> {
  const t0 = performance.now();
  const service: CalibratedService = {
    dist: 'profile',
    gpu_speedup: 1,
    cv: 0,
    profile: {},
    overhead_ms: 0,
    spread: {},
    sharing: {},
  };
  const out: LaneCalibration = { service, batch1: [], overhead: [], sharing: [], wallMs: 0 };
  const kinds = [...new Set(lanes.map((l) => l.kind))];
  let overheadWeight = 0;
  for (const kind of kinds) {
    const ofKind = lanes.filter((l) => l.kind === kind);
    const lane = ofKind[0]!;
    const solo = new Map<ModelId, number>();
    for (const model of options.models) {
      onProgress(`${lane.name}: timing ${model}`);
      // A few runs to size the spread measurement to its time budget.
      const probe = await lane.profileRuns(model, [1], 3, options.maxRunMs);
      const probeMs = probe.ms['1'] ?? options.maxRunMs;
      const n = Math.round(
        Math.min(
          options.maxSpreadRuns,
          Math.max(options.minSpreadRuns, options.spreadBudgetMs / Math.max(probeMs, 0.05)),
        ),
      );
      const b1 = (await lane.profileRuns(model, [1], n, options.maxRunMs)).times?.['1'] ?? [];
      if (b1.length === 0) throw new Error(`${lane.name}: no timed runs of ${model}`);
      const points: Record<string, number> = { '1': round(mean(b1), 4) };
      solo.set(model, mean(b1));
      const larger = options.batches.filter((b) => b > 1);
      if (larger.length > 0) {
        const r = await lane.profileRuns(model, larger, options.runs, options.maxRunMs);
        for (const [b, times] of Object.entries(r.times ?? {})) {
          if (times.length > 0) points[b] = round(mean(times), 4);
        }
      }
      service.profile[model] = { ...service.profile[model], [kind]: points };
      // One spread per model (lanes of either kind draw it): the CPU lane's where there is one.
      if (kind === 'cpu' || !service.spread[model]) service.spread[model] = spreadQuantiles(b1);
      out.batch1.push({
        model,
        kind,
        meanMs: round(mean(b1), 4),
        medianMs: round(quantile(sortedCopy(b1), 0.5), 4),
        cv: round(cv(b1), 4),
        runs: b1.length,
      });
    }

    // Overhead: round trips of the lightest model, less the lane's own time.
    const lightest = [...solo.entries()].sort((a, b) => a[1] - b[1])[0]![0];
    onProgress(`${lane.name}: timing the round trip`);
    const extra: number[] = [];
    for (let i = 0; i < options.pings; i++) {
      const r = await lane.timedRun(lightest, 1);
      extra.push(Math.max(0, r.roundtripMs - r.laneMs));
    }
    const overhead = mean(extra);
    out.overhead.push({
      kind,
      meanMs: round(overhead, 4),
      medianMs: round(quantile(sortedCopy(extra), 0.5), 4),
      samples: extra.length,
    });
    service.overhead_ms = round(
      (service.overhead_ms * overheadWeight + overhead * ofKind.length) /
        (overheadWeight + ofKind.length),
      4,
    );
    overheadWeight += ofKind.length;

    // Sharing: every lane of the kind runs the same model at once.
    if (ofKind.length > 1) {
      const perModel: Partial<Record<ModelId, number>> = {};
      let busySolo = 0;
      let busyShared = 0;
      for (const model of options.models) {
        onProgress(`${kind} lanes: timing ${model} on ${ofKind.length} lanes at once`);
        const all = await Promise.all(
          ofKind.map((l) => l.profileRuns(model, [1], options.sharingRuns, options.maxRunMs)),
        );
        const times = all.flatMap((r) => r.times?.['1'] ?? []);
        const soloMs = solo.get(model)!;
        const ratio = mean(times) / soloMs;
        perModel[model] = round(ratio, 4);
        const w = (options.weights[model] ?? 1) * soloMs;
        busySolo += w;
        busyShared += w * ratio;
      }
      // Lanes sharing cores cannot run faster together than alone: a ratio below one is a timing
      // artefact (a short timing on cores shared with the driver), and taking it would add capacity
      // that is not there (npm run validate measured x0.699 once, 43 % too much capacity). The
      // model takes at least 1; `sharing` reports what was measured.
      const slowdown = busyShared / busySolo;
      service.sharing[kind] = sharingTable(ofKind.length, Math.max(1, slowdown));
      out.sharing.push({ kind, lanes: ofKind.length, slowdown: round(slowdown, 4), perModel });
    }
  }
  out.wallMs = performance.now() - t0;
  return out;
}

/**
 * A service model with every model's service time scaled by `factor` (a lane found 10 % slower:
 * x1.1): the profile only; the overheads (messages, the host's wake-up) and the spread (a
 * multiplier of mean 1) stay as they are. The drift-corrected prediction of `npm run validate`.
 */
export function scaledService(s: CalibratedService, factor: number): CalibratedService {
  const out = structuredClone(s);
  for (const kinds of Object.values(out.profile)) {
    for (const points of Object.values(kinds)) {
      for (const b of Object.keys(points)) points[b] = round(points[b]! * factor, 4);
    }
  }
  return out;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * A run a lane finished while serving, as calibration reads it (`servedCalibration`). The live
 * executor's record of each run (`LiveRunRecord`, src/workers/live-executor.ts) is one of these
 * and a bit more; declared here so that the profiler does not depend on the executor.
 */
export interface ServedRun {
  lane: number;
  model: number;
  batchSize: number;
  /** session.run in the lane, ms. */
  laneMs: number;
  /** Start to end on the engine's clock, ms (NaN when the engine side did not say). */
  engineMs: number;
  /** The first job's wait from arrival to the run's start on the engine's clock, ms (0: the run
   * started as the job arrived, when the host noticed the arrival; NaN when not said). */
  waitedMs: number;
}

/** What a served run showed, per model and lane kind, and the overhead a run paid. */
export interface ServedCalibration {
  service: CalibratedService;
  models: {
    model: ModelId;
    kind: LaneKind;
    /** Mean session.run while serving, ms, against the calibration's own mean. */
    servedMs: number;
    calibratedMs: number;
    cv: number;
    runs: number;
  }[];
  /** Mean (engine start-to-end - session.run) of runs that followed another (their job had
   * waited), ms: messages both ways, reading outputs, completing on the engine. */
  overheadMs: number;
  /** What runs that started as their job arrived at an idle lane paid on top, ms: the host
   * notices an arrival at its next timer. */
  wakeMs: number;
  /** Runs of each kind behind those two figures. */
  followed: number;
  woken: number;
  runs: number;
}

/** Fewer runs than this in a group: its figure is not estimated from them. */
const MIN_SERVED_RUNS = 10;

/**
 * Calibration from serving: a live run through the engine host (the mix, arriving at a known rate)
 * measures what timing each model alone in a loop cannot.
 *
 * - Service times per model and kind at batch 1 (larger batches scaled by the same ratio) come
 *   from the served runs: models that follow one another on a lane run at another speed than one
 *   model in a tight loop (caches: validate served silero_vad at x1.8 its time alone), and lanes
 *   run faster the busier they are (silero_vad 0.86 ms a run at 30 % load, 0.53 ms at 85 %), so
 *   the probe's load sits in the middle of the loads predicted.
 * - The spread is of each run's time on the engine's clock less the fixed costs below: the lane's
 *   time plus any stall of the host's event loop (up to 9 ms, garbage collection or a frame) that
 *   held the run's answer. With jobs of 0.5-3 ms those stalls are the latency tail: taken from
 *   the lane's time alone, validate's p99 at 70-85 % load was 50 % low.
 * - `overhead_ms`: what runs that followed another on their lane (their job had waited: they start
 *   the moment the lane before them answers) took on the engine's clock beyond session.run
 *   (messages both ways, reading outputs, completing on the engine).
 * - `wake_ms`: what runs that started as their job arrived at an idle lane took beyond that: the
 *   host notices an arrival at its next timer. One overhead for all runs was off by x2-3 between
 *   light load and bursts (1.2 ms a run at 30 %, 0.4 ms in the bursty case).
 * - Sharing is dropped: the served times already hold whatever lanes serving together cost, and
 *   applying the tight-loop slowdown on top counted it twice. Measured by validate: ppocr_cls
 *   served at 3.2-3.5 ms at 30 % load and 2.9-3.2 ms at 85 % (no slowdown as lanes get busier),
 *   while two lanes timed at once in a loop read x0.85 in one run and x1.63 in the next.
 *
 * A figure with fewer than MIN_SERVED_RUNS runs behind it keeps the base's.
 */
export function servedCalibration(
  base: CalibratedService,
  runs: readonly ServedRun[],
  models: readonly ModelId[],
  laneKinds: readonly LaneKind[],
): ServedCalibration {
  const service: CalibratedService = { ...structuredClone(base), sharing: {} };
  const known = runs.filter((r) => Number.isFinite(r.engineMs) && Number.isFinite(r.waitedMs));
  const extra = (rs: readonly ServedRun[]): number[] => rs.map((r) => r.engineMs - r.laneMs);
  const followed = known.filter((r) => r.waitedMs > 0);
  const woken = known.filter((r) => r.waitedMs <= 0);
  let overheadMs = base.overhead_ms;
  let wakeMs = base.wake_ms ?? 0;
  if (followed.length >= MIN_SERVED_RUNS) {
    overheadMs = Math.max(0, mean(extra(followed)));
    if (woken.length >= MIN_SERVED_RUNS) wakeMs = Math.max(0, mean(extra(woken)) - overheadMs);
  } else if (known.length >= MIN_SERVED_RUNS) {
    overheadMs = Math.max(0, mean(extra(known)));
  }
  /** A run's time on the engine's clock less the fixed costs the model adds back: its lane time
   * plus whatever the host made it wait beyond them (a stalled event loop). */
  const engineTime = (r: ServedRun): number =>
    Number.isFinite(r.engineMs) && Number.isFinite(r.waitedMs)
      ? Math.max(r.laneMs, r.engineMs - overheadMs - (r.waitedMs <= 0 ? wakeMs : 0))
      : r.laneMs;
  const out: ServedCalibration['models'] = [];
  const single = runs.filter((r) => r.batchSize === 1);
  models.forEach((model, m) => {
    for (const kind of new Set(laneKinds)) {
      const ofModel = single.filter((r) => r.model === m && laneKinds[r.lane] === kind);
      const times = ofModel.map((r) => r.laneMs);
      const points = service.profile[model]?.[kind];
      const calibrated = points?.['1'];
      if (times.length < MIN_SERVED_RUNS || !points || calibrated === undefined) continue;
      const served = mean(times);
      const ratio = served / calibrated;
      for (const b of Object.keys(points)) points[b] = round(points[b]! * ratio, 4);
      if (kind === 'cpu' || !laneKinds.includes('cpu')) {
        service.spread[model] = spreadQuantiles(ofModel.map(engineTime));
      }
      out.push({
        model,
        kind,
        servedMs: round(served, 4),
        calibratedMs: calibrated,
        cv: round(cv(times), 4),
        runs: times.length,
      });
    }
  });
  service.overhead_ms = round(overheadMs, 4);
  if (wakeMs > 0) service.wake_ms = round(wakeMs, 4);
  else delete service.wake_ms;
  return {
    service,
    models: out,
    overheadMs: round(overheadMs, 4),
    wakeMs: round(wakeMs, 4),
    followed: followed.length,
    woken: woken.length,
    runs: runs.length,
  };
}
