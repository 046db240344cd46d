// Runs and the ledger: what happens to a job between the queue and its one recorded outcome. A
// scheduler starts queued jobs through the `Dispatcher` face here (`start`, `startBatch`); a run
// takes lane slots and memory, is timed by the service model (or handed to a live Executor) and
// ends in a completion that records every job in it; a job can also end without running (rejected
// on arrival, dropped from the queue). Every step keeps
//   arrived = completed + rejected + dropped + queued + running.
//
// The event loop (engine.ts) extends this class: it owns the clock, arrivals and control; this
// class owns what a run does to jobs, lanes, metrics, the trace and the Gantt spans. Both are one
// object at run time, so the hot path pays no indirection for the split.

import { Autoscaler } from './autoscale.ts';
import { createAutoscaler } from './autoscalers/registry.ts';
import { assert } from './assert.ts';
import { autoscalePool, coldStartMs, expandLanes, type Config, type LaneSpec } from './config.ts';
import type { AdmissionControl } from './admission.ts';
import type { BatchPolicy } from './batching.ts';
import type { EngineOptions, Executor, Ledger, SpanSink } from './engine-types.ts';
import { EventHeap } from './event-heap.ts';
import { createFeatures } from './features.ts';
import { JobTable, NONE, QUEUED, RUNNING } from './job-table.ts';
import { LaneSet } from './lanes.ts';
import type { FaultTarget } from './lane-faults.ts';
import type { MemoryModel } from './memory.ts';
import { Metrics } from './metrics.ts';
import type { LatencyPredictor } from './predictor.ts';
import { uniformStream, type Uniform } from './rng.ts';
import type { Dispatcher, Scheduler } from './schedulers/types.ts';
import { createServiceModel, profileGaps, type ServiceModel } from './service.ts';
import type { TraceSink } from './trace-writer.ts';
import type { SimMs } from './units.ts';

/**
 * Event kinds in the heap, one number space for every module that schedules events. Lane faults
 * (lane-faults.ts) own 2 and 3. The LLM workload's kinds (STEP_END, KV_DONE) are here too, handled in
 * the engine's event loop beside COMPLETE.
 */
export const COMPLETE = 1;
/** A batch window closes: dispatch again. */
export const BATCH_TIMER = 4;
/** The autoscaler's periodic evaluation (autoscaling only). */
export const AUTOSCALE = 5;
/** An autoscaled lane's warm-up ends (a = lane, b = warm-up generation). */
export const LANE_READY = 6;
/** LLM serving (llm/server.ts): a replica's step ends (a = lane, b = the lane's step number). */
export const STEP_END = 7;
/** LLM serving, disaggregated: a prefill's KV cache reached the decode side (a = request slot,
 * b = its generation). */
export const KV_DONE = 8;

export class RunLedger implements Dispatcher, FaultTarget {
  readonly config: Config;
  readonly models: readonly string[];
  readonly laneSpecs: readonly LaneSpec[];
  readonly jobs = new JobTable();
  readonly lanes: LaneSet;
  readonly metrics = new Metrics();
  /** Per-lane memory model; undefined when `memory.enabled` is false. */
  readonly memory: MemoryModel | undefined;
  /** The latency predictor; undefined unless something uses it (or `predictor.enabled`). */
  predictor: LatencyPredictor | undefined;
  /** Admission control; undefined when `admission.mode` is off. */
  readonly admission: AdmissionControl | undefined;
  readonly batchPolicy: BatchPolicy;
  /** The lane-pool autoscaler; undefined when `autoscale.enabled` is false. */
  readonly autoscaler: Autoscaler | undefined;

  protected readonly heap = new EventHeap();
  /** The scheduler in effect (set by the engine's constructor, replaced by a switch). */
  protected scheduler!: Scheduler;
  protected readonly service: ServiceModel;
  protected readonly uService: Uniform;
  /** SLO (ms) per class. */
  protected readonly slo: Float64Array;
  protected readonly ledgerCounts: Ledger = {
    arrived: 0,
    completed: 0,
    rejected: 0,
    dropped: 0,
    queued: 0,
    running: 0,
  };
  /** The clock: simulated ms, or engine ms in live mode. */
  protected t = 0;
  /** Runs started (a re-run counts again) and the jobs in them: mean batch = startedJobs / runs. */
  protected runs = 0;
  protected startedJobs = 0;
  /** Time of the earliest pending batch-window timer (+Infinity: none). */
  protected timerAt = Infinity;
  private readonly dropExpired: boolean;
  protected readonly trace: TraceSink | undefined;
  private readonly spans: SpanSink | undefined;
  private readonly executor: Executor | undefined;

  constructor(config: Config, options: EngineOptions) {
    this.config = config;
    this.models = Object.keys(config.mix.models);
    this.laneSpecs = expandLanes(config);
    this.lanes = new LaneSet(this.laneSpecs);
    if (config.service.dist === 'profile') {
      const kinds = [...new Set(this.laneSpecs.map((l) => l.kind))];
      const gaps = profileGaps(config.service.profile, this.models, kinds);
      if (gaps.length > 0) throw new Error(`invalid config:\n  - ${gaps.join('\n  - ')}`);
    }
    this.uService = uniformStream(options.serviceSeed ?? config.seed, 'service');
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
    this.slo = Float64Array.of(config.classes.interactive.slo_ms, config.classes.batch.slo_ms);
    this.dropExpired = config.queue.drop_expired;
    this.trace = options.trace;
    this.spans = options.spans;
    this.executor = options.executor;
    if (config.autoscale.enabled) this.autoscaler = this.createPool(options);
  }

  /** The autoscaled pool, its policy (the registry's or `options.autoscaler`) and its host. */
  private createPool(options: EngineOptions): Autoscaler {
    const config = this.config;
    const scale = config.autoscale;
    const pool = autoscalePool(config, this.laneSpecs);
    const configured = config.lanes
      .filter((g) => g.kind === scale.kind && g.role === 'primary')
      .reduce((n, g) => n + g.count, 0);
    const custom = options.autoscaler;
    const policy = custom ? custom.create() : createAutoscaler(scale);
    const replicas = options.replicas;
    // One replica's nominal rate: its slots over the mix-weighted mean service time (speed 1).
    const first = pool[0];
    let nominal = 0;
    if (first !== undefined) {
      const weights = Object.values(config.mix.models);
      const total = weights.reduce((a, b) => a + b, 0);
      let mean = 0;
      weights.forEach((w, m) => {
        mean += (w / total) * this.service.base(m, scale.kind, this.lanes.speed[first]!, 1);
      });
      nominal = mean > 0 ? (this.lanes.concurrency[first]! * 1000) / mean : 0;
    }
    // Its first evaluation is scheduled by the engine, after the config's faults (ties in the heap
    // leave in insertion order).
    return new Autoscaler(
      scale,
      policy,
      custom ? custom.name : scale.policy,
      pool,
      configured,
      coldStartMs(scale, config.service),
      nominal,
      {
        lanes: this.lanes,
        startReplica: replicas
          ? (lane, gen) => replicas.start(lane, gen)
          : (lane, gen, ms) => this.heap.push(this.t + ms, LANE_READY, lane, gen),
        stopReplica: replicas ? (lane) => replicas.stop(lane) : () => undefined,
        laneChanged: (lane) => this.scheduler.laneChanged(lane, this),
      },
      this.metrics,
    );
  }

  // ---- Dispatcher: what a scheduler calls -----------------------------------------------------

  get now(): SimMs {
    return this.t as SimMs;
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

  // ---- A run's life: launch, completion, a job that never ran -----------------------------------

  /** Queue a job that just arrived (or could not stay where it was): ledger, admission, scheduler. */
  protected enqueue(slot: number): void {
    this.jobs.state[slot] = QUEUED;
    this.ledgerCounts.queued++;
    this.admission?.queued(slot, this.jobs);
    this.scheduler.enqueue(slot, this);
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
    if (this.autoscaler !== undefined) this.autoscaler.runStarted(now, lane, head, jobs);
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

  /** A COMPLETE event: the run headed by `head` ended now, unless it went stale (lane failed). */
  protected complete(head: number, gen: number): void {
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
    const size = jobs.batchSize[head]!;
    this.endRun(lane, head, false);
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
    const ledger = this.ledgerCounts;
    ledger.running -= size;
    const scaler = this.autoscaler;
    let j = head;
    while (j !== NONE) {
      const next = jobs.next[j]!;
      const cls = jobs.cls[j]!;
      const slo = this.slo[cls]!;
      this.metrics.completed(cls, jobs.arrival[j]!, start, now, slo);
      if (scaler !== undefined) scaler.completedJob(now - jobs.arrival[j]!, jobs.coldWait[j]!);
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

  /** Record a job that ends without running (rejected on arrival, or dropped from the queue). */
  protected finishUnrun(slot: number, outcome: 'rejected' | 'dropped'): void {
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

  // ---- FaultTarget: what a lane failure asks of runs (lane-faults.ts) ---------------------------

  endRun(lane: number, head: number, failed: boolean): void {
    const jobs = this.jobs;
    const lanes = this.lanes;
    const start = jobs.start[head]!;
    lanes.busyMs[lane]! += this.t - start;
    if (this.autoscaler !== undefined) {
      this.autoscaler.runEnded(this.t, lane, this.t - start, jobs.batchSize[head]!, failed);
    }
    if (this.memory !== undefined) {
      const left = lanes.memUsed[lane]! - jobs.memCost[head]!;
      // Sums of fractional costs drift by rounding: an idle lane holds exactly nothing.
      lanes.memUsed[lane] = lanes.running[lane] === 0 || left < 1e-9 ? 0 : left;
    }
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

  requeue(victims: readonly number[]): void {
    this.ledgerCounts.running -= victims.length;
    for (const j of victims) {
      this.jobs.next[j] = NONE;
      this.enqueue(j);
    }
  }

  laneChanged(lane: number, down: boolean): void {
    this.autoscaler?.healthChanged(this.t, lane);
    if (down) this.autoscaler?.drained(this.t, lane);
    this.scheduler.laneChanged(lane, this);
  }
}
