// A drift probe over lanes it is handed (`npm run validate`'s Node lanes, the page's live lanes):
// each model of the mix timed at batch 1 and compared with the calibration's times (drift.ts). Two
// schedules. `alone`: one lane and one model at a time, the way the calibration timed them.
// `together`: every lane busy at once, the way a case serves them, each lane on a different model
// of the mix in each step (lane i starts at model i and moves on one model a step), so the probe
// also pays what lanes serving together cost each other (cores, memory bandwidth); on this 2-core
// machine resnet18 served at 2.2x its alone time while the alone probe read +10 %.

import type { ModelId } from '../models/manifest.ts';
import { weightedDriftPct } from './drift.ts';

/** What a probe needs of a lane: timed batch-1 runs of a model (LaneClient, CalibrationLane). */
export interface ProbeLane {
  profileRuns(
    model: ModelId,
    batches: number[],
    runs: number,
    maxRunMs: number,
  ): Promise<{ times?: Record<string, number[]> }>;
}

export type ProbeMode = 'alone' | 'together';
export const PROBE_MODES: readonly ProbeMode[] = ['alone', 'together'];

export interface ProbeResult {
  mode: ProbeMode;
  /** The mix's drift against the calibration, percent: + when the lanes ran slower. */
  driftPct: number;
  /** Per model: mean batch-1 ms over every lane's runs, and the runs. */
  models: Partial<Record<ModelId, { ms: number; runs: number }>>;
  wallMs: number;
}

const MIN_RUNS = 3;
const MAX_RUNS = 30;
/** A run slower than this ends a probe's runs of that model early (the lane's own guard). */
const MAX_RUN_MS = 3000;

/** Runs for a model that took `refMs` a run at calibration, within `probeMs`. */
export function probeRuns(refMs: number, probeMs: number): number {
  return Math.max(MIN_RUNS, Math.min(MAX_RUNS, Math.round(probeMs / Math.max(refMs, 0.05))));
}

/**
 * The probe's steps: each step's (lane, model) pairs run at once, the steps one after another.
 * Every lane times every model once in either mode; `alone` has one pair a step, `together` one
 * step per model with every lane in it, on different models where there are enough of them.
 */
export function probeSchedule<M>(
  lanes: number,
  models: readonly M[],
  mode: ProbeMode,
): { lane: number; model: M }[][] {
  if (mode === 'alone') {
    return Array.from({ length: lanes }, (_, lane) =>
      models.map((model) => [{ lane, model }]),
    ).flat();
  }
  return models.map((_, k) =>
    Array.from({ length: lanes }, (_, lane) => ({
      lane,
      model: models[(lane + k) % models.length]!,
    })),
  );
}

/** A probe's timed runs: every lane's batch-1 times of every model, in the lanes' order. */
export interface ProbeTimes {
  mode: ProbeMode;
  times: { lane: number; model: ModelId; ms: number[] }[];
  wallMs: number;
}

/** Time `models` on `lanes` by `mode`'s schedule, `runs(model)` runs each (after the lane's own
 * untimed first run; a first run slower than `maxRunMs` is the only one). */
export async function timeProbe(
  lanes: readonly ProbeLane[],
  models: readonly ModelId[],
  runs: (m: ModelId) => number,
  mode: ProbeMode,
  maxRunMs = MAX_RUN_MS,
): Promise<ProbeTimes> {
  const t0 = performance.now();
  const times: ProbeTimes['times'] = [];
  for (const step of probeSchedule(lanes.length, models, mode)) {
    const done = await Promise.all(
      step.map(({ lane, model }) =>
        lanes[lane]!.profileRuns(model, [1], runs(model), maxRunMs).then((r) => ({
          lane,
          model,
          ms: r.times?.['1'] ?? [],
        })),
      ),
    );
    times.push(...done);
  }
  return { mode, times, wallMs: performance.now() - t0 };
}

/**
 * A probe's drift against the calibration: `referenceMs(model, lane)` is what the calibration says
 * a batch-1 run of the model takes on that lane (its kind); the mix's models weighted by `mix` and
 * their times. Models the mix does not serve are left out.
 */
export function probeDrift(
  t: ProbeTimes,
  mix: Partial<Record<ModelId, number>>,
  referenceMs: (m: ModelId, lane: number) => number,
): ProbeResult {
  const models = (Object.keys(mix) as ModelId[]).filter((m) => (mix[m] ?? 0) > 0);
  const out: ProbeResult['models'] = {};
  const parts = [];
  for (const m of models) {
    const mine = t.times.filter((x) => x.model === m && x.ms.length > 0);
    const all = mine.flatMap((x) => x.ms);
    if (all.length === 0) throw new Error(`drift probe (${t.mode}): no timed runs of ${m}`);
    out[m] = {
      ms: Number((all.reduce((a, b) => a + b, 0) / all.length).toFixed(4)),
      runs: all.length,
    };
    for (const x of mine) {
      const ms = x.ms.reduce((a, b) => a + b, 0) / x.ms.length;
      parts.push({ weight: mix[m] ?? 1, measuredMs: ms, referenceMs: referenceMs(m, x.lane) });
    }
  }
  return { mode: t.mode, driftPct: weightedDriftPct(parts), models: out, wallMs: t.wallMs };
}

/**
 * Time the mix on `lanes` by `mode`'s schedule and compare with `referenceMs` (the calibration's
 * batch-1 mean per model), weighted by the mix (`weights`) and the models' times; each model run
 * as often as fits in `probeMs` (3 to 30 runs).
 */
export async function probeDriftOn(
  lanes: readonly ProbeLane[],
  mix: Partial<Record<ModelId, number>>,
  referenceMs: (m: ModelId) => number,
  probeMs: number,
  mode: ProbeMode,
): Promise<ProbeResult> {
  const models = (Object.keys(mix) as ModelId[]).filter((m) => (mix[m] ?? 0) > 0);
  const t = await timeProbe(lanes, models, (m) => probeRuns(referenceMs(m), probeMs), mode);
  return probeDrift(t, mix, (m) => referenceMs(m));
}

/** Runs of each model a lane the page probes gives (the page's probes are short: a person waits). */
export const PAGE_PROBE_RUNS = 5;
/** A first run slower than this (a software WebGPU adapter) is the only run of that model. */
export const PAGE_PROBE_MAX_RUN_MS = 500;

/** A probe point on lanes of known kinds: the lanes alone, then together. */
export interface ProbePoint {
  /** Each probed lane's name and kind, in the order of the times' `lane`. */
  lanes: { name: string; kind: string }[];
  alone: ProbeTimes;
  together: ProbeTimes;
}

/** The page's probe point: the mix's models on `lanes`, alone then together, a few runs each. */
export async function probePoint(
  lanes: readonly (ProbeLane & { name: string; kind: string })[],
  mix: Partial<Record<ModelId, number>>,
): Promise<ProbePoint> {
  const models = (Object.keys(mix) as ModelId[]).filter((m) => (mix[m] ?? 0) > 0);
  const runs = (): number => PAGE_PROBE_RUNS;
  const alone = await timeProbe(lanes, models, runs, 'alone', PAGE_PROBE_MAX_RUN_MS);
  const together = await timeProbe(lanes, models, runs, 'together', PAGE_PROBE_MAX_RUN_MS);
  return { lanes: lanes.map((l) => ({ name: l.name, kind: l.kind })), alone, together };
}
