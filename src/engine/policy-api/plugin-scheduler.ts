// A user policy as a Scheduler. The engine sees an ordinary central-queue scheduler; inside, each
// dispatch asks the policy's `decide(ctx)` what to start, inside a decision window (runtime.ts),
// checks every start against the engine's state, and applies it. Anything wrong — an exception, a
// decision stopped at the time limit, a start naming a busy, down or unknown lane, a job that is
// not queued, a run that does not fit in memory — is logged with its line and that moment's work
// falls back to FIFO. Jobs only ever leave the queue through Dispatcher.start/startBatch, so the
// ledger balances whatever the policy does.

import type {
  Dispatcher,
  Scheduler,
  SchedulerFactory,
  SchedulerOptions,
} from '../schedulers/types.ts';
import {
  DEFAULT_LIMITS,
  SAME_REALM,
  type PolicyBridge,
  type PolicyInstantiator,
  type PolicyLimits,
  type PolicyRuntime,
} from './runtime.ts';
import { decideInWindow } from './decision-window.ts';
import { PolicyLog, type PolicyStatus } from './status.ts';
import { DecideContextImpl, JobViewImpl, LaneViewImpl, ViewState } from './views.ts';

/** A scheduler factory for a compiled user policy: a fresh module instance per run or switch. */
export function pluginFactory(
  name: string,
  instantiate: PolicyInstantiator,
  limits: PolicyLimits = DEFAULT_LIMITS,
  classPriority = false,
): SchedulerFactory {
  return (o) => new PluginScheduler(name, instantiate(o.seed), o, limits, classPriority);
}

/** Starts a decision asked for: `count` job slots from `first` in `PluginScheduler.slots`. */
interface PendingStart {
  lane: number;
  first: number;
  count: number;
}

export class PluginScheduler implements Scheduler {
  readonly log: PolicyLog;
  private readonly st: ViewState;
  private readonly ctx: DecideContextImpl;
  private readonly bridge: PolicyBridge;
  /** Scratch for one decision's queue (ours; the policy gets a copy in its realm). */
  private readonly queueScratch: JobViewImpl[] = [];
  /** Queued job slots in arrival (id) order; started ones are dropped at the end of a dispatch. */
  private order: number[] = [];
  /** Jobs queued (order's slots that have a view). */
  private n = 0;
  /** Some job in `order` has left the queue: compact it at the end of the dispatch. */
  private dirty = false;
  /** Scratch for one decision's starts. */
  private readonly starts: PendingStart[] = [];
  private readonly slots: number[] = [];
  private readonly batch: number[] = [];

  constructor(
    readonly name: string,
    private readonly rt: PolicyRuntime,
    o: SchedulerOptions,
    private readonly limits: PolicyLimits,
    /** The module says it serves interactive jobs before batch ones (PolicyModule.classPriority). */
    readonly classPriority = false,
  ) {
    this.log = new PolicyLog(name);
    if (!rt.decide) {
      const e = rt.loadError ?? { message: 'the module has no decide(ctx) function' };
      this.log.report('exception', e.message, 0, e.line);
      this.log.disabled = `the policy did not load (${e.message}): FIFO decides`;
    }
    this.st = new ViewState(o);
    this.bridge = rt.bridge ?? SAME_REALM;
    this.ctx = new DecideContextImpl(this.st, this.bridge);
  }

  get size(): number {
    return this.n;
  }

  status(): PolicyStatus {
    return this.log.status();
  }

  enqueue(job: number, d: Dispatcher): void {
    const st = this.st;
    st.attach(d);
    const jobs = d.jobs;
    st.views[job] = new JobViewImpl(st, job);
    this.n++;
    st.groupCount[jobs.model[job]! * 2 + jobs.cls[job]!]!++;
    // Usually the newest job; one re-queued after a lane failure goes back to its place.
    const order = this.order;
    const id = jobs.id[job]!;
    let i = order.length;
    order.push(job);
    while (i > 0 && jobs.id[order[i - 1]!]! > id) {
      order[i] = order[i - 1]!;
      i--;
    }
    order[i] = job;
  }

  drain(): number[] {
    const views = this.st.views;
    const out = this.order.filter((slot) => views[slot] !== undefined);
    for (const slot of out) this.forget(slot);
    this.order = [];
    this.n = 0;
    return out;
  }

  laneChanged(): void {
    // Central queue: nothing is bound to a lane before it starts.
  }

  dispatch(d: Dispatcher): void {
    const st = this.st;
    st.attach(d);
    st.d = d;
    try {
      if (this.log.disabled !== undefined) {
        this.fifo(d);
        return;
      }
      // Each round starts at least one queued job, so this ends.
      while (this.n > 0 && this.anyRoom(d)) {
        const started = this.round(d);
        if (started <= 0) break;
      }
    } finally {
      st.d = undefined;
      this.compact();
    }
  }

  /** One call of decide and its starts: how many starts were applied, or -1 after a fallback. */
  private round(d: Dispatcher): number {
    const st = this.st;
    const ctx = this.ctx;
    // Our own arrays, then fresh arrays of the policy's realm made from them (the bridge): nothing
    // the policy does to them reaches ours.
    const queue = this.queueScratch;
    queue.length = 0;
    for (const slot of this.order) {
      const view = st.views[slot];
      if (view !== undefined) queue.push(view);
    }
    const n = queue.length;
    ctx.setLists(this.bridge.list(queue), this.bridge.list(st.laneViews));

    this.log.decisions++;
    const rt = this.rt;
    const ok = decideInWindow(
      rt,
      this.limits,
      this.log,
      d.now,
      'the policy is off for the rest of the run, FIFO decides',
      () => this.read(rt.decide!(ctx), n),
    );
    if (!ok) return this.fallback(d);
    return this.apply(d);
  }

  /**
   * Copy what decide returned into `starts`/`slots` (slot and lane numbers only, so nothing of the
   * policy's runs after the window closes). Returns a problem, or undefined.
   */
  private read(result: unknown, queued: number): string | undefined {
    const starts = this.starts;
    starts.length = 0;
    this.slots.length = 0;
    if (result === null || result === undefined) return undefined;
    if (typeof result !== 'object') {
      return `decide returned ${describeType(result)}; return { job, lane }, a list of them, or null to wait`;
    }
    if (typeof (result as { then?: unknown }).then === 'function') {
      return 'decide returned a Promise: decide must return its decision synchronously (no async)';
    }
    if (Array.isArray(result)) {
      if (result.length > queued) {
        return `decide returned ${result.length} starts with ${queued} job${queued === 1 ? '' : 's'} queued`;
      }
      for (let i = 0; i < result.length; i++) {
        const p = this.readStart(result[i], `start ${i + 1}: `);
        if (p !== undefined) return p;
      }
      return undefined;
    }
    return this.readStart(result, '');
  }

  private readStart(s: unknown, where: string): string | undefined {
    if (typeof s !== 'object' || s === null) {
      return `${where}expected { job, lane } or { jobs, lane }, got ${describeType(s)}`;
    }
    const st = this.st;
    const { job, jobs, lane } = s as { job?: unknown; jobs?: unknown; lane?: unknown };
    let l: number;
    if (typeof lane === 'number') {
      if (!Number.isInteger(lane) || lane < 0 || lane >= st.lanes.count) {
        return `${where}lane ${lane} does not exist (lanes are 0 to ${st.lanes.count - 1})`;
      }
      l = lane;
    } else {
      l = LaneViewImpl.laneOf(lane, st);
      if (l < 0)
        return `${where}"lane" must be a lane from ctx.lanes or its index, got ${describeType(lane)}`;
    }
    const first = this.slots.length;
    if (jobs !== undefined) {
      if (!Array.isArray(jobs)) return `${where}"jobs" must be a list of jobs from ctx.queue`;
      const max = st.o.policy.maxBatch;
      if (jobs.length < 1 || jobs.length > max) {
        return `${where}a run holds 1 to ${max} job${max === 1 ? '' : 's'}${max === 1 ? ' (batching is off in this config)' : ' (batching.max_batch)'}, got ${jobs.length}`;
      }
      for (let k = 0; k < jobs.length; k++) {
        const j: unknown = jobs[k];
        const slot = JobViewImpl.slotOf(j, st);
        if (slot < 0) return `${where}"jobs" holds ${describeJob(j)}`;
        this.slots.push(slot);
      }
    } else {
      const slot = JobViewImpl.slotOf(job, st);
      if (slot < 0) return `${where}"job" is ${describeJob(job)}`;
      this.slots.push(slot);
    }
    this.starts.push({ lane: l, first, count: this.slots.length - first });
    return undefined;
  }

  /** Check each start against the engine's state and apply it; a bad one falls back to FIFO. */
  private apply(d: Dispatcher): number {
    const st = this.st;
    const jobs = d.jobs;
    const models = st.o.modelNames;
    let applied = 0;
    for (let i = 0; i < this.starts.length; i++) {
      const s = this.starts[i]!;
      const where = this.starts.length > 1 ? `start ${i + 1}: ` : '';
      const problem = this.check(s, d);
      if (problem !== undefined) {
        this.log.report('invalid', where + problem, d.now, this.rt.returnLine);
        this.fallback(d);
        return -1;
      }
      const head = this.slots[s.first]!;
      if (s.count === 1) {
        this.take(head);
        d.start(head, s.lane);
      } else {
        const batch = this.batch;
        batch.length = 0;
        for (let k = 0; k < s.count; k++) {
          const slot = this.slots[s.first + k]!;
          if (jobs.model[slot] !== jobs.model[head]) {
            this.log.report(
              'invalid',
              `${where}a batch holds one model: ${models[jobs.model[head]!]} and ${models[jobs.model[slot]!]}`,
              d.now,
              this.rt.returnLine,
            );
            this.fallback(d);
            return -1;
          }
          batch.push(slot);
        }
        for (const slot of batch) this.take(slot);
        d.startBatch(batch, s.lane);
      }
      this.log.started += s.count;
      applied++;
    }
    return applied;
  }

  /** Why a start may not happen now, or undefined. */
  private check(s: PendingStart, d: Dispatcher): string | undefined {
    const st = this.st;
    const lanes = d.lanes;
    const jobs = d.jobs;
    const name = lanes.names[s.lane]!;
    for (let k = 0; k < s.count; k++) {
      const slot = this.slots[s.first + k]!;
      if (st.views[slot] === undefined) {
        return `job ${jobs.id[slot]} is not queued any more (it was started earlier in this decision)`;
      }
      for (let k2 = 0; k2 < k; k2++) {
        if (this.slots[s.first + k2] === slot)
          return `job ${jobs.id[slot]} appears twice in one run`;
      }
    }
    const health = st.health(s.lane);
    if (health !== 'up') {
      return health === 'standby'
        ? `lane ${name} is a backup on standby (it takes work only while a primary lane is down)`
        : `lane ${name} is ${health === 'down' ? 'down' : `${health} (autoscaling)`}`;
    }
    if (!lanes.hasRoom(s.lane)) {
      const c = lanes.concurrency[s.lane]!;
      return `lane ${name} is busy (${lanes.running[s.lane]} of ${c} slot${c === 1 ? '' : 's'} taken)`;
    }
    const head = this.slots[s.first]!;
    const model = jobs.model[head]!;
    if (!st.fits(model, s.lane, s.count)) {
      const memory = st.o.memory!;
      return `lane ${name} has ${round(st.memFree(s.lane))} ${memory.unit} free; ${st.o.modelNames[model]} x${s.count} needs ${round(memory.cost(model, s.count))}`;
    }
    return undefined;
  }

  /** FIFO starts the rest of this moment's work: oldest job that fits, lanes in config order. */
  private fallback(d: Dispatcher): number {
    this.log.fallbacks++;
    this.fifo(d);
    return -1;
  }

  private fifo(d: Dispatcher): void {
    const st = this.st;
    const lanes = d.lanes;
    const jobs = d.jobs;
    for (let lane = 0; lane < lanes.count && lanes.freeUp > 0; lane++) {
      let i = 0;
      while (lanes.hasRoom(lane)) {
        const order = this.order;
        while (
          i < order.length &&
          (st.views[order[i]!] === undefined || !st.fits(jobs.model[order[i]!]!, lane, 1))
        ) {
          i++;
        }
        if (i >= order.length) break;
        const slot = order[i]!;
        this.take(slot);
        d.start(slot, lane);
      }
    }
  }

  private anyRoom(d: Dispatcher): boolean {
    const lanes = d.lanes;
    if (lanes.freeUp <= 0) return false;
    for (let l = 0; l < lanes.count; l++) if (lanes.hasRoom(l)) return true;
    return false;
  }

  /** A job leaves the queue (to start or be dropped by the engine). */
  private take(slot: number): void {
    this.forget(slot);
    this.dirty = true;
  }

  private forget(slot: number): void {
    const st = this.st;
    if (st.views[slot] === undefined) return;
    st.views[slot] = undefined;
    this.n--;
    const jobs = st.jobs;
    st.groupCount[jobs.model[slot]! * 2 + jobs.cls[slot]!]!--;
  }

  /** Drop started jobs from `order` (they are marked by an undefined view). */
  private compact(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const views = this.st.views;
    const order = this.order;
    let w = 0;
    for (let r = 0; r < order.length; r++) {
      const slot = order[r]!;
      if (views[slot] !== undefined) order[w++] = slot;
    }
    order.length = w;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A value's kind for messages, without calling any of its code. */
export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  const t = typeof v;
  return t === 'object' ? 'an object' : t === 'undefined' ? 'undefined' : `a ${t}`;
}

function describeJob(v: unknown): string {
  if (v === undefined) return 'missing (undefined): pick a job from ctx.queue';
  if (typeof v === 'number') return 'a number: pass the job itself (from ctx.queue), not its id';
  if (typeof v === 'object' && v !== null && v instanceof JobViewImpl) {
    return 'a job that is no longer queued (a view kept from an earlier call)';
  }
  return `${describeType(v)}, not a job from ctx.queue`;
}
