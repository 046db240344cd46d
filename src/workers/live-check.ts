// "Check the simulation" for a live run, in the engine worker: calibrate the run's own lanes (once
// per run: means, spread, overhead and sharing, lane-calibration.ts), then replay the run's arrivals
// in the simulator with that calibration and compare the latency distributions (sim-check.ts).
// Drift, as `npm run validate` measures it: the lanes were timed when they were first ready (the
// executor's start probe), are timed again at the check (and right after the calibration), alone
// and all busy together; the run's drift is the mean of its start and check probes against the
// calibration, shown beside each error with a prediction whose service times are scaled by it.

import type { Config } from '../engine/config.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import type { ModelId } from '../models/manifest.ts';
import {
  calibrateLanes,
  DEFAULT_LANE_CALIBRATION,
  type LaneCalibration,
  type LaneCalibrationOptions,
} from '../profiler/lane-calibration.ts';
import { driftFactor } from '../profiler/drift.ts';
import { probeDrift, probePoint, type ProbePoint } from '../profiler/drift-probe.ts';
import type { JobLog } from './job-log.ts';
import type { LiveExecutor } from './live-executor.ts';
import type { Control } from './control-log.ts';
import { checkRun } from './sim-check.ts';
import type { CheckDriftReading, SimCheckDrift, SimCheckResponse } from './protocol.ts';

/** The probes that correct the page's prediction: the together probes, which the validate runs
 * found the better predictor (docs/validation.md). */
export const CORRECT_BY: SimCheckDrift['by'] = 'together';

/** Simulation replays averaged into the page's prediction. */
export const CHECK_REPLAYS = 5;

/** The page's calibration: shorter than validate's, since the person is waiting for it. */
export function pageCalibration(config: Config): LaneCalibrationOptions {
  const max = config.batching.enabled ? config.batching.max_batch : 1;
  const batches: number[] = [];
  for (let b = 1; b <= max; b *= 2) batches.push(b);
  if (batches[batches.length - 1] !== max) batches.push(max);
  const models = Object.entries(config.mix.models)
    .filter(([, w]) => w > 0)
    .map(([m]) => m as ModelId);
  return {
    ...DEFAULT_LANE_CALIBRATION,
    models,
    weights: config.mix.models,
    batches,
    runs: 3,
    spreadBudgetMs: 500,
    minSpreadRuns: 12,
    maxSpreadRuns: 100,
    pings: 15,
    sharingRuns: 8,
  };
}

export interface CheckableRun {
  config: Config;
  controls: readonly Control[];
  log: JobLog;
  live: LiveExecutor;
  arrived: number;
  at: number;
  policy?: SchedulerFactory | undefined;
  /** The run's calibration, once made (kept for later checks of the same run), and the drift
   * probe taken right after it. */
  calibration?: LaneCalibration;
  calibrationProbe?: ProbePoint;
}

/** The run's drift from the probes at its start and at the check, against the calibration, by each
 * kind of probe; the basis is the probe right after the calibration. */
export function runDrift(
  calibration: LaneCalibration,
  mix: Partial<Record<ModelId, number>>,
  start: ProbePoint,
  end: ProbePoint,
  basis: ProbePoint,
  by: SimCheckDrift['by'] = CORRECT_BY,
): SimCheckDrift {
  const reading = (kind: 'alone' | 'together'): CheckDriftReading => {
    const pct = (p: ProbePoint): number =>
      probeDrift(p[kind], mix, (m, lane) => {
        const laneKind = p.lanes[lane]?.kind;
        const b = calibration.batch1.find((x) => x.model === m && x.kind === laneKind);
        if (!b) throw new Error(`no calibration of ${m} on a ${laneKind ?? '?'} lane`);
        return b.meanMs;
      }).driftPct;
    const startPct = pct(start);
    const endPct = pct(end);
    const basisPct = pct(basis);
    const runPct = (startPct + endPct) / 2;
    return { startPct, endPct, basisPct, runPct, factor: driftFactor(runPct, basisPct) };
  };
  return { alone: reading('alone'), together: reading('together'), by };
}

export async function checkLiveRun(
  run: CheckableRun,
  onProgress: (detail: string) => void,
): Promise<SimCheckResponse> {
  if (run.log.count === 0) {
    return { ok: false, problem: 'no job has ended yet: let the live run serve some jobs first' };
  }
  if (run.log.full) {
    return { ok: false, problem: `the run logged ${run.log.capacity} jobs, the most it keeps` };
  }
  if (!run.calibration) {
    const lanes = run.live.calibrationLanes();
    if (lanes.length === 0) return { ok: false, problem: 'no live lane is ready to calibrate' };
    try {
      run.calibration = await calibrateLanes(lanes, pageCalibration(run.config), (d) =>
        onProgress(`calibrating the live lanes: ${d}`),
      );
    } catch (e) {
      return { ok: false, problem: `calibration failed: ${e instanceof Error ? e.message : e}` };
    }
  }
  const drift = await checkDrift(run, onProgress);
  // Lanes not calibrated (down, or a kind that was never ready) leave the profile without rows
  // the run needs: the engine names them.
  onProgress(`replaying ${run.arrived} arrivals in the simulator`);
  try {
    const result = checkRun(
      {
        config: run.config,
        controls: run.controls,
        log: run.log,
        arrived: run.arrived,
        scheduler: run.policy,
        at: run.at,
      },
      run.calibration,
      CHECK_REPLAYS,
      'drift' in drift ? drift.drift[drift.drift.by].factor : undefined,
    );
    return { ...result, ...drift };
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
}

/** The drift probes of a check: one now (and, at the first check, the calibration's own basis). */
async function checkDrift(
  run: CheckableRun,
  onProgress: (detail: string) => void,
): Promise<{ drift: SimCheckDrift } | { driftProblem: string }> {
  const start = run.live.startProbe;
  if (!start) return { driftProblem: 'the run has no drift probe from its start' };
  if ('problem' in start) return { driftProblem: start.problem };
  const lanes = run.live.calibrationLanes();
  const mix = run.config.mix.models as Partial<Record<ModelId, number>>;
  try {
    onProgress('timing the lanes alone and together (drift probe)');
    const end = await probePoint(lanes, mix);
    run.calibrationProbe ??= end;
    return { drift: runDrift(run.calibration!, mix, start, end, run.calibrationProbe) };
  } catch (e) {
    return { driftProblem: `drift probe failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
