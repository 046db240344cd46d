// The scheduler interface. A scheduler owns the queued jobs and decides which to start where. The
// engine calls `enqueue` when a job arrives or is re-queued, and `dispatch` whenever a lane may have
// room; `dispatch` starts jobs through the Dispatcher until it wants no more.

import type { SchedulerName } from '../config.ts';
import type { JobTable } from '../job-table.ts';
import type { LaneSet } from '../lanes.ts';

/** What the engine offers a scheduler. */
export interface Dispatcher {
  /** Simulated (or wall-clock) ms now. */
  readonly now: number;
  readonly jobs: JobTable;
  readonly lanes: LaneSet;
  /**
   * Start a queued job (already taken off the scheduler's queue) on a lane with room. Returns false
   * when the engine dropped it instead (its deadline passed and the queue drops expired jobs); the
   * lane's slot is then still free.
   */
  start(job: number, lane: number): boolean;
  /**
   * Start queued jobs (already off the queue) together as one run on a lane with room: they share
   * one service time. Returns how many started (expired or hopeless jobs may be dropped instead).
   */
  startBatch(jobs: readonly number[], lane: number): number;
  /** Call `dispatch` again at time `t` at the latest (a batch window closes then). */
  wakeAt(t: number): void;
}

export interface Scheduler {
  readonly name: SchedulerName;
  /** Jobs queued. */
  readonly size: number;
  enqueue(job: number, d: Dispatcher): void;
  /** Start work on lanes with room. Called only when something is queued and a slot is free. */
  dispatch(d: Dispatcher): void;
  /** Remove and return every queued job (for a scheduler switch), in any order. */
  drain(): number[];
  /** A lane went down or came back: move work bound to it, if the scheduler binds on arrival. */
  laneChanged(lane: number, d: Dispatcher): void;
  /**
   * True when interactive jobs go ahead of batch jobs, so an interactive job waits only behind
   * interactive work (admission control estimates waits with it). Absent: false.
   */
  readonly classPriority?: boolean;
}
