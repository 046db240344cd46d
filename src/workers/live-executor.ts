// Live mode's Executor: the engine hands it each run (a job or a batch) and it sends the batch to
// the lane's worker directly over that lane's MessageChannel (engine worker -> lane worker, never
// through the page). The lane measures service time around session.run and answers; the executor
// turns the answer into `complete(head, gen)` on the engine's wall clock. A lane that goes down
// (no WebGPU, a session that failed to load, a lost device, a crash) is reported through `laneDown`
// so the engine re-queues its running work; nothing is lost.
//
// Lanes are workers spawned by the engine worker itself (nested workers): one per engine lane, the
// WebGPU provider for GPU-class lanes and WASM for CPU-class lanes.
//
// Recovery: `restart(lane)` replaces a down lane's worker with a fresh one (sessions reloaded and
// warmed up, with progress) and reports `laneUp` only once it is ready, so the engine gives it work
// again only then. A permanent cause (no WebGPU adapter, a refused software adapter) takes the new
// worker down with the same reason, and the lane stays down. Messages from a replaced worker are
// ignored (each spawn has its own generation).
//
// Drift probe at the start (the page's, `probeAtStart`): once every lane is first ready, before the
// engine's clock runs, the mix is timed on the lanes alone and together (src/profiler/
// drift-probe.ts), so "Check the simulation" can say how far the lanes' speed moved during the run.
//
// Replicas (the engine's ReplicaHost): with autoscaling on, the pool's parked lanes start with no
// worker. `start(lane, gen)` spawns one (runtime and models loaded, sessions created, warmed up) and
// answers `replicaReady(lane, gen)` once it can serve, its cold start measured (live-replicas.ts);
// `stop(lane)` ends the worker of a replica let go (the pool parks a lane only once it holds no
// work). A start that fails takes its lane down with the reason (the pool swaps in another parked
// lane, if one is healthy) and the run goes on.

import type { LaneSpec } from '../engine/config.ts';
import type { CalibrationLane, ServedRun } from '../profiler/lane-calibration.ts';
import { probePoint, type ProbePoint } from '../profiler/drift-probe.ts';
import type { Executor, ReplicaHost, RunRequest } from '../engine/engine.ts';
import { MODEL_IDS, type ModelId } from '../models/manifest.ts';
import {
  LaneClient,
  type LaneHandlers,
  type LaneOptions,
  type TimedRun,
} from './lanes/lane-client.ts';
import type {
  LaneFault,
  LaneProfileTimes,
  LaneStatus,
  LiveLaneState,
  LiveOptions,
  LiveStatus,
} from './lanes/lane-protocol.ts';
import { ReplicaStarts } from './live-replicas.ts';

/** What the executor needs of a lane worker (a LaneClient; a fake in tests). */
export interface LaneHandle {
  run(id: number, model: ModelId, batchSize: number): void;
  inject(fault: LaneFault): void;
  terminate(): void;
  /** Time `model` at each batch size on this lane (calibration between runs). */
  profileRuns?(
    model: ModelId,
    batchSizes: number[],
    runs: number,
    maxRunMs: number,
  ): Promise<LaneProfileTimes>;
  /** One batch outside the engine's runs, timed in the lane and here (calibration). */
  timedRun?(model: ModelId, batchSize: number): Promise<TimedRun>;
}

export type LaneSpawner = (options: LaneOptions, handlers: LaneHandlers) => LaneHandle;

export const spawnLaneWorker: LaneSpawner = (options, handlers) =>
  new LaneClient(options, handlers);

/** What the engine side does with lane outcomes. */
export interface LiveHooks {
  /** A run finished: complete it on the engine at the current wall-clock engine time. Returns, when
   * known, the run's service time as the engine measured it (start to end, ms) and how long its
   * first job waited before the run started (0: it started the moment the job arrived). */
  complete(head: number, gen: number): { serviceMs: number; waitedMs: number } | void;
  /** The lane is out of service: fail it on the engine (its running work is re-queued). */
  laneDown(lane: number, reason: string): void;
  /** A restarted lane is ready again: recover it on the engine (it takes work again). */
  laneUp?(lane: number): void;
  /** A replica the autoscaler asked for can serve: `Engine.replicaReady(lane, gen)`. */
  replicaReady?(lane: number, gen: number): void;
}

interface InFlight {
  lane: number;
  head: number;
  gen: number;
  model: number;
  batchSize: number;
  predicted: number;
}

/** One run a lane finished, as `npm run validate` reads them (LiveExecutor.observer). */
export interface LiveRunRecord extends ServedRun {
  /** The predictor's estimate at start, ms (NaN without a predictor). */
  predicted: number;
}

/** Run time each model spends warming up on a WASM lane by default, ms. */
export const DEFAULT_WASM_WARMUP_MS = 400;

/** Recent runs kept per lane for the predictor panel. */
export const PREDICTION_WINDOW = 60;

/** Models of a run that no lane can serve (not in the model manifest). */
export function unservableModels(models: readonly string[]): string[] {
  return models.filter((m) => !(MODEL_IDS as readonly string[]).includes(m));
}

export class LiveExecutor implements Executor, ReplicaHost {
  /** Per lane its worker; undefined for a parked replica (no worker). */
  private readonly handles: (LaneHandle | undefined)[];
  private readonly states: LiveLaneState[];
  private readonly inFlight = new Map<number, InFlight>();
  private readonly reportedDown: boolean[];
  /** Spawn generation per lane: messages from a replaced worker carry an old one and are dropped. */
  private readonly generations: number[];
  private readonly laneOptions: LaneOptions[];
  private nextId = 0;
  private disposed = false;
  /** Per lane: absolute percentage errors summed, for the predictor's running error. */
  private readonly apeSums: number[];
  /** Sees every run a lane finished (npm run validate records them). */
  observer: ((run: LiveRunRecord) => void) | undefined;
  /** Every lane was ready or down once: the wall clock runs from then on, restarts or not. */
  private started = false;
  /** The mix to probe when the lanes are first ready (`probeAtStart`), and whether it is running. */
  private probeMix: Partial<Record<ModelId, number>> | undefined;
  private probing = false;
  /** The lanes' speed when they were first all ready, before the clock ran (or why not). */
  startProbe: ProbePoint | { problem: string } | undefined;
  /** Wall ms when the executor started (replica starts are timed from it). */
  private readonly origin = performance.now();
  /** Replica starts and their measured cold starts. */
  private readonly replicaStarts = new ReplicaStarts(() => performance.now() - this.origin);
  /** Replicas asked for and not yet reported ready: their generation. */
  private readonly awaiting = new Map<number, number>();

  constructor(
    lanes: readonly LaneSpec[],
    private readonly models: readonly string[],
    options: LiveOptions,
    private readonly hooks: LiveHooks,
    private readonly spawn: LaneSpawner = spawnLaneWorker,
    /** Autoscaled lanes parked at the start (config.ts parkedAtStart): no worker until asked for. */
    parked: readonly number[] = [],
  ) {
    const bad = unservableModels(models);
    if (bad.length > 0) {
      throw new Error(
        `live mode: no lane can run ${bad.join(', ')} (models are manifest ids: ${MODEL_IDS.join(', ')})`,
      );
    }
    this.reportedDown = lanes.map(() => false);
    this.apeSums = lanes.map(() => 0);
    this.states = lanes.map((spec) => ({
      name: spec.name,
      provider: spec.kind === 'gpu' ? 'webgpu' : 'wasm',
      health: 'starting',
      progress: 0,
      detail: 'starting the lane worker',
      runs: 0,
      jobs: 0,
      meanServiceMs: 0,
      lastServiceMs: 0,
      lastOutput: '',
    }));
    this.generations = lanes.map(() => 0);
    this.laneOptions = lanes.map((spec) => ({
      name: spec.name,
      provider: spec.kind === 'gpu' ? 'webgpu' : 'wasm',
      threads: spec.kind === 'gpu' ? 1 : (options.threadsPerCpuLane ?? 1),
      models: models as ModelId[],
      allowSoftwareAdapter: options.allowSoftwareAdapter ?? true,
      // WASM code is first compiled by V8's baseline tier and runs 1.5-2x slower until the
      // optimising tier catches up (bench/INFERENCE.md): warm CPU lanes until it has.
      warmupRuns: options.warmupRuns ?? (spec.kind === 'gpu' ? 1 : 8),
      // ...and until the optimising tier has taken the hot code (lane-service.ts has the figures).
      warmupMs: options.warmupMs ?? (spec.kind === 'gpu' ? 0 : DEFAULT_WASM_WARMUP_MS),
      failLoad: options.failLoad?.[spec.name] ?? [],
    }));
    for (const lane of parked) this.park(lane, 'parked: no worker until the autoscaler asks');
    this.handles = lanes.map((_, lane) =>
      parked.includes(lane) ? undefined : this.spawnLane(lane),
    );
  }

  private park(lane: number, detail: string): void {
    const state = this.states[lane];
    if (!state) return;
    state.health = 'parked';
    state.progress = 0;
    state.detail = detail;
  }

  /**
   * The autoscaler asked for a replica on `lane` (parked): spawn its worker. It answers
   * `replicaReady(lane, gen)` once the lane has loaded and warmed up.
   */
  start(lane: number, gen: number): void {
    const state = this.states[lane];
    if (!state || this.disposed) return;
    this.generations[lane]!++;
    this.handles[lane]?.terminate();
    state.health = 'starting';
    state.progress = 0;
    state.detail = 'replica asked for: starting its lane worker';
    delete state.reason;
    this.awaiting.set(lane, gen);
    this.replicaStarts.asked(lane, state.name, gen);
    this.handles[lane] = this.spawnLane(lane);
  }

  /** The replica on `lane` was let go and holds no work: end its worker. */
  stop(lane: number): void {
    const state = this.states[lane];
    if (!state || this.disposed) return;
    // Bump the generation first: the worker's "terminated" crash report is then ignored.
    this.generations[lane]!++;
    this.handles[lane]?.terminate();
    this.handles[lane] = undefined;
    this.awaiting.delete(lane);
    this.replicaStarts.stopped(lane);
    const why = state.health === 'down' && state.reason ? ` (it was down: ${state.reason})` : '';
    this.park(lane, `parked: let go, its worker ended${why}`);
  }

  private spawnLane(lane: number): LaneHandle {
    const gen = ++this.generations[lane]!;
    const current = () => this.generations[lane] === gen;
    return this.spawn(this.laneOptions[lane]!, {
      status: (s) => {
        if (current()) this.onStatus(lane, s);
      },
      done: (id, ms, output) => {
        if (current()) this.onDone(id, ms, output);
      },
      failed: (_id, reason) => {
        if (current()) this.down(lane, reason);
      },
      crashed: (reason) => {
        if (current()) this.down(lane, reason);
      },
    });
  }

  /**
   * Replace a down lane's worker with a fresh one. The lane reports its loading and warm-up as at
   * the start, and `laneUp` once it is ready. A lane that is not down (serving, or already
   * restarting) is left alone; returns whether a restart began.
   */
  restart(lane: number): boolean {
    const state = this.states[lane];
    if (!state || this.disposed || state.health !== 'down') return false;
    // Bump the generation first: the old worker's "terminated" crash report is then ignored.
    this.generations[lane]!++;
    this.handles[lane]?.terminate();
    state.health = 'starting';
    state.progress = 0;
    state.detail = 'restarting the lane worker';
    state.restarts = (state.restarts ?? 0) + 1;
    delete state.reason;
    this.handles[lane] = this.spawnLane(lane);
    return true;
  }

  run(request: RunRequest): void {
    const id = this.nextId++;
    this.inFlight.set(id, {
      lane: request.lane,
      head: request.head,
      gen: request.gen,
      model: request.model,
      batchSize: request.batchSize,
      predicted: request.predicted,
    });
    const model = this.models[request.model] as ModelId;
    const handle = this.handles[request.lane];
    if (!handle || this.states[request.lane]?.health === 'down') {
      // Should not happen (the engine does not dispatch to a down lane); fail it loudly anyway.
      queueMicrotask(() => this.down(request.lane, 'run sent to a lane that is down'));
      return;
    }
    handle.run(id, model, request.batchSize);
  }

  /** The lanes that are ready, for calibration between runs (their requests queue behind any
   * runs in flight: a lane serves one request at a time). */
  calibrationLanes(): CalibrationLane[] {
    const out: CalibrationLane[] = [];
    this.handles.forEach((handle, lane) => {
      const state = this.states[lane]!;
      if (!handle || state.health !== 'ready') return;
      const { profileRuns, timedRun } = handle;
      if (!profileRuns || !timedRun) return;
      out.push({
        name: state.name,
        kind: state.provider === 'webgpu' ? 'gpu' : 'cpu',
        profileRuns: profileRuns.bind(handle),
        timedRun: timedRun.bind(handle),
      });
    });
    return out;
  }

  /** The lane's worker is ready (serving, or able to serve once the engine recovers the lane). */
  laneServing(lane: number): boolean {
    return this.states[lane]?.health === 'ready';
  }

  /** Every lane was ready or down at least once (and the start probe, if any, is done): the
   * engine's wall clock may run. */
  get settled(): boolean {
    return this.latchStarted() && !this.probing;
  }

  /** Time `mix` on the lanes once they are first all ready, before the clock runs. */
  probeAtStart(mix: Partial<Record<ModelId, number>>): void {
    if (!this.started) this.probeMix = mix;
  }

  private latchStarted(): boolean {
    if (
      !this.started &&
      this.states.every((s) => s.health === 'ready' || s.health === 'down' || s.health === 'parked')
    ) {
      this.started = true;
      if (this.probeMix) this.runStartProbe(this.probeMix);
    }
    return this.started;
  }

  private runStartProbe(mix: Partial<Record<ModelId, number>>): void {
    const lanes = this.calibrationLanes();
    if (lanes.length === 0) {
      this.startProbe = { problem: 'no lane was ready when the run started' };
      return;
    }
    this.probing = true;
    probePoint(lanes, mix)
      .then((p) => (this.startProbe = p))
      .catch((e: unknown) => {
        this.startProbe = {
          problem: `the drift probe at the start failed: ${e instanceof Error ? e.message : String(e)}`,
        };
      })
      .finally(() => (this.probing = false));
  }

  status(): LiveStatus {
    return {
      isolated: globalThis.crossOriginIsolated === true,
      settled: this.settled,
      lanes: this.states.map((s) => ({
        ...s,
        ...(s.predictor
          ? {
              predictor: {
                ...s.predictor,
                predicted: s.predictor.predicted.slice(),
                measured: s.predictor.measured.slice(),
              },
            }
          : {}),
      })),
      ...(this.replicaStarts.records.length > 0 ? { replicas: this.replicaStarts.snapshot() } : {}),
    };
  }

  inject(lane: number, fault: LaneFault): void {
    this.handles[lane]?.inject(fault);
  }

  dispose(): void {
    this.disposed = true;
    for (const h of this.handles) h?.terminate();
    this.inFlight.clear();
  }

  private onStatus(lane: number, s: LaneStatus): void {
    const state = this.states[lane];
    if (!state || this.disposed) return;
    state.health = s.health;
    state.progress = s.progress;
    state.detail = s.detail;
    state.info = s.info;
    this.latchStarted();
    this.replicaStarts.status(lane, s.health);
    if (s.health === 'down') this.down(lane, s.reason ?? s.detail);
    else if (s.health === 'ready') {
      if (this.reportedDown[lane]) {
        // A restarted lane is back: the engine may dispatch to it again.
        this.reportedDown[lane] = false;
        this.hooks.laneUp?.(lane);
      }
      const gen = this.awaiting.get(lane);
      if (gen !== undefined) {
        // A replica asked for can serve (after a failed start, once Recover restarted it).
        this.awaiting.delete(lane);
        this.hooks.replicaReady?.(lane, gen);
      }
    }
  }

  private onDone(id: number, serviceMs: number, output: string): void {
    const run = this.inFlight.get(id);
    if (!run || this.disposed) return;
    this.inFlight.delete(id);
    const state = this.states[run.lane]!;
    state.runs++;
    state.jobs += run.batchSize;
    state.lastServiceMs = serviceMs;
    state.meanServiceMs += (serviceMs - state.meanServiceMs) / state.runs;
    state.lastOutput = output;
    const ended = this.hooks.complete(run.head, run.gen);
    const engineMs = ended ? ended.serviceMs : NaN;
    if (engineMs > 0 && run.predicted === run.predicted) this.scorePrediction(run, engineMs);
    this.observer?.({
      lane: run.lane,
      model: run.model,
      batchSize: run.batchSize,
      laneMs: serviceMs,
      engineMs,
      waitedMs: ended ? ended.waitedMs : NaN,
      predicted: run.predicted,
    });
  }

  /** The predictor's estimate for a run against the service time the engine measured. */
  private scorePrediction(run: InFlight, measured: number): void {
    const state = this.states[run.lane]!;
    const p = (state.predictor ??= { predicted: [], measured: [], mape: 0, runs: 0 });
    p.predicted.push(run.predicted);
    p.measured.push(measured);
    if (p.predicted.length > PREDICTION_WINDOW) {
      p.predicted.shift();
      p.measured.shift();
    }
    p.runs++;
    this.apeSums[run.lane]! += Math.abs(run.predicted - measured) / measured;
    p.mape = (100 * this.apeSums[run.lane]!) / p.runs;
  }

  private down(lane: number, reason: string): void {
    const state = this.states[lane];
    if (!state || this.disposed) return;
    state.health = 'down';
    state.reason ??= reason;
    state.detail = state.reason;
    this.latchStarted();
    // A replica that fails during its cold start: its start is reported failed, with the reason.
    this.replicaStarts.failed(lane, state.reason);
    // The lane's runs will not come back: forget them; the engine re-queues their jobs.
    for (const [id, run] of this.inFlight) if (run.lane === lane) this.inFlight.delete(id);
    if (this.reportedDown[lane]) return;
    this.reportedDown[lane] = true;
    this.hooks.laneDown(lane, state.reason);
  }
}
