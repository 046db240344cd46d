// The read-only views a user policy sees (api.ts documents them): one JobView per queued job (a
// fresh one each time a job is queued, so a view kept from an earlier call is recognisably stale),
// one LaneView per lane, and the context `decide` is called with. Views read the engine's columns
// through getters; they have no setters and are frozen, so a policy cannot change the engine's
// state by writing to them.

import { CLASS_NAMES, type JobTable } from '../job-table.ts';
import {
  CPU,
  GPU,
  KIND_NAMES,
  POOL_ACTIVE,
  POOL_DRAINING,
  POOL_WARMING,
  type LaneSet,
} from '../lanes.ts';
import type { Dispatcher, SchedulerOptions } from '../schedulers/types.ts';
import type { DecideContext, JobView, LaneHealth, LaneView } from './api.ts';
import type { PolicyBridge } from './runtime.ts';

/** The engine state views read, shared by every view of one policy scheduler. */
export class ViewState {
  jobs!: JobTable;
  lanes!: LaneSet;
  d: Dispatcher | undefined;
  /** The current view of each queued job, by slot (undefined: not queued here). */
  readonly views: (JobViewImpl | undefined)[] = [];
  /** Queued jobs per batch group (model * 2 + class). */
  readonly groupCount: Int32Array;
  /** First lane of each kind in config order (-1: none), for `JobView.predicted`. */
  readonly firstOfKind = [-1, -1];
  readonly predicted: PredictedTimes[];
  laneViews: LaneViewImpl[] = [];

  constructor(readonly o: SchedulerOptions) {
    this.groupCount = new Int32Array(o.models * 2);
    this.predicted = o.modelNames.map((_, m) => new PredictedTimes(this, m));
  }

  /** Bind to the engine's tables (first enqueue or dispatch). */
  attach(d: Dispatcher): void {
    if (this.laneViews.length > 0) return;
    this.jobs = d.jobs;
    this.lanes = d.lanes;
    for (let l = 0; l < d.lanes.count; l++) {
      const kind = d.lanes.kind[l]!;
      if (this.firstOfKind[kind] === -1) this.firstOfKind[kind] = l;
      this.laneViews.push(new LaneViewImpl(this, l));
    }
  }

  /** Predicted service (ms) of `b` jobs of `model` on `lane` at `load`. */
  predict(model: number, lane: number, b: number, load: number): number {
    const lanes = this.lanes;
    const p = this.o.predictor;
    return p
      ? p.predict(model, lanes.kind[lane]!, lanes.speed[lane]!, b, load)
      : this.o.service.base(model, lanes.kindName[lane]!, lanes.speed[lane]!, b);
  }

  health(lane: number): LaneHealth {
    const lanes = this.lanes;
    if (lanes.down[lane] === 1) return 'down';
    const pool = lanes.pool[lane];
    if (pool !== POOL_ACTIVE) {
      return pool === POOL_WARMING ? 'warming' : pool === POOL_DRAINING ? 'draining' : 'parked';
    }
    return lanes.backup[lane] === 1 && lanes.primariesDown === 0 ? 'standby' : 'up';
  }

  memFree(lane: number): number {
    return this.lanes.memCapacity[lane]! - this.lanes.memUsed[lane]!;
  }

  /** Would `b` jobs of `model` fit in `lane`'s free memory? */
  fits(model: number, lane: number, b: number): boolean {
    const memory = this.o.memory;
    return memory === undefined || memory.fitSize(model, b, this.memFree(lane)) >= b;
  }
}

/** `JobView.predicted`: per model, read live. */
class PredictedTimes {
  readonly #st: ViewState;
  readonly #model: number;
  constructor(st: ViewState, model: number) {
    this.#st = st;
    this.#model = model;
    Object.freeze(this);
  }
  #at(kind: number): number {
    const lane = this.#st.firstOfKind[kind]!;
    return lane < 0 ? NaN : this.#st.predict(this.#model, lane, 1, 0);
  }
  get gpu(): number {
    return this.#at(GPU);
  }
  get cpu(): number {
    return this.#at(CPU);
  }
}

export class JobViewImpl implements JobView {
  readonly #st: ViewState;
  readonly #slot: number;

  constructor(st: ViewState, slot: number) {
    this.#st = st;
    this.#slot = slot;
    Object.freeze(this);
  }

  /** The slot behind a view of this state, or -1 for anything else (a stale or foreign view). */
  static slotOf(v: unknown, st: ViewState): number {
    if (typeof v !== 'object' || v === null || !(#slot in v)) return -1;
    const view = v as JobViewImpl;
    return view.#st === st && st.views[view.#slot] === view ? view.#slot : -1;
  }

  get id(): number {
    return this.#st.jobs.id[this.#slot]!;
  }
  get class(): 'interactive' | 'batch' {
    return CLASS_NAMES[this.#st.jobs.cls[this.#slot]!]!;
  }
  get model(): string {
    return this.#st.o.modelNames[this.#st.jobs.model[this.#slot]!]!;
  }
  get arrival(): number {
    return this.#st.jobs.arrival[this.#slot]!;
  }
  get deadline(): number {
    return this.#st.jobs.deadline[this.#slot]!;
  }
  get slo(): number {
    return this.#st.o.slo[this.#st.jobs.cls[this.#slot]!]!;
  }
  get attempts(): number {
    return this.#st.jobs.attempts[this.#slot]!;
  }
  get predicted(): { readonly gpu: number; readonly cpu: number } {
    return this.#st.predicted[this.#st.jobs.model[this.#slot]!]!;
  }
  get batchable(): number {
    const jobs = this.#st.jobs;
    return this.#st.groupCount[jobs.model[this.#slot]! * 2 + jobs.cls[this.#slot]!]!;
  }
  toJSON(): object {
    return { id: this.id, class: this.class, model: this.model, deadline: this.deadline };
  }
}

export class LaneViewImpl implements LaneView {
  readonly #st: ViewState;
  readonly #lane: number;

  constructor(st: ViewState, lane: number) {
    this.#st = st;
    this.#lane = lane;
    Object.freeze(this);
  }

  /** The lane index behind a view of this state, or -1. */
  static laneOf(v: unknown, st: ViewState): number {
    if (typeof v !== 'object' || v === null || !(#lane in v)) return -1;
    const view = v as LaneViewImpl;
    return view.#st === st ? view.#lane : -1;
  }

  get index(): number {
    return this.#lane;
  }
  get name(): string {
    return this.#st.lanes.names[this.#lane]!;
  }
  get kind(): 'gpu' | 'cpu' {
    return KIND_NAMES[this.#st.lanes.kind[this.#lane]!]!;
  }
  get role(): 'primary' | 'backup' {
    return this.#st.lanes.backup[this.#lane] === 1 ? 'backup' : 'primary';
  }
  get speed(): number {
    return this.#st.lanes.speed[this.#lane]!;
  }
  get concurrency(): number {
    return this.#st.lanes.concurrency[this.#lane]!;
  }
  get running(): number {
    return this.#st.lanes.running[this.#lane]!;
  }
  get free(): number {
    return this.concurrency - this.running;
  }
  get health(): LaneHealth {
    return this.#st.health(this.#lane);
  }
  get available(): boolean {
    return this.#st.lanes.hasRoom(this.#lane);
  }
  get memFree(): number {
    return this.#st.memFree(this.#lane);
  }
  get memCapacity(): number {
    return this.#st.lanes.memCapacity[this.#lane]!;
  }
  toJSON(): object {
    return { index: this.index, name: this.name, health: this.health, free: this.free };
  }
}

/** The context `decide` gets; one per policy scheduler, its arrays refilled before each call. */
export class DecideContextImpl implements DecideContext {
  readonly #st: ViewState;
  #queue: JobView[] = [];
  #lanes: LaneView[] = [];
  readonly maxBatch: number;
  readonly models: readonly string[];
  // Functions of the policy's realm (the bridge wraps ours), so `const { predict, fits } = ctx`
  // works and nothing of the engine's realm is reached through them.
  readonly predict: (job: JobView, lane: LaneView | number, batch?: number) => number;
  readonly fits: (job: JobView, lane: LaneView | number, batch?: number) => boolean;
  readonly wakeAt: (t: number) => void;

  constructor(st: ViewState, bridge: PolicyBridge) {
    this.#st = st;
    this.maxBatch = st.o.policy.maxBatch;
    this.models = Object.freeze(bridge.list(st.o.modelNames));
    this.predict = bridge.fn((job: JobView, lane: LaneView | number, batch: number = 1) => {
      const slot = jobArg(job, st, 'predict');
      const l = laneArg(lane, st, 'predict');
      const b = batchArg(batch, 'predict');
      return st.predict(
        st.jobs.model[slot]!,
        l,
        b,
        st.lanes.running[l]! / st.lanes.concurrency[l]!,
      );
    });
    this.fits = bridge.fn((job: JobView, lane: LaneView | number, batch: number = 1) => {
      const slot = jobArg(job, st, 'fits');
      return st.fits(st.jobs.model[slot]!, laneArg(lane, st, 'fits'), batchArg(batch, 'fits'));
    });
    this.wakeAt = bridge.fn((t: number): void => {
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        throw new TypeError('wakeAt(t): t must be a finite number of simulated ms');
      }
      st.d?.wakeAt(t);
    });
    Object.freeze(this);
  }

  get now(): number {
    return this.#st.d?.now ?? 0;
  }

  /** Queued jobs, oldest first: a fresh array of the policy's realm each decision. */
  get queue(): JobView[] {
    return this.#queue;
  }

  /** Every lane in config order: a fresh array each decision. */
  get lanes(): LaneView[] {
    return this.#lanes;
  }

  /** The engine sets the arrays of the next decision (`PluginScheduler`). */
  setLists(queue: JobView[], lanes: LaneView[]): void {
    this.#queue = queue;
    this.#lanes = lanes;
  }
}

function jobArg(job: unknown, st: ViewState, fn: string): number {
  const slot = JobViewImpl.slotOf(job, st);
  if (slot < 0) throw new TypeError(`${fn}(job, ...): job must be a job from ctx.queue`);
  return slot;
}

function laneArg(lane: unknown, st: ViewState, fn: string): number {
  const l =
    typeof lane === 'number' && Number.isInteger(lane) && lane >= 0 && lane < st.lanes.count
      ? lane
      : LaneViewImpl.laneOf(lane, st);
  if (l < 0) {
    throw new TypeError(`${fn}(job, lane): lane must be a lane from ctx.lanes or its index`);
  }
  return l;
}

function batchArg(batch: unknown, fn: string): number {
  if (typeof batch !== 'number' || !Number.isInteger(batch) || batch < 1) {
    throw new TypeError(
      `${fn}(job, lane, batch): batch must be a whole number of jobs, at least 1`,
    );
  }
  return batch;
}

// A policy may not change how views behave for anyone else (the other side's instance in compare
// mode, the next policy run here): their prototypes and classes are frozen.
for (const c of [JobViewImpl, LaneViewImpl, DecideContextImpl, PredictedTimes]) {
  Object.freeze(c.prototype);
  Object.freeze(c);
}
