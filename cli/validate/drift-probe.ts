// `npm run validate`'s drift probes: the lanes' speed wanders on a shared machine (resnet18 at
// 142-201 ms a run between cases), so the calibration taken at the start goes stale. A probe times
// each model of the mix alone on each lane in turn, on the very lanes the live runs use (the same
// lane workers, one at a time, as the calibration timed them), and says how far the mix's service
// time moved from the calibration's (signed %, busy-time weighted by the mix; src/profiler/drift.ts,
// shared with `-- --llm`). run-validate.ts runs one before each case and after each live repeat.

import type { ModelId } from '../../src/models/manifest.ts';
import { weightedDriftPct } from '../../src/profiler/drift.ts';
import type { LaneCalibration } from '../../src/profiler/lane-calibration.ts';
import type { LaneHandlers, LaneOptions } from '../../src/workers/lanes/lane-client.ts';
import type { Workload } from './cases.ts';

/** What a probe needs of a lane. */
export interface ProbeLane {
  ready(): Promise<unknown>;
  profileRuns(
    model: ModelId,
    batches: number[],
    runs: number,
    maxRunMs: number,
  ): Promise<{ times?: Record<string, number[]> }>;
  terminate(): void;
}

export interface DriftProbeOptions extends Workload {
  threads: number;
  warmupRuns: number;
  /** Wall ms a probe spends on each model on each lane (3 to 30 runs). */
  probeMs: number;
}

export interface LaneProbe {
  /** The mix's drift against the calibration, percent: + when the lanes ran slower. */
  driftPct: number;
  /** Per model: mean batch-1 ms over the lanes' runs, and the runs. */
  models: Partial<Record<ModelId, { ms: number; runs: number }>>;
  wallMs: number;
}

const MIN_RUNS = 3;
const MAX_RUNS = 30;

/** The lanes' options, the same for calibration, probes and live runs (one pooled worker each). */
export function laneOptions(o: DriftProbeOptions, i: number): LaneOptions {
  return {
    name: `cpu${i}`,
    provider: 'wasm',
    threads: o.threads,
    models: Object.keys(o.models) as ModelId[],
    allowSoftwareAdapter: true,
    warmupRuns: o.warmupRuns,
  };
}

/** Runs for a model that took `refMs` a run at calibration, within `probeMs`. */
export function probeRuns(refMs: number, probeMs: number): number {
  return Math.max(MIN_RUNS, Math.min(MAX_RUNS, Math.round(probeMs / Math.max(refMs, 0.05))));
}

/** Times each model on each lane in turn and compares with the calibration's batch-1 means. */
export async function probeLanes<L extends ProbeLane>(
  o: DriftProbeOptions,
  calibration: LaneCalibration,
  spawn: (options: LaneOptions, handlers: LaneHandlers) => L,
): Promise<LaneProbe> {
  const t0 = performance.now();
  const models = Object.keys(o.models) as ModelId[];
  const reference = (m: ModelId): number =>
    calibration.batch1.find((b) => b.model === m && b.kind === 'cpu')?.meanMs ?? NaN;
  const lanes = Array.from({ length: o.lanes }, (_, i) => spawn(laneOptions(o, i), {}));
  const times = new Map<ModelId, number[]>(models.map((m) => [m, []]));
  try {
    await Promise.all(lanes.map((l) => l.ready()));
    for (const lane of lanes) {
      for (const m of models) {
        const r = await lane.profileRuns(m, [1], probeRuns(reference(m), o.probeMs), 3000);
        times.get(m)!.push(...(r.times?.['1'] ?? []));
      }
    }
  } finally {
    for (const l of lanes) l.terminate();
  }
  const out: LaneProbe['models'] = {};
  const parts = [];
  for (const m of models) {
    const ts = times.get(m)!;
    if (ts.length === 0) throw new Error(`drift probe: no timed runs of ${m}`);
    const ms = ts.reduce((a, b) => a + b, 0) / ts.length;
    out[m] = { ms: Number(ms.toFixed(4)), runs: ts.length };
    parts.push({ weight: o.models[m] ?? 1, measuredMs: ms, referenceMs: reference(m) });
  }
  return { driftPct: weightedDriftPct(parts), models: out, wallMs: performance.now() - t0 };
}
