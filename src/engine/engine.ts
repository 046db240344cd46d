// The discrete-event scheduling engine. One engine serves both time sources: in simulation it jumps
// from event to event (flat out headless, or paced by the caller to wall-clock x speed for display);
// in live mode an Executor runs each batch for real and reports back, and the caller advances the
// engine to wall-clock time. Schedulers cannot tell the difference.
//
// Every job ends in exactly one recorded outcome, and at every instant
//   arrived = completed + rejected + dropped + queued + running.
// A failed lane's running work is re-queued, never lost.
//
// This file is the event loop: the clock, arrivals, the events in the heap, control changes and
// the run's public face. What a run does to jobs and the ledger is run-ledger.ts (which this class
// extends), lane failures are lane-faults.ts, and the limits a run stops at are resource-guard.ts.
// A second workload kind (LLM serving, src/engine/llm/) joins in `processNext`: its event kinds
// beside COMPLETE, sharing the heap, the clock, the random streams, the ledger and the guard.

import { createArrivalSource, type ArrivalSource } from './arrivals.ts';
import { assert } from './assert.ts';
import { EventTimeError } from './event-heap.ts';
import type { Config } from './config.ts';
import type { EngineOptions, Ledger } from './engine-types.ts';
import { createPredictor, schedulerOptions, wantsPredictor } from './features.ts';
import { BATCH, INTERACTIVE, QUEUED } from './job-table.ts';
import { LANE_DOWN, LANE_UP, laneDown, laneUp, scheduleFaults } from './lane-faults.ts';
import { MAX_SIM_MS } from './limits.ts';
import { llmReplayTrace, parseAzureLlmTrace, type LlmTrace } from './llm/azure-trace.ts';
import { LlmServer } from './llm/server.ts';
import { llmSummary } from './llm/summary.ts';
import type { LatencyPredictor } from './predictor.ts';
import { ResourceGuard } from './resource-guard.ts';
import { uniformStream, type Uniform } from './rng.ts';
import {
  AUTOSCALE,
  BATCH_TIMER,
  COMPLETE,
  KV_DONE,
  LANE_READY,
  RunLedger,
  STEP_END,
} from './run-ledger.ts';
import { createScheduler, type SchedulerName } from './schedulers/registry.ts';
import type { Scheduler, SchedulerFactory, SchedulerOptions } from './schedulers/types.ts';
import { buildSummary, type Summary } from './summary.ts';
import type { SimMs } from './units.ts';

export type {
  EngineOptions,
  Executor,
  Ledger,
  ReplicaHost,
  RunRequest,
  SpanSink,
} from './engine-types.ts';

/** How long (engine ms) an autoscaler with work waiting and nothing changing is waited for. */
const STUCK_MS = 3_600_000;

export class Engine extends RunLedger {
  /** The scheduler in effect was built by a factory (a user policy), not from the registry. */
  private custom: boolean;
  private readonly genericSchedulers: boolean;
  private readonly arrivals: ArrivalSource;
  private readonly uArrival: Uniform;
  private readonly uMix: Uniform;
  /** Cumulative model weights: a job's model is the first index whose entry passes a draw. */
  private readonly modelCdf: Float64Array;
  private interactiveRatio: number;
  private readonly jobLimit: number;
  private readonly stopAt: number;
  private readonly queueCapacity: number;
  private readonly guard: ResourceGuard;
  private nextArrival: number;
  private events = 0;
  /** Autoscaler evaluations since the pool last changed. */
  private idleTicks = 0;
  /** A load generator may still send (`EngineOptions.external`, until `closeInput`). */
  private inputOpen: boolean;
  /** LLM serving (src/engine/llm/): requests with tokens on replicas with a KV cache; undefined
   * for a run of fixed-cost requests. */
  readonly llm: LlmServer | undefined;

  constructor(config: Config, options: EngineOptions = {}) {
    super(config, options);
    this.uArrival = uniformStream(config.seed, 'arrivals');
    this.uMix = uniformStream(config.seed, 'mix');
    // An azure_llm trace carries times and token counts: the times feed the arrival stream, the
    // counts the LLM server (parsed once for both).
    let llmTrace: LlmTrace | undefined;
    let replay = options.replay;
    if (config.arrivals.process === 'trace' && config.arrivals.format === 'azure_llm') {
      llmTrace =
        options.llmTrace ??
        parseAzureLlmTrace(config.arrivals.data ?? missingTraceText(), config.arrivals.rate_scale);
      replay = llmReplayTrace(llmTrace);
    }
    this.arrivals = createArrivalSource(config.arrivals, this.uArrival, replay);
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
    this.inputOpen = options.external === true;
    this.jobLimit = this.inputOpen ? 0 : (config.jobs ?? Infinity);
    this.stopAt = config.duration_s !== undefined ? config.duration_s * 1000 : Infinity;
    this.queueCapacity = config.queue.capacity ?? Infinity;
    this.guard = new ResourceGuard(options.maxEvents ?? Infinity);
    scheduleFaults(config.faults, this.lanes.count, (t, kind, lane) =>
      this.heap.push(t, kind, lane, 0),
    );
    if (this.autoscaler) this.heap.push(this.autoscaler.interval, AUTOSCALE, 0, 0);
    this.llm =
      config.llm === undefined
        ? undefined
        : new LlmServer({
            config,
            llm: config.llm,
            lanes: this.lanes,
            jobs: this.jobs,
            ledger: this.ledgerCounts,
            metrics: this.metrics,
            host: { schedule: (t, kind, a, b) => this.heap.push(t, kind, a, b) },
            trace: options.llmSink,
            spans: options.spans,
            source: llmTrace,
            executor: options.llmExecutor,
            policy: options.llmPolicy,
          });
    this.nextArrival = this.jobLimit > 0 ? this.admitTime(this.arrivals.next()) : Infinity;
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
    if (this.llm !== undefined) return this.llm.policyName;
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
    laneDown(this, lane);
    this.dispatch();
  }

  /** Bring a lane back up now. */
  recoverLane(lane: number): void {
    laneUp(this, lane);
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
      this.guard.stopped !== undefined
    );
  }

  /**
   * Why the run stopped early, in words, when it passed one of the limits in limits.ts (simulated
   * time, jobs in flight, a stuck clock, the event budget); undefined otherwise. A stopped run keeps
   * a balanced ledger: what was queued or running stays counted so.
   */
  get stopped(): string | undefined {
    return this.guard.stopped;
  }

  /** Time of the next event, or +Infinity (also once the run has stopped). */
  get nextEventTime(): SimMs {
    return (
      this.guard.stopped !== undefined ? Infinity : Math.min(this.nextArrival, this.heap.peekTime())
    ) as SimMs;
  }

  get eventCount(): number {
    return this.events;
  }

  /** Process every event up to and including time `until`; the clock then reads `until`. */
  advanceTo(until: SimMs): number {
    let n = 0;
    while (this.processNext(until)) n++;
    if (Number.isFinite(until) && until > this.t && this.guard.stopped === undefined) {
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
    this.llm?.flush();
  }

  /** Run flat out until the run is over; flushes the trace. */
  runToEnd(): void {
    while (this.processNext(Infinity));
    this.finish();
  }

  /** LLM live mode: the executor finished step `seq` on `lane` at `end` (the engine's clock). */
  completeStep(lane: number, seq: number, end: SimMs): void {
    this.heap.push(Math.max(end, this.t), STEP_END, lane, seq);
  }

  /**
   * Load-generator mode (`EngineOptions.external`): one request arrives now, drawn as the engine's
   * own arrivals are (class, model, service multiplier, in that order). Returns its job id (the
   * `id` its trace row carries). Advance the clock first (`advanceTo`).
   */
  inject(): number {
    assert(this.inputOpen, 'inject needs EngineOptions.external and an open input');
    const id = this.ledgerCounts.arrived;
    this.arrive();
    this.events++;
    this.dispatch();
    return id;
  }

  /** Load-generator mode: nothing more will be sent; the run ends when its work does. */
  closeInput(): void {
    this.inputOpen = false;
  }

  /** Live mode: a replica the autoscaler started (`ReplicaHost.start`) has loaded and warmed up. */
  replicaReady(lane: number, gen: number): void {
    this.heap.push(this.t, LANE_READY, lane, gen);
  }

  /** Live mode: the executor finished a run at time `end` (ms on the engine's clock). */
  completeRun(head: number, gen: number, end: SimMs): void {
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
      scheduler: this.schedulerName,
      metrics: this.metrics,
      lanes: this.lanes,
      laneSpecs: this.laneSpecs,
      runs: this.runStats,
      memory: this.memory,
      predictor: this.predictor,
      admission: this.admission,
      autoscaler: this.autoscaler,
      stopped: this.guard.stopped,
      llm: this.llm && llmSummary(this.llm, this.t, this.lanes.names),
    });
  }

  private processNext(limit: number): boolean {
    const heapTime = this.heap.peekTime();
    const arrival = this.nextArrival;
    const guard = this.guard;
    if (heapTime <= arrival) {
      if (heapTime > limit || heapTime === Infinity) return false;
      if (this.events >= guard.nextCheck || heapTime > guard.horizon) {
        if (!this.guardAllows(heapTime)) return false;
      }
      const heap = this.heap;
      heap.pop();
      const before = this.t;
      this.t = heapTime;
      const e = heap.top;
      if (e.kind === COMPLETE) this.complete(e.a, e.b);
      else if (e.kind === STEP_END) this.llm!.stepEnd(e.a, e.b, heapTime);
      else if (e.kind === KV_DONE) this.llm!.transferDone(e.a, e.b, heapTime);
      else if (e.kind === LANE_DOWN) laneDown(this, e.a);
      else if (e.kind === LANE_UP) laneUp(this, e.a);
      else if (e.kind === BATCH_TIMER) {
        if (heapTime >= this.timerAt) this.timerAt = Infinity;
      } else this.autoscaleEvent(e.kind, e.a, e.b, before);
    } else {
      if (arrival > limit) return false;
      if (this.events >= guard.nextCheck || arrival > guard.horizon) {
        if (!this.guardAllows(arrival)) return false;
      }
      this.t = arrival;
      this.arrive();
    }
    this.events++;
    this.dispatch();
    return true;
  }

  /** The resource guard's slow path for the event at `next`. */
  private guardAllows(next: number): boolean {
    const ledger = this.ledgerCounts;
    return this.guard.allows(next, this.t, this.events, ledger.queued + ledger.running);
  }

  /**
   * AUTOSCALE or LANE_READY. The evaluation repeats while work is pending; once the run is over, a
   * last event leaves the clock where the work ended, so summaries do not count idle tail time.
   */
  private autoscaleEvent(kind: number, a: number, b: number, before: number): void {
    const autoscaler = this.autoscaler!;
    const ledger = this.ledgerCounts;
    const pending =
      this.nextArrival !== Infinity || this.inputOpen || ledger.queued > 0 || ledger.running > 0;
    if (!pending) {
      this.t = before;
      if (kind === LANE_READY) autoscaler.ready(before, a, b);
      return;
    }
    if (kind === LANE_READY) {
      autoscaler.ready(this.t, a, b);
      return;
    }
    const changed = autoscaler.tick(this.t, ledger.queued, ledger.arrived);
    if (changed) this.idleTicks = 0;
    else this.idleTicks++;
    // Jobs queued with nothing else pending and no change here: the run is stuck (every lane down
    // for good) unless the policy may still grow the pool (a delay it counts down, a poll to come);
    // a clock that ticks forever would never end it, so a policy gets an hour of engine time.
    const live =
      this.nextArrival !== Infinity ||
      this.inputOpen ||
      ledger.running > 0 ||
      this.heap.size > 0 ||
      changed ||
      (autoscaler.canGrow() && this.idleTicks * autoscaler.interval < STUCK_MS);
    if (live) this.heap.push(this.t + autoscaler.interval, AUTOSCALE, 0, 0);
  }

  private dispatch(): void {
    if (this.llm !== undefined) this.llm.dispatch(this.t);
    else if (this.ledgerCounts.queued > 0 && this.lanes.freeUp > 0) this.scheduler.dispatch(this);
  }

  /** A lane went down or came back (lane-faults.ts): an LLM run moves its requests itself. */
  override laneChanged(lane: number, down: boolean): void {
    const llm = this.llm;
    if (llm === undefined) super.laneChanged(lane, down);
    else if (down) llm.laneDown(lane, this.t);
    else llm.laneUp();
  }

  /** Arrival times past the stop time end the arrival stream; a NaN time is an error, not an end. */
  private admitTime(t: number): number {
    if (t !== t) throw new EventTimeError(t, 0);
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

    if (this.llm !== undefined) {
      // Token counts are drawn (or read) whatever happens to the request.
      const full = ledger.queued >= this.queueCapacity;
      if (this.llm.arrive(slot, now, full ? 'queue_full' : '')) {
        jobs.state[slot] = QUEUED;
        this.metrics.queueDepth(now, ledger.queued);
      }
      return;
    }
    if (ledger.queued >= this.queueCapacity) {
      this.finishUnrun(slot, 'rejected');
      return;
    }
    const admission = this.admission;
    if (
      admission !== undefined &&
      admission.rejectOnArrival &&
      !admission.admit(slot, jobs, now, this.scheduler.classPriority === true)
    ) {
      admission.rejected++;
      this.finishUnrun(slot, 'rejected');
      return;
    }
    this.enqueue(slot);
    this.metrics.queueDepth(now, ledger.queued);
  }
}

function missingTraceText(): never {
  throw new Error('arrivals.data: the trace text was not loaded (the CLI reads "file")');
}
