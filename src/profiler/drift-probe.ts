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

/**
 * Time the mix on `lanes` by `mode`'s schedule and compare with `referenceMs` (the calibration's
 * batch-1 mean per model), weighted by the mix (`weights`) and the models' times.
 */
export async function probeDriftOn(
  lanes: readonly ProbeLane[],
  mix: Partial<Record<ModelId, number>>,
  referenceMs: (m: ModelId) => number,
  probeMs: number,
  mode: ProbeMode,
): Promise<ProbeResult> {
  const t0 = performance.now();
  const models = (Object.keys(mix) as ModelId[]).filter((m) => (mix[m] ?? 0) > 0);
  const times = new Map<ModelId, number[]>(models.map((m) => [m, []]));
  for (const step of probeSchedule(lanes.length, models, mode)) {
    const done = await Promise.all(
      step.map(({ lane, model }) =>
        lanes[lane]!.profileRuns(
          model,
          [1],
          probeRuns(referenceMs(model), probeMs),
          MAX_RUN_MS,
        ).then((r) => ({ model, times: r.times?.['1'] ?? [] })),
      ),
    );
    for (const d of done) times.get(d.model)!.push(...d.times);
  }
  const out: ProbeResult['models'] = {};
  const parts = [];
  for (const m of models) {
    const ts = times.get(m)!;
    if (ts.length === 0) throw new Error(`drift probe (${mode}): no timed runs of ${m}`);
    const ms = ts.reduce((a, b) => a + b, 0) / ts.length;
    out[m] = { ms: Number(ms.toFixed(4)), runs: ts.length };
    parts.push({ weight: mix[m] ?? 1, measuredMs: ms, referenceMs: referenceMs(m) });
  }
  return { mode, driftPct: weightedDriftPct(parts), models: out, wallMs: performance.now() - t0 };
}
