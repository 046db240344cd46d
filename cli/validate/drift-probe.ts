// `npm run validate`'s drift probes: the lanes' speed wanders on a shared machine (resnet18 at
// 142-201 ms a run between cases), so the calibration taken at the start goes stale. A probe point
// times each model of the mix on the very lanes the live runs use, first alone (one lane at a time,
// as the calibration timed them), then together (every lane busy at once, as a case serves them),
// and says how far the mix's service time moved from the calibration's (signed %, busy-time weighted
// by the mix; src/profiler/drift-probe.ts, shared with the page). run-validate.ts runs one before
// each case and after each live repeat.

import type { ModelId } from '../../src/models/manifest.ts';
import { probeDriftOn, type ProbeLane, type ProbeResult } from '../../src/profiler/drift-probe.ts';
import type { LaneCalibration } from '../../src/profiler/lane-calibration.ts';
import type { LaneHandlers, LaneOptions } from '../../src/workers/lanes/lane-client.ts';
import type { Workload } from './cases.ts';

export { probeRuns } from '../../src/profiler/drift-probe.ts';

/** What a probe needs of a lane it starts. */
export interface SpawnedProbeLane extends ProbeLane {
  ready(): Promise<unknown>;
  terminate(): void;
}

export interface DriftProbeOptions extends Workload {
  threads: number;
  warmupRuns: number;
  /** Wall ms a probe spends on each model on each lane (3 to 30 runs). */
  probeMs: number;
}

/** A probe point: the lanes timed alone (as calibrated), then together (as served). */
export interface LaneProbe {
  /** The alone probe's drift against the calibration, percent: + when the lanes ran slower. */
  driftPct: number;
  /** Per model: mean batch-1 ms over the lanes' runs alone, and the runs. */
  models: Partial<Record<ModelId, { ms: number; runs: number }>>;
  /** Every lane busy at once, against the same (alone) calibration. */
  together: ProbeResult;
  wallMs: number;
}

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

/** Times the mix on the lanes alone, then together, against the calibration's batch-1 means. */
export async function probeLanes<L extends SpawnedProbeLane>(
  o: DriftProbeOptions,
  calibration: LaneCalibration,
  spawn: (options: LaneOptions, handlers: LaneHandlers) => L,
): Promise<LaneProbe> {
  const t0 = performance.now();
  const reference = (m: ModelId): number =>
    calibration.batch1.find((b) => b.model === m && b.kind === 'cpu')?.meanMs ?? NaN;
  const lanes = Array.from({ length: o.lanes }, (_, i) => spawn(laneOptions(o, i), {}));
  try {
    await Promise.all(lanes.map((l) => l.ready()));
    const alone = await probeDriftOn(lanes, o.models, reference, o.probeMs, 'alone');
    const together = await probeDriftOn(lanes, o.models, reference, o.probeMs, 'together');
    return {
      driftPct: alone.driftPct,
      models: alone.models,
      together,
      wallMs: performance.now() - t0,
    };
  } finally {
    for (const l of lanes) l.terminate();
  }
}
