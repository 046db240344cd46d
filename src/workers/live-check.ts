// "Check the simulation" for a live run, in the engine worker: calibrate the run's own lanes (once
// per run: means, spread, overhead and sharing, lane-calibration.ts), then replay the run's arrivals
// in the simulator with that calibration and compare the latency distributions (sim-check.ts).

import type { Config } from '../engine/config.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import type { ModelId } from '../models/manifest.ts';
import {
  calibrateLanes,
  DEFAULT_LANE_CALIBRATION,
  type LaneCalibration,
  type LaneCalibrationOptions,
} from '../profiler/lane-calibration.ts';
import type { JobLog } from './job-log.ts';
import type { LiveExecutor } from './live-executor.ts';
import type { Control } from './control-log.ts';
import { checkRun } from './sim-check.ts';
import type { SimCheckResponse } from './protocol.ts';

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
  /** The run's calibration, once made (kept for later checks of the same run). */
  calibration?: LaneCalibration;
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
  // Lanes not calibrated (down, or a kind that was never ready) leave the profile without rows
  // the run needs: the engine names them.
  onProgress(`replaying ${run.arrived} arrivals in the simulator`);
  try {
    return checkRun(
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
    );
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
}
