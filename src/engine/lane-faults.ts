// Lane failures and recoveries: a lane that goes down takes no new work, and every run on it ends
// at once as a failed span, its jobs re-queued in arrival order (never lost: the ledger moves them
// from running back to queued); a lane that comes back takes work again. Failures come from the
// config's `faults` (scheduled here as events), from a person (Fail / Recover in the page) and, in
// live mode, from a lane worker that dies. The engine implements `FaultTarget`.

import { assert } from './assert.ts';
import { NONE, RUNNING, type JobTable } from './job-table.ts';
import type { LaneSet } from './lanes.ts';

/** Event kinds of scheduled faults (the engine's event heap numbers them). */
export const LANE_DOWN = 2;
export const LANE_UP = 3;

/** What a lane fault touches: the engine's clock, jobs and lanes, and three of its steps. */
export interface FaultTarget {
  readonly now: number;
  readonly jobs: JobTable;
  readonly lanes: LaneSet;
  /** A run on `lane`, headed by job slot `head`, ends now: lane time, memory, its Gantt span. */
  endRun(lane: number, head: number, failed: boolean): void;
  /** Jobs that were running go back to the queue, in this order (state, ledger, admission,
   * scheduler). */
  requeue(jobs: readonly number[]): void;
  /** `lane` can no longer (`down`) or can again take work: the scheduler and the autoscaler. */
  laneChanged(lane: number, down: boolean): void;
}

/** The config's faults as events: each lane down at `at_ms`, and up after `duration_ms` if set. */
export function scheduleFaults(
  faults: readonly { lane: number; at_ms: number; duration_ms?: number | undefined }[],
  lanes: number,
  push: (t: number, kind: number, lane: number) => void,
): void {
  for (const fault of faults) {
    assert(
      fault.lane < lanes,
      `faults: lane ${fault.lane} does not exist (the config has ${lanes} lanes)`,
    );
    push(fault.at_ms, LANE_DOWN, fault.lane);
    if (fault.duration_ms !== undefined) push(fault.at_ms + fault.duration_ms, LANE_UP, fault.lane);
  }
}

/** Take `lane` down now: its runs end failed and their jobs are re-queued. No-op if down. */
export function laneDown(e: FaultTarget, lane: number): void {
  const lanes = e.lanes;
  if (lanes.down[lane] === 1) return;
  const jobs = e.jobs;
  lanes.down[lane] = 1;
  lanes.refreshUp(lane);
  if (lanes.backup[lane] === 0) lanes.primariesDown++;
  // Every job running on the lane, in arrival order. Bumping the generation makes the pending
  // completion events of these runs stale.
  const victims = jobs.slotsIn(RUNNING).filter((j) => jobs.lane[j] === lane);
  victims.sort((a, b) => jobs.id[a]! - jobs.id[b]!);
  for (const j of victims) jobs.gen[j]!++;
  // Each failed run is reported once, at its head.
  for (const head of runHeads(jobs, victims)) e.endRun(lane, head, true);
  lanes.running[lane] = 0;
  e.requeue(victims);
  e.laneChanged(lane, true);
}

/** Bring `lane` back up now. No-op if up. */
export function laneUp(e: FaultTarget, lane: number): void {
  const lanes = e.lanes;
  if (lanes.down[lane] === 0) return;
  lanes.down[lane] = 0;
  lanes.refreshUp(lane);
  if (lanes.backup[lane] === 0) lanes.primariesDown--;
  e.laneChanged(lane, false);
}

/** The first job of each run among `victims` (runs are linked lists through `next`). */
function runHeads(jobs: JobTable, victims: readonly number[]): number[] {
  const inner = new Set<number>();
  for (const j of victims) if (jobs.next[j] !== NONE) inner.add(jobs.next[j]!);
  return victims.filter((j) => !inner.has(j));
}
