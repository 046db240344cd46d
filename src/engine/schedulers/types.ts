// The scheduler interface. A scheduler owns the queued jobs and decides which to start where. The
// engine calls `enqueue` when a job arrives or is re-queued, and `dispatch` whenever a lane may have
// room; `dispatch` starts jobs through the Dispatcher until it wants no more.

import type { BatchPolicy } from '../batching.ts';
import type { JobTable } from '../job-table.ts';
import type { LaneSet } from '../lanes.ts';
import type { MemoryModel } from '../memory.ts';
import type { LatencyPredictor } from '../predictor.ts';
import type { ServiceModel } from '../service.ts';
import type { SimMs } from '../units.ts';

/** Which lanes a scheduler tries first: config order, or fastest first (GPU before CPU). */
export type LaneOrder = 'index' | 'fastest';

/** Orders a queued job: smaller starts first; ties go to the earlier arrival. */
export type JobRank = (jobs: JobTable, slot: number) => number;

/** What the engine offers a scheduler. */
export interface Dispatcher {
  /** The engine's clock now: simulated ms, or live mode's engine ms. */
  readonly now: SimMs;
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
  /** The policy's name: a built-in's config name, or a user policy's own name. */
  readonly name: string;
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

/** What the engine hands a policy when it builds its scheduler: the run's features and facts. */
export interface SchedulerOptions {
  /** Micro-batching: how many of a group's jobs may start now (maxBatch 1 when batching is off). */
  policy: BatchPolicy;
  memory: MemoryModel | undefined;
  predictor: LatencyPredictor | undefined;
  /** SLO (ms) per class. */
  slo: Float64Array;
  /** Number of models in the run. */
  models: number;
  /** The run's model names (index = model id). */
  modelNames: readonly string[];
  /** Expected service time per model, lane and batch size. */
  service: ServiceModel;
  /** The run's seed (user policies draw `Math.random` from a stream of it). */
  seed: number;
  /**
   * Tests only: build the generic (grouped) scheduler even where a policy's fast path applies, to
   * prove the two give byte-identical traces.
   */
  generic?: boolean;
}

/** Builds a fresh scheduler for a run (or a switch): what the engine holds for a custom policy. */
export type SchedulerFactory = (options: SchedulerOptions) => Scheduler;
