// The discrete-event scheduling engine. One engine serves both time sources: in simulation it jumps
// from event to event (flat out headless, or paced by the caller to wall-clock x speed for display);
// in live mode an Executor runs each batch for real and reports back, and the caller advances the
// engine to wall-clock time. Schedulers cannot tell the difference.
//
// Every job ends in exactly one recorded outcome, and at every instant
//   arrived = completed + rejected + dropped + queued + running.
// A failed lane's running work is re-queued, never lost.

import { createArrivalSource, type ArrivalSource } from './arrivals.ts';
import { assert } from './assert.ts';
import { Autoscaler } from './autoscale.ts';
import { autoscalePool, expandLanes, type Config, type LaneSpec } from './config.ts';
import { BATCH, INTERACTIVE, JobTable, NONE, QUEUED, RUNNING } from './job-table.ts';
import { LaneSet } from './lanes.ts';
import { Metrics } from './metrics.ts';
import { EventHeap } from './event-heap.ts';
import { uniformStream, type Uniform } from './rng.ts';
import { createServiceModel, profileGaps, type ServiceModel } from './service.ts';
import { buildSummary, type Summary } from './summary.ts';
import type { AdmissionControl } from './admission.ts';
import type { BatchPolicy } from './batching.ts';
import { createFeatures, createPredictor, schedulerOptions, wantsPredictor } from './features.ts';
import type { MemoryModel } from './memory.ts';
import type { LatencyPredictor } from './predictor.ts';
import type { TraceSink } from './trace-writer.ts';
import type { EngineOptions, Executor, Ledger, SpanSink } from './engine-types.ts';
import {
  MAX_EVENTS_AT_ONE_TIME,
  MAX_JOBS_IN_FLIGHT,
  MAX_SIM_MS,
  MAX_SIM_S,
  formatCount,
} from './limits.ts';
import { createScheduler, type SchedulerName } from './schedulers/registry.ts';
import type {
  Dispatcher,
  Scheduler,
  SchedulerFactory,
  SchedulerOptions,
} from './schedulers/types.ts';

export type { EngineOptions, Executor, Ledger, RunRequest, SpanSink } from './engine-types.ts';

/** Event kinds in the heap. */
const COMPLETE = 1;
const LANE_DOWN = 2;
const LANE_UP = 3;
/** A batch window closes: dispatch again. */
const BATCH_TIMER = 4;
/** Events between two checks of the resource guard's event budget and stuck clock. */
const CLOCK_CHECK_EVENTS = 1 << 16;
/** The autoscaler's periodic evaluation (autoscaling only). */
const AUTOSCALE = 5;
/** An autoscaled lane's warm-up ends (a = lane, b = warm-up generation). */
const LANE_READY = 6;

export class Engine implements Dispatcher {
  readonly config: Config;
  readonly models: readonly string[];
  readonly laneSpecs: readonly LaneSpec[];
  readonly jobs = new JobTable();
  readonly lanes: LaneSet;
  readonly metrics = new Metrics();
  private readonly heap = new EventHeap();
  private scheduler: Scheduler;
  /** The scheduler in effect was built by a factory (a user policy), not from the registry. */
  private custom: boolean;
  private readonly genericSchedulers: boolean;
  private readonly arrivals: ArrivalSource;
  private readonly service: ServiceModel;
  private readonly uArrival: Uniform;
  private readonly uMix: Uniform;
  private readonly uService: Uniform;
  private readonly modelCdf: Float64Array;
  private readonly slo: Float64Array;
  private readonly jobLimit: number;
  private readonly stopAt: number;
  private readonly queueCapacity: number;
  private readonly dropExpired: boolean;
  private readonly trace: TraceSink | undefined;
  private readonly spans: SpanSink | undefined;
  private readonly executor: Executor | undefined;
  /** Per-lane memory model; undefined when `memory.enabled` is false. */
  readonly memory: MemoryModel | undefined;
  /** The latency predictor; undefined unless something uses it (or `predictor.enabled`). */
  predictor: LatencyPredictor | undefined;
  /** Admission control; undefined when `admission.mode` is off. */
  readonly admission: AdmissionControl | undefined;
  readonly batchPolicy: BatchPolicy;
  /** The lane-pool autoscaler; undefined when `autoscale.enabled` is false. */
  readonly autoscaler: Autoscaler | undefined;
  /** Time of the earliest pending batch-window timer (+Infinity: none). */
  private timerAt = Infinity;
  /** Jobs started in runs (a re-run counts again): mean batch size = startedJobs / runs. */
  private startedJobs = 0;

  private t = 0;
  private nextArrival: number;
  private runs = 0;
  private events = 0;
  // The resource guard (limits.ts) costs two compares per event on its fast path: the next event's
  // time against `guardTime` (the longest run; -Infinity once stopped) and the event count against
  // `guardEvents` (the next check of the budget, the jobs in flight and the clock, every
  // CLOCK_CHECK_EVENTS events).
  private guardTime = MAX_SIM_MS;
  private guardEvents = 0;
  private readonly maxEvents: number;
  /** The clock at the last stuck-clock check, and the checks since it last moved. */
  private checkedTime = NaN;
  private stillChecks = 0;
  /** Why the run stopped before its end (a resource limit, limits.ts); undefined while it runs. */
  private stoppedBy: string | undefined;
  private interactiveRatio: number;
  private readonly ledgerCounts: Ledger = {
    arrived: 0,
    completed: 0,
    rejected: 0,
    dropped: 0,
    queued: 0,
    running: 0,
  };

  constructor(config: Config, options: EngineOptions = {}) {
    this.config = config;
    this.models = Object.keys(config.mix.models);
    this.laneSpecs = expandLanes(config);
    this.lanes = new LaneSet(this.laneSpecs);
    if (config.service.dist === 'profile') {
      const kinds = [...new Set(this.laneSpecs.map((l) => l.kind))];
      const gaps = profileGaps(config.service.profile, this.models, kinds);
      if (gaps.length > 0) throw new Error(`invalid config:\n  - ${gaps.join('\n  - ')}`);
    }
    this.uArrival = uniformStream(config.seed, 'arrivals');
    this.uMix = uniformStream(config.seed, 'mix');
    this.uService = uniformStream(options.serviceSeed ?? config.seed, 'service');
    this.arrivals = createArrivalSource(config.arrivals, this.uArrival, options.replay);
    this.service = createServiceModel(config.service, this.models);
    const features = createFeatures({
      config,
      models: this.models,
      laneSpecs: this.laneSpecs,
      lanes: this.lanes,
      service: this.service,
      memoryTable: options.memoryTable,
    });
    this.batchPolicy = features.batchPolicy;
    this.memory = features.memory;
    this.predictor = features.predictor;
    this.admission = features.admission;
    this.custom = options.scheduler !== undefined;
    this.genericSchedulers = options.genericSchedulers === true;
    this.scheduler = options.scheduler
      ? options.scheduler(this.schedulerOptions())
      : createScheduler(config.scheduler, this.schedulerOptions());

    const weights = Object.values(config.mix.models);
    const total = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.modelCdf = Float64Array.from(weights, (w) => (acc += w / total));
    this.modelCdf[this.modelCdf.length - 1] = 1;
    this.interactiveRatio = config.mix.interactive_ratio;
    this.slo = Float64Array.of(config.classes.interactive.slo_ms, config.classes.batch.slo_ms);
    this.jobLimit = config.jobs ?? Infinity;
    this.stopAt = config.duration_s !== undefined ? config.duration_s * 1000 : Infinity;
    this.queueCapacity = config.queue.capacity ?? Infinity;
    this.dropExpired = config.queue.drop_expired;
    this.trace = options.trace;
    this.spans = options.spans;
    this.executor = options.executor;
    this.maxEvents = options.maxEvents ?? Infinity;

    for (const fault of config.faults) {
      assert(
        fault.lane < this.lanes.count,
        `faults: lane ${fault.lane} does not exist (the config has ${this.lanes.count} lanes)`,
      );
      this.heap.push(fault.at_ms, LANE_DOWN, fault.lane, 0);
      if (fault.duration_ms !== undefined) {
        this.heap.push(fault.at_ms + fault.duration_ms, LANE_UP, fault.lane, 0);
      }
    }
    this.nextArrival = this.jobLimit > 0 ? this.admitTime(this.arrivals.next()) : Infinity;
    if (config.autoscale.enabled) {
      const pool = autoscalePool(config, this.laneSpecs);
      const kind = config.autoscale.kind;
      const configured = config.lanes
        .filter((g) => g.kind === kind && g.role === 'primary')
        .reduce((n, g) => n + g.count, 0);
      this.autoscaler = new Autoscaler(
        config.autoscale,
        pool,
        configured,
        {
          lanes: this.lanes,
          scheduleReady: (t, lane, gen) => this.heap.push(t, LANE_READY, lane, gen),
          laneChanged: (lane) => this.scheduler.laneChanged(lane, this),
        },
        this.metrics,
      );
      this.heap.push(config.autoscale.interval_ms, AUTOSCALE, 0, 0);
    }
  }

  // ---- Dispatcher -------------------------------------------------------------------------

  get now(): number {
    return this.t;
  }

  start(job: number, lane: number): boolean {
    const jobs = this.jobs;
    this.ledgerCounts.queued--;
    if (this.admission !== undefined && this.admitDrops(job, lane, 1)) return false;
    if (this.dropExpired && this.t > jobs.deadline[job]!) {
      this.finishUnrun(job, 'dropped');
      return false;
    }
    jobs.next[job] = NONE;
    this.launch(job, 1, lane);
    return true;
  }

  /**
   * Start queued jobs (already off the scheduler's queue) together as one batch on `lane`; they
   * share one service time. Expired jobs are dropped first when the queue drops them. Returns the
   * batch size started (0 when every job was dropped).
   */
  startBatch(batch: readonly number[], lane: number): number {
    const jobs = this.jobs;
    let head = NONE;
    let tail = NONE;
    let size = 0;
    for (const job of batch) {
      this.ledgerCounts.queued--;
      if (this.admission !== undefined && this.admitDrops(job, lane, batch.length)) continue;
      if (this.dropExpired && this.t > jobs.deadline[job]!) {
        this.finishUnrun(job, 'dropped');
        continue;
      }
      jobs.next[job] = NONE;
      if (head === NONE) head = job;
      else jobs.next[tail] = job;
      tail = job;
      size++;
    }
    if (size > 0) this.launch(head, size, lane);
    return size;
  }

  wakeAt(t: number): void {
    if (t >= this.timerAt) return;
    this.timerAt = t;
    this.heap.push(t > this.t ? t : this.t, BATCH_TIMER, 0, 0);
  }

  /** Admission control on a job leaving the queue: true when it was dropped as hopeless. */
  private admitDrops(job: number, lane: number, size: number): boolean {
    const admission = this.admission!;
    admission.left(job, this.jobs);
    if (!admission.dropBeforeStart || !admission.hopeless(job, this.jobs, lane, size, this.t)) {
      return false;
    }
    admission.dropped++;
    this.finishUnrun(job, 'dropped');
    return true;
  }

  private createPredictor(): LatencyPredictor {
    const { config, models, laneSpecs, lanes, service } = this;
    return createPredictor(
      { config, models, laneSpecs, lanes, service },
      this.batchPolicy.maxBatch,
    );
  }

  private schedulerOptions(): SchedulerOptions {
    const options = schedulerOptions(this.config, this, this.models, this.service);
    if (this.genericSchedulers) options.generic = true;
    return options;
  }

  /** Runs started and the jobs in them (mean batch size = jobs / runs). */
  get runStats(): { runs: number; jobs: number } {
    return { runs: this.runs, jobs: this.startedJobs };
  }

  // ---- Control ----------------------------------------------------------------------------

  /** Switch to a built-in policy; queued jobs move to the new scheduler in arrival order. */
  setScheduler(name: SchedulerName): void {
    if (name === this.scheduler.name && !this.custom) return;
    if (!this.predictor && wantsPredictor(this.config, name))
      this.predictor = this.createPredictor();
    this.custom = false;
    this.useScheduler(createScheduler(this.config.scheduler, this.schedulerOptions(), name));
  }

  /**
   * Switch to a scheduler built by `factory` (a user policy, see src/engine/policy-api/); queued
   * jobs move to it in arrival order. `setScheduler` switches back to a built-in.
   */
  setCustomScheduler(factory: SchedulerFactory): void {
    this.custom = true;
    this.useScheduler(factory(this.schedulerOptions()));
  }

  /** The scheduler in effect (tests and the engine worker read a user policy's status from it). */
  get currentScheduler(): Scheduler {
    return this.scheduler;
  }

  private useScheduler(next: Scheduler): void {
    const queued = this.scheduler.drain();
    for (const lane of this.lanes.bound.keys()) this.lanes.bound[lane] = 0;
    const ids = this.jobs.id;
    queued.sort((a, b) => ids[a]! - ids[b]!);
    this.scheduler = next;
    for (const job of queued) this.scheduler.enqueue(job, this);
    this.dispatch();
  }

  /** The name of the policy in effect: a built-in's, or a user policy's own. */
  get schedulerName(): string {
    return this.scheduler.name;
  }

  /** Set the mean arrival rate (jobs/s) from now on. */
  setRate(ratePerS: number): void {
    assert(ratePerS > 0, 'the arrival rate must be positive');
    if (!Number.isFinite(this.nextArrival)) return;
    this.nextArrival = this.admitTime(this.arrivals.setRate(ratePerS, this.t, this.nextArrival));
  }

  get rate(): number {
    return this.arrivals.rate;
  }

  /** Share of new jobs that are interactive, from now on. */
  setInteractiveRatio(ratio: number): void {
    assert(ratio >= 0 && ratio <= 1, 'the interactive ratio must be in [0, 1]');
    this.interactiveRatio = ratio;
  }

  /** Take a lane down now: its running work is re-queued. */
  failLane(lane: number): void {
    this.laneDown(lane);
    this.dispatch();
  }

  /** Bring a lane back up now. */
  recoverLane(lane: number): void {
    this.laneUp(lane);
    this.dispatch();
  }

  // ---- Running ----------------------------------------------------------------------------

  /**
   * True when the run is over: no arrival pending, no event left and no job waits or runs (in live
   * mode a running job has no event until its lane answers), or stopped by a resource limit (see
   * `stopped`).
   */
  get done(): boolean {
    const ledger = this.ledgerCounts;
    return (
      (this.nextArrival === Infinity &&
        this.heap.size === 0 &&
        ledger.queued === 0 &&
        ledger.running === 0) ||
      this.stoppedBy !== undefined
    );
  }

  /**
   * Why the run stopped early, in words, when it passed one of the limits in limits.ts (simulated
   * time, jobs in flight, a stuck clock, the event budget); undefined otherwise. A stopped run keeps
   * a balanced ledger: what was queued or running stays counted so.
   */
  get stopped(): string | undefined {
    return this.stoppedBy;
  }

  /** Time of the next event, or +Infinity (also once the run has stopped). */
  get nextEventTime(): number {
    return this.stoppedBy !== undefined
      ? Infinity
      : Math.min(this.nextArrival, this.heap.peekTime());
  }

  get eventCount(): number {
    return this.events;
  }

  /** Process every event up to and including time `until`; the clock then reads `until`. */
  advanceTo(until: number): number {
    let n = 0;
    while (this.processNext(until)) n++;
    if (Number.isFinite(until) && until > this.t && this.stoppedBy === undefined) {
      this.t = Math.min(until, MAX_SIM_MS);
    }
    return n;
  }

  /** Process exactly one event, if any. */
  step(): boolean {
    return this.processNext(Infinity);
  }

  /**
   * Process at most `maxEvents` events. Returns true while events remain: the CLI runs in slices
   * this way to report progress. Call `finish()` after the last slice.
   */
  run(maxEvents: number): boolean {
    for (let n = 0; n < maxEvents; n++) if (!this.processNext(Infinity)) return false;
    return true;
  }

  /** End the run: flush the trace. */
  finish(): void {
    this.trace?.flush();
  }

  /** Run flat out until the run is over; flushes the trace. */
  runToEnd(): void {
    while (this.processNext(Infinity));
    this.trace?.flush();
  }

  /** Live mode: the executor finished a run at time `end` (ms on the engine's clock). */
  completeRun(head: number, gen: number, end: number): void {
    this.heap.push(Math.max(end, this.t), COMPLETE, head, gen);
  }

  ledger(): Ledger {
    return { ...this.ledgerCounts };
  }

  summary(): Summary {
    return buildSummary({
      config: this.config,
      now: this.t,
      events: this.events,
      ledger: this.ledger(),
      scheduler: this.scheduler.name,
      metrics: this.metrics,
      lanes: this.lanes,
      laneSpecs: this.laneSpecs,
      runs: this.runStats,
      memory: this.memory,
      predictor: this.predictor,
      admission: this.admission,
      autoscaler: this.autoscaler,
      stopped: this.stoppedBy,
    });
  }

  private processNext(limit: number): boolean {
    const heapTime = this.heap.peekTime();
    const arrival = this.nextArrival;
    if (heapTime <= arrival) {
      if (heapTime > limit || heapTime === Infinity) return false;
      if (this.events >= this.guardEvents || heapTime > this.guardTime) {
        if (!this.guard(heapTime)) return false;
      }
      const heap = this.heap;
      heap.pop();
      const before = this.t;
      this.t = heapTime;
      const e = heap.top;
      if (e.kind === COMPLETE) this.complete(e.a, e.b);
      else if (e.kind === LANE_DOWN) this.laneDown(e.a);
      else if (e.kind === LANE_UP) this.laneUp(e.a);
      else if (e.kind === BATCH_TIMER) {
        if (heapTime >= this.timerAt) this.timerAt = Infinity;
      } else this.autoscaleEvent(e.kind, e.a, e.b, before);
    } else {
      if (arrival > limit) return false;
      if (this.events >= this.guardEvents || arrival > this.guardTime) {
        if (!this.guard(arrival)) return false;
      }
      this.t = arrival;
      this.arrive();
    }
    this.events++;
    this.dispatch();
    return true;
  }

  /**
   * The guard's slow path: false (and the run stopped, saying why) when the event at `next` must
   * not be processed. A stuck clock is caught by sampling: the clock is checked every
   * CLOCK_CHECK_EVENTS events and has not moved for MAX_EVENTS_AT_ONE_TIME of them.
   */
  private guard(next: number): boolean {
    if (this.stoppedBy !== undefined) return false;
    if (next > MAX_SIM_MS) return this.stop('horizon');
    if (this.events >= this.maxEvents) return this.stop('events');
    if (this.events >= this.guardEvents) {
      // Jobs in flight grow by at most one an event: checked with that much headroom, they never
      // pass MAX_JOBS_IN_FLIGHT.
      const ledger = this.ledgerCounts;
      if (ledger.queued + ledger.running > MAX_JOBS_IN_FLIGHT - CLOCK_CHECK_EVENTS) {
        return this.stop('in-flight');
      }
      if (this.t === this.checkedTime) {
        if (++this.stillChecks * CLOCK_CHECK_EVENTS >= MAX_EVENTS_AT_ONE_TIME) {
          return this.stop('clock');
        }
      } else this.stillChecks = 0;
      this.checkedTime = this.t;
      this.guardEvents = Math.min(this.events + CLOCK_CHECK_EVENTS, this.maxEvents);
    }
    return true;
  }

  /** Stop the run before the next event, saying why; returns false (no event processed). */
  private stop(limit: 'clock' | 'horizon' | 'events' | 'in-flight'): false {
    this.guardTime = -Infinity;
    const at = `at ${formatCount(Math.round(this.t / 1000))} s simulated`;
    switch (limit) {
      case 'horizon':
        this.stoppedBy =
          `the run stopped ${at}: its next event is past ${formatCount(MAX_SIM_S)} s (11.6 days), ` +
          'the longest run SchedLab simulates (its per-second metrics would outgrow memory)';
        break;
      case 'in-flight':
        this.stoppedBy =
          `the run stopped ${at} with ${formatCount(this.ledgerCounts.queued + this.ledgerCounts.running)} ` +
          `jobs queued or running, near the ${formatCount(MAX_JOBS_IN_FLIGHT)} SchedLab holds: the ` +
          'lanes cannot keep up with the arrivals; set queue.capacity (or admission control) to ' +
          'turn the excess away';
        break;
      case 'clock':
        this.stoppedBy =
          `the run stopped ${at}: ${formatCount(MAX_EVENTS_AT_ONE_TIME)} events happened without ` +
          'the simulated clock moving';
        break;
      case 'events':
        this.stoppedBy = `the run stopped ${at} after ${formatCount(this.events)} events, its event budget`;
        break;
    }
    return false;
  }

  /**
   * AUTOSCALE or LANE_READY. The evaluation repeats while work is pending; once the run is over, a
   * last event leaves the clock where the work ended, so summaries do not count idle tail time.
   */
  private autoscaleEvent(kind: number, a: number, b: number, before: number): void {
    const autoscaler = this.autoscaler!;
    const ledger = this.ledgerCounts;
    const pending = this.nextArrival !== Infinity || ledger.queued > 0 || ledger.running > 0;
    if (!pending) {
      this.t = before;
      if (kind === LANE_READY) autoscaler.ready(before, a, b);
      return;
    }
    if (kind === LANE_READY) {
      autoscaler.ready(this.t, a, b);
      return;
    }
    const changed = autoscaler.tick(this.t, ledger.queued);
    // Jobs queued with nothing else pending and no change here: the run is stuck (every lane down
    // for good), and a clock that ticks forever would never end it.
    const live =
      this.nextArrival !== Infinity || ledger.running > 0 || this.heap.size > 0 || changed;
    if (live) this.heap.push(this.t + autoscaler.interval, AUTOSCALE, 0, 0);
  }

  private dispatch(): void {
    if (this.ledgerCounts.queued > 0 && this.lanes.freeUp > 0) this.scheduler.dispatch(this);
  }

  /** Arrival times past the stop time end the arrival stream. */
  private admitTime(t: number): number {
    return t <= this.stopAt ? t : Infinity;
  }

  private arrive(): void {
    const jobs = this.jobs;
    const ledger = this.ledgerCounts;
    const now = this.t;
    const slot = jobs.take();
    const id = ledger.arrived++;
    // Always draw class, model and service multiplier in this order, whatever happens to the job,
    // so every scheduler sees the same job sequence for a seed.
    const cls = this.uMix() < this.interactiveRatio ? INTERACTIVE : BATCH;
    const u = this.uMix();
    const cdf = this.modelCdf;
    let model = 0;
    while (u > cdf[model]!) model++;
    jobs.id[slot] = id;
    jobs.cls[slot] = cls;
    jobs.model[slot] = model;
    jobs.arrival[slot] = now;
    jobs.deadline[slot] = now + this.slo[cls]!;
    jobs.unit[slot] = this.service.unit(this.uService, model);
    jobs.attempts[slot] = 0;
    jobs.lane[slot] = -1;
    this.metrics.arrived(now);

    this.nextArrival =
      ledger.arrived < this.jobLimit ? this.admitTime(this.arrivals.next()) : Infinity;

    if (ledger.queued >= this.queueCapacity) {
      this.finishUnrun(slot, 'rejected');
      return;
    }
    const admission = this.admission;
    if (admission !== undefined) {
      if (
        admission.rejectOnArrival &&
        !admission.admit(slot, jobs, now, this.scheduler.classPriority === true)
      ) {
        admission.rejected++;
        this.finishUnrun(slot, 'rejected');
        return;
      }
      admission.queued(slot, jobs);
    }
    jobs.state[slot] = QUEUED;
    ledger.queued++;
    this.scheduler.enqueue(slot, this);
    this.metrics.queueDepth(now, ledger.queued);
  }

  private launch(head: number, size: number, lane: number): void {
    const jobs = this.jobs;
    const lanes = this.lanes;
    const now = this.t;
    const runId = this.runs++;
    let gen = 0;
    for (let j = head; j !== NONE; j = jobs.next[j]!) {
      jobs.state[j] = RUNNING;
      jobs.start[j] = now;
      jobs.lane[j] = lane;
      jobs.attempts[j]!++;
      // Completion events carry the head's generation (each slot counts its own).
      const g = ++jobs.gen[j]!;
      if (j === head) gen = g;
      jobs.batchId[j] = runId;
      jobs.batchSize[j] = size;
    }
    this.ledgerCounts.running += size;
    this.startedJobs += size;
    const model = jobs.model[head]!;
    if (this.memory !== undefined) {
      const cost = this.memory.cost(model, size);
      const used = lanes.memUsed[lane]! + cost;
      assert(used <= lanes.memCapacity[lane]!, `memory: a run would pass lane ${lane}'s capacity`);
      lanes.memUsed[lane] = used;
      if (used > lanes.memPeak[lane]!) lanes.memPeak[lane] = used;
      jobs.memCost[head] = cost;
    }
    if (this.predictor !== undefined) {
      const load = lanes.running[lane]! / lanes.concurrency[lane]!;
      jobs.launchLoad[head] = load;
      jobs.predicted[head] = this.predictor.predict(
        model,
        lanes.kind[lane]!,
        lanes.speed[lane]!,
        size,
        load,
      );
    }
    lanes.running[lane]!++;
    lanes.freeUp--;
    if (this.executor) {
      const predicted = this.predictor !== undefined ? jobs.predicted[head]! : NaN;
      this.executor.run({ lane, head, gen, model, batchSize: size, predicted });
      return;
    }
    const kind = lanes.kindName[lane]!;
    const service = this.service.sample(
      model,
      kind,
      lanes.speed[lane]!,
      size,
      jobs.unit[head]!,
      this.service.shares ? lanes.runningOfKind(kind) : 1,
    );
    const wakeMs = this.service.wakeMs;
    const wake = wakeMs > 0 && jobs.arrival[head] === now ? wakeMs : 0;
    this.heap.push(now + service + wake, COMPLETE, head, gen);
  }

  private complete(head: number, gen: number): void {
    const jobs = this.jobs;
    // A run on a lane that failed meanwhile: its jobs were re-queued and bumped their generation.
    if (jobs.state[head] !== RUNNING || jobs.gen[head] !== gen) return;
    const lanes = this.lanes;
    const lane = jobs.lane[head]!;
    const now = this.t;
    const start = jobs.start[head]!;
    lanes.running[lane]!--;
    if (lanes.up[lane] === 1) lanes.freeUp++;
    else if (this.autoscaler !== undefined) this.autoscaler.drained(now, lane);
    lanes.busyMs[lane]! += now - start;
    const size = jobs.batchSize[head]!;
    if (this.memory !== undefined) this.releaseMemory(lane, head);
    if (this.predictor !== undefined) {
      this.predictor.observe(
        jobs.model[head]!,
        lanes.kind[lane]!,
        lanes.speed[lane]!,
        size,
        jobs.launchLoad[head]!,
        jobs.predicted[head]!,
        now - start,
      );
    }
    this.reportSpan(lane, head, start, false);
    const ledger = this.ledgerCounts;
    ledger.running -= size;
    let j = head;
    while (j !== NONE) {
      const next = jobs.next[j]!;
      const cls = jobs.cls[j]!;
      const slo = this.slo[cls]!;
      this.metrics.completed(cls, jobs.arrival[j]!, start, now, slo);
      ledger.completed++;
      this.trace?.job(
        jobs.id[j]!,
        cls,
        jobs.model[j]!,
        lane,
        jobs.arrival[j]!,
        start,
        now,
        slo,
        'completed',
        jobs.attempts[j]!,
        jobs.batchId[j]!,
        size,
      );
      jobs.release(j);
      j = next;
    }
  }

  /** Tell the span sink (the Gantt chart) about a run that ended now, done or failed. */
  private reportSpan(lane: number, head: number, start: number, failed: boolean): void {
    const jobs = this.jobs;
    this.spans?.span(
      lane,
      start,
      this.t,
      jobs.id[head]!,
      jobs.cls[head]!,
      jobs.model[head]!,
      jobs.batchSize[head]!,
      failed,
    );
  }

  private releaseMemory(lane: number, head: number): void {
    const lanes = this.lanes;
    const left = lanes.memUsed[lane]! - this.jobs.memCost[head]!;
    // Sums of fractional costs drift by rounding: an idle lane holds exactly nothing.
    lanes.memUsed[lane] = lanes.running[lane] === 0 || left < 1e-9 ? 0 : left;
  }

  /** Record a job that ends without running (rejected on arrival, or dropped from the queue). */
  private finishUnrun(slot: number, outcome: 'rejected' | 'dropped'): void {
    const jobs = this.jobs;
    const cls = jobs.cls[slot]!;
    if (outcome === 'rejected') {
      this.ledgerCounts.rejected++;
      this.metrics.rejected(cls, this.t);
    } else {
      this.ledgerCounts.dropped++;
      this.metrics.dropped(cls, this.t);
    }
    this.trace?.job(
      jobs.id[slot]!,
      cls,
      jobs.model[slot]!,
      -1,
      jobs.arrival[slot]!,
      this.t,
      this.t,
      this.slo[cls]!,
      outcome,
      jobs.attempts[slot]!,
      -1,
      0,
    );
    jobs.release(slot);
  }

  private laneDown(lane: number): void {
    const lanes = this.lanes;
    if (lanes.down[lane] === 1) return;
    const jobs = this.jobs;
    const now = this.t;
    lanes.down[lane] = 1;
    lanes.refreshUp(lane);
    if (lanes.backup[lane] === 0) lanes.primariesDown++;
    // Re-queue every job running on the lane, in arrival order. Bumping the generation makes the
    // pending completion events of these runs stale.
    const victims = jobs.slotsIn(RUNNING).filter((j) => jobs.lane[j] === lane);
    victims.sort((a, b) => jobs.id[a]! - jobs.id[b]!);
    for (const j of victims) jobs.gen[j]!++;
    // Report each failed run once, at its head.
    for (const head of this.heads(victims)) {
      const start = jobs.start[head]!;
      lanes.busyMs[lane]! += now - start;
      if (this.memory !== undefined) this.releaseMemory(lane, head);
      this.reportSpan(lane, head, start, true);
    }
    lanes.running[lane] = 0;
    this.ledgerCounts.running -= victims.length;
    for (const j of victims) {
      jobs.state[j] = QUEUED;
      jobs.next[j] = NONE;
      this.ledgerCounts.queued++;
      this.admission?.queued(j, jobs);
      this.scheduler.enqueue(j, this);
    }
    this.autoscaler?.drained(now, lane);
    this.scheduler.laneChanged(lane, this);
  }

  private laneUp(lane: number): void {
    const lanes = this.lanes;
    if (lanes.down[lane] === 0) return;
    lanes.down[lane] = 0;
    lanes.refreshUp(lane);
    if (lanes.backup[lane] === 0) lanes.primariesDown--;
    this.scheduler.laneChanged(lane, this);
  }

  /** The first job of each run among `victims` (runs are linked lists through `next`). */
  private heads(victims: readonly number[]): number[] {
    const jobs = this.jobs;
    const inner = new Set<number>();
    for (const j of victims) if (jobs.next[j] !== NONE) inner.add(jobs.next[j]!);
    return victims.filter((j) => !inner.has(j));
  }
}
