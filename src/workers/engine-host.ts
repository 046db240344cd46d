// The engine worker's API object: owns the run (one Side, or two in compare mode), paces it to
// wall-clock x speed, and posts one FrameMessage per tick (~16 ms) on the frame port, carrying
// both sides' data in compare mode. No Worker globals are used here (only setTimeout,
// performance.now and a port-like object), so the host runs in Node tests too.
//
// Pacing: each tick advances the run by (wall time since the last tick) x speed, processing events
// for at most TICK_BUDGET_MS of wall time; if the engines cannot keep up they stop at a clean
// boundary (every event at the current time processed) and the frame says `lagging`. A long stall
// (an export, a paused tab) advances at most MAX_TICK_WALL_MS x speed, so the clock never jumps.
// Compare mode's two engines advance in lockstep (lockstep.ts): they share the clock, the budget
// and every shared control, which applies to both at the same simulated instant.

import * as Comlink from 'comlink';
import { checkConfig, expandLanes, parkedAtStart, type ConfigInput } from '../engine/config.ts';
import type { Config } from '../engine/config.ts';
import type { Ledger } from '../engine/engine.ts';
import { MAX_ARRIVALS_PER_S } from '../engine/limits.ts';
import type { Summary } from '../engine/summary.ts';
import type { Control } from './control-log.ts';
import { exportRun } from './run-export.ts';
import { LiveExecutor, spawnLaneWorker, type LaneSpawner } from './live-executor.ts';
import { JobLog, teeTrace } from './job-log.ts';
import { checkLiveRun, type CheckableRun } from './live-check.ts';
import type { LaneCalibration } from '../profiler/lane-calibration.ts';
import type { ProbePoint } from '../profiler/drift-probe.ts';
import { advanceTogether, stepTogether } from './lockstep.ts';
import { PairTracker, pairTransferables } from './pairs.ts';
import { Side, laneOnSides, pickSides, type LaneOnSides } from './side.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import type * as PolicyCompiler from '../policy/compile.ts';
import {
  PROTOCOL_VERSION,
  type EngineApi,
  type EngineMode,
  type ExportFormat,
  type ExportResult,
  type FrameMessage,
  type LaneFault,
  type PolicyResult,
  type ResetResult,
  type RunOptions,
  type SideTarget,
  type SimCheckResponse,
} from './protocol.ts';
import type { SchedulerName } from '../engine/schedulers/registry.ts';
import { simMs, wallMs, wallToSim, type WallMs } from '../engine/units.ts';
import { LlmHost } from './llm/llm-host.ts';

export const TICK_MS = 16;
const TICK_BUDGET_MS = 10;
const MAX_TICK_WALL_MS = 100;

/** What the host posts on: a MessagePort in the browser, a fake in tests. */
export interface FramePort {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/** A live run so far (EngineHost.liveRecord). */
export interface LiveRecord {
  config: Config;
  controls: readonly Control[];
  log: JobLog;
  ledger: Ledger;
  /** Every arrival happened and every job ended. */
  done: boolean;
  executor: LiveExecutor;
  /** The user policy the run started with, if any. */
  policy?: SchedulerFactory;
}

interface Run {
  id: number;
  /** [A] or, in compare mode, [A, B]. */
  sides: Side[];
  /** Compare mode: the paired view's sampled jobs. */
  pairs?: PairTracker;
  /** Live mode: the executor running batches in lane workers. */
  live?: LiveExecutor;
  /** Live mode: every ended job, for checking the simulation against the run. */
  log?: JobLog;
  /** Live mode: the run's lanes as calibrated for its first check, and the drift probe after it. */
  calibration?: LaneCalibration;
  calibrationProbe?: ProbePoint;
  /** Why the run failed (an engine error, such as a NaN service time): it does not go on. */
  failed?: string;
}

type Checked = { ok: true; config: Config } | { ok: false; problems: string[] };

export class EngineHost implements EngineApi {
  private port: FramePort | undefined;
  private run: Run | undefined;
  private runCounter = 0;
  private seq = 0;
  private mode: EngineMode = 'simulated';
  private speed = 1;
  private playing = false;
  private lagging = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastWall = wallMs(0);
  /** Wall time of the last frame posted. */
  private lastFrameWall = wallMs(-Infinity);
  /** What "Check the simulation" is doing, while it runs. */
  private checking: string | undefined;
  /** Live-mode lane options of the current run (kept across mode switches). */
  private liveOptions: RunOptions['live'] = {};
  /** A frame is owed to the page (a control changed while paused). */
  private dirty = false;
  /** The policy compiler (acorn and the instrumenter), loaded on the first `setPolicy`. */
  private compiler: typeof PolicyCompiler | undefined;
  private llm: LlmHost | undefined;

  constructor(
    private readonly now: () => WallMs = () => wallMs(performance.now()),
    /** How live lanes are started: browser lane workers, or worker threads (npm run validate). */
    private readonly spawnLane?: LaneSpawner,
  ) {}

  version(): number {
    return PROTOCOL_VERSION;
  }

  connect(port: FramePort): void {
    this.port = port;
  }

  /** The page's LLM mode: its own host on its own ports (src/workers/llm/), replacing any before. */
  connectLlm(rpc: MessagePort, frames: MessagePort): void {
    this.llm?.stop();
    this.llm = new LlmHost(frames);
    Comlink.expose(this.llm, rpc);
  }

  reset(input: ConfigInput, options: RunOptions): ResetResult {
    const checked = checkConfig(input);
    if (!checked.ok) return checked;
    let checkedB: Checked | undefined;
    if (options.compare) {
      checkedB = checkConfig(options.compare.b);
      if (!checkedB.ok) return { ok: false, problems: checkedB.problems.map((p) => `B: ${p}`) };
    }
    const policyA = this.compiledPolicy(options.policy);
    const policyB = this.compiledPolicy(options.compare?.policy);
    for (const [p, side] of [
      [policyA, ''],
      [policyB, 'B: '],
    ] as const) {
      if (p && !p.ok) return { ok: false, problems: [`${side}policy: ${p.why}`] };
    }
    const policy = (p: typeof policyA) => (p?.ok ? { policy: p.policy } : {});
    let sides: Side[];
    let pairs: PairTracker | undefined;
    let live: LiveExecutor | undefined;
    let log: JobLog | undefined;
    try {
      if (checkedB?.ok) {
        // Compare mode is simulated: two live runs would share (and contend for) the same lanes.
        const tracker = new PairTracker();
        pairs = tracker;
        sides = [
          new Side(checked.config, input, {
            tapTrace: (t) => tracker.sink(0, t),
            ...policy(policyA),
          }),
          sideOrThrow(
            'B',
            () =>
              new Side(checkedB.config, options.compare!.b, {
                tapTrace: (t) => tracker.sink(1, t),
                ...policy(policyB),
              }),
          ),
        ];
      } else {
        if (options.mode === 'live' && this.liveAvailable()) {
          live = this.startLive(checked.config, options);
          log = new JobLog();
        }
        const jobLog = log;
        sides = [
          new Side(checked.config, input, {
            ...(live ? { executor: live, replicas: live } : {}),
            ...(jobLog ? { tapTrace: (t) => teeTrace(t, jobLog) } : {}),
            ...policy(policyA),
          }),
        ];
      }
    } catch (e) {
      live?.dispose();
      return { ok: false, problems: [e instanceof Error ? e.message : String(e)] };
    }
    this.run?.live?.dispose();
    this.run = {
      id: ++this.runCounter,
      sides,
      ...(pairs ? { pairs } : {}),
      ...(live ? { live } : {}),
      ...(log ? { log } : {}),
    };
    this.liveOptions = options.live ?? {};
    // Live mode runs on the wall clock: speed 1.
    this.mode = live ? 'live' : 'simulated';
    this.speed = live ? 1 : options.speed;
    this.playing = options.playing;
    this.lagging = false;
    this.lastWall = this.now();
    this.dirty = true;
    this.schedule();
    return { ok: true, runId: this.run!.id };
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    this.lastWall = this.now();
    this.dirty = true;
    this.schedule();
  }

  pause(): void {
    this.playing = false;
    this.dirty = true;
    this.schedule();
  }

  step(): void {
    const run = this.run;
    if (!run) return;
    this.playing = false;
    stepTogether(run.sides.map((s) => s.engine));
    this.dirty = true;
    this.schedule();
  }

  setSpeed(speed: number): void {
    if (!(speed > 0) || this.run?.live) return;
    this.speed = speed;
    this.dirty = true;
    this.schedule();
  }

  setRate(ratePerS: number, side: SideTarget = 'both'): void {
    if (!(ratePerS > 0 && ratePerS <= MAX_ARRIVALS_PER_S)) return;
    const label = `rate ${formatRate(ratePerS)}/s`;
    this.control(this.targets(side), { op: 'rate', value: ratePerS }, () => label);
  }

  setScheduler(name: SchedulerName, side: SideTarget = 'both'): void {
    const sides = this.targets(side);
    for (const s of sides) s.policySource = undefined;
    this.control(sides, { op: 'scheduler', value: name }, () => name);
  }

  async setPolicy(source: string, side: SideTarget = 'both'): Promise<PolicyResult> {
    this.compiler ??= await import('../policy/compile.ts');
    const compiled = this.compiler.compilePolicy(source);
    if (!compiled.ok) return { ok: false, error: compiled.error };
    const { policy } = compiled;
    const sides = this.targets(side);
    for (const s of sides) s.policySource = source;
    // Each side runs its own instance of the policy (its own state).
    this.control(
      sides,
      () => ({ op: 'policy', value: source, factory: policy.factory() }),
      () => `policy ${policy.name}`,
    );
    return { ok: true, name: policy.name, description: policy.description };
  }

  setInteractiveRatio(ratio: number, side: SideTarget = 'both'): void {
    if (!(ratio >= 0 && ratio <= 1)) return;
    const label = `interactive ${Math.round(ratio * 100)}%`;
    this.control(this.targets(side), { op: 'ratio', value: ratio }, () => label);
  }

  failLane(lane: number, side: 'a' | 'b' = 'a'): void {
    const named = this.laneNamed(lane, side);
    if (!named) return;
    this.control(
      named.sides,
      (k) => ({ op: 'fail', value: named.indices[k]! }),
      () => `${named.name} down`,
    );
  }

  recoverLane(lane: number, side: 'a' | 'b' = 'a'): void {
    const run = this.run;
    const named = this.laneNamed(lane, side);
    if (!run || !named) return;
    // Live mode: a lane whose worker went down is restarted (fresh worker, sessions reloaded); the
    // engine takes it back through the `laneUp` hook once it is ready, not before.
    if (run.live?.restart(lane)) {
      this.dirty = true;
      this.schedule();
      return;
    }
    // Still restarting: the engine recovers it when it is ready.
    if (run.live && !run.live.laneServing(lane)) return;
    this.control(
      named.sides,
      (k) => ({ op: 'recover', value: named.indices[k]! }),
      () => `${named.name} up`,
    );
  }

  setMode(mode: EngineMode): void {
    // Live mode needs lane workers (Worker available: the browser, not Node) and one side. Switching
    // restarts the run of the same config in the other mode; frames report the mode in effect.
    const run = this.run;
    const comparing = (run?.sides.length ?? 1) > 1;
    const wanted = mode === 'live' && (!this.liveAvailable() || comparing) ? 'simulated' : mode;
    const first = run?.sides[0];
    if (first && wanted !== this.mode) {
      this.reset(first.input, {
        mode: wanted,
        speed: this.speed,
        playing: this.playing,
        live: this.liveOptions ?? {},
        ...(first.policySource !== undefined ? { policy: first.policySource } : {}),
      });
      return;
    }
    this.mode = wanted;
    this.dirty = true;
    this.schedule();
  }

  injectLaneFault(lane: number, fault: LaneFault): void {
    this.run?.live?.inject(lane, fault);
  }

  summary(side: 'a' | 'b' = 'a'): Summary {
    const run = this.requireRun();
    const s = run.sides[side === 'b' ? 1 : 0];
    if (!s) throw new Error('no side B: the run is not in compare mode');
    return s.engine.summary();
  }

  exportRun(id: number, format: ExportFormat): ExportResult {
    const run = this.requireRun();
    const compare = run.sides.length > 1;
    let rows = 0;
    const result = exportRun(
      run.sides.map((s, k) => ({
        config: s.config,
        controls: s.controls,
        until: s.engine.now,
        scheduler: s.engine.schedulerName,
        ...(s.startPolicy ? { policy: s.startPolicy } : {}),
        ...(compare ? { name: k === 0 ? 'a' : 'b' } : {}),
      })),
      format,
      (text) => {
        this.post({ v: PROTOCOL_VERSION, kind: 'export', id, text, done: false, rows }, []);
      },
    );
    rows = result.rows;
    this.post({ v: PROTOCOL_VERSION, kind: 'export', id, text: '', done: true, rows }, []);
    // A long replay must not make the live clock jump.
    this.lastWall = this.now();
    const [a, b] = result.engines;
    return {
      rows,
      ledger: a!.ledger(),
      time: a!.now,
      ...(b ? { ledgerB: b.ledger() } : {}),
    };
  }

  /** Stop the tick loop (tests, worker shutdown). */
  dispose(): void {
    this.run?.live?.dispose();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.playing = false;
  }

  // ---- internals --------------------------------------------------------------------------

  private liveAvailable(): boolean {
    return this.spawnLane !== undefined || typeof Worker !== 'undefined';
  }

  /** Live mode: spawn one lane worker per engine lane; outcomes come back through these hooks. */
  private startLive(config: Config, options: RunOptions): LiveExecutor {
    const models = Object.keys(config.mix.models);
    const side = (): Side | undefined => (this.run?.live ? this.run.sides[0] : undefined);
    const executor = new LiveExecutor(
      expandLanes(config),
      models,
      options.live ?? {},
      {
        complete: (head, gen) => {
          const s = side();
          const live = this.run?.live;
          if (!s || !live) return;
          const engine = s.engine;
          // The engine clock trails the wall clock by at most a tick: complete at the wall's time.
          const wall = this.now();
          // Live mode's engine clock runs at the wall clock's pace (speed 1).
          const end = simMs(engine.now + wallToSim(wallMs(Math.max(0, wall - this.lastWall)), 1));
          const start = engine.jobs.start[head]!;
          const waited = start - engine.jobs.arrival[head]!;
          engine.completeRun(head, gen, end);
          // While the clock runs, the lane's next work starts now rather than at the next tick
          // (a tick is longer than the lightest models' runs).
          if (this.playing && live.settled && this.liveOptions?.pacing !== 'tick') {
            engine.advanceTo(end);
            this.lastWall = wall;
          }
          this.dirty = true;
          this.reschedule();
          return { serviceMs: end - start, waitedMs: waited };
        },
        laneDown: (lane, reason) => {
          const s = side();
          if (!s) return;
          const name = s.engine.lanes.names[lane];
          this.control([s], { op: 'fail', value: lane }, () => `${name} down: ${reason}`);
        },
        laneUp: (lane) => {
          const s = side();
          if (!s) return;
          const name = s.engine.lanes.names[lane];
          this.control([s], { op: 'recover', value: lane }, () => `${name} up (restarted)`);
        },
        replicaReady: (lane, gen) => {
          const s = side();
          if (!s) return;
          // Ready at the engine time of now (the clock trails the wall by at most a tick).
          s.engine.replicaReady(lane, gen);
          this.dirty = true;
          this.reschedule();
        },
      },
      this.spawnLane ?? spawnLaneWorker,
      parkedAtStart(config, expandLanes(config)),
    );
    if (options.live?.driftProbe) executor.probeAtStart(config.mix.models);
    return executor;
  }

  /** Live mode: what the run did so far (config, control log, ended jobs, ledger); undefined in
   * simulation. For checking the simulation against it (validate, checkSimulation). */
  liveRecord(): LiveRecord | undefined {
    const run = this.run;
    const side = run?.sides[0];
    if (!run?.log || !run.live || !side) return undefined;
    return {
      config: side.config,
      controls: side.controls,
      log: run.log,
      ledger: side.engine.ledger(),
      done: side.engine.done,
      executor: run.live,
      ...(side.startPolicy ? { policy: side.startPolicy } : {}),
    };
  }

  /**
   * Live mode: pause the run and check the simulation against it (calibrate its lanes once, replay
   * its arrivals in the simulator, compare latency distributions). Frames say what it is doing.
   */
  async checkSimulation(): Promise<SimCheckResponse> {
    const run = this.run;
    const side = run?.sides[0];
    if (!run?.live || !run.log || !side) {
      return {
        ok: false,
        problem:
          'Check the simulation compares a live run: switch Mode to live and serve some jobs',
      };
    }
    if (this.checking !== undefined) return { ok: false, problem: 'a check is already running' };
    this.pause();
    const progress = (detail: string): void => {
      this.checking = detail;
      this.dirty = true;
      this.schedule();
    };
    progress('starting');
    try {
      const engine = side.engine;
      const checkable: CheckableRun = {
        config: side.config,
        controls: side.controls,
        log: run.log,
        live: run.live,
        arrived: engine.ledger().arrived,
        at: engine.now,
        policy: side.startPolicy,
        ...(run.calibration ? { calibration: run.calibration } : {}),
        ...(run.calibrationProbe ? { calibrationProbe: run.calibrationProbe } : {}),
      };
      const result = await checkLiveRun(checkable, progress);
      if (checkable.calibration) run.calibration = checkable.calibration;
      if (checkable.calibrationProbe) run.calibrationProbe = checkable.calibrationProbe;
      return result;
    } finally {
      this.checking = undefined;
      this.dirty = true;
      this.schedule();
    }
  }

  /** A user policy's source compiled for a fresh run (the compiler is loaded by `setPolicy`). */
  private compiledPolicy(
    source: string | undefined,
  ):
    | { ok: true; policy: { factory: SchedulerFactory; source: string } }
    | { ok: false; why: string }
    | undefined {
    if (source === undefined) return undefined;
    const compiled = this.compiler?.compilePolicy(source);
    if (!compiled?.ok) {
      return {
        ok: false,
        why: compiled ? compiled.error.message : 'setPolicy must compile it first',
      };
    }
    return { ok: true, policy: { factory: compiled.policy.factory(), source } };
  }

  private requireRun(): Run {
    if (!this.run) throw new Error('no run: call reset(config) first');
    return this.run;
  }

  /** The sides a live control acts on (outside compare mode, always the one side). */
  private targets(side: SideTarget): Side[] {
    return pickSides(this.run?.sides ?? [], side);
  }

  private laneNamed(lane: number, side: 'a' | 'b'): LaneOnSides | undefined {
    return laneOnSides(this.run?.sides ?? [], lane, side);
  }

  /**
   * Apply a control to `sides` at the current instant (`c` may differ per side: a lane's index).
   * Every side first processes the events at the current time (a clean boundary: replays depend on
   * it); in compare mode the sides share the clock, so both apply it at the same instant.
   */
  private control(
    sides: readonly Side[],
    c: Omit<Control, 't'> | ((k: number) => Omit<Control, 't'>),
    label: () => string,
  ): void {
    if (sides.length === 0) return;
    for (const s of sides) s.engine.advanceTo(s.engine.now);
    sides.forEach((s, k) => s.apply(typeof c === 'function' ? c(k) : c, label()));
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    if (!this.playing && !this.dirty) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, this.tickDelay());
  }

  /** Schedule again from now (live mode: the next event may be sooner than the pending tick). */
  private reschedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
  }

  /**
   * Wall ms until the next tick: TICK_MS, except in a live run whose clock runs, which wakes at its
   * next event (an arrival) so the arrival reaches a lane when it happens, not up to a tick later.
   * Frames stay at most one per TICK_MS (tick).
   */
  private tickDelay(): number {
    const run = this.run;
    const engine = run?.sides[0]?.engine;
    if (!run?.live || !engine || !this.playing || !run.live.settled) return TICK_MS;
    if (this.liveOptions?.pacing === 'tick') return TICK_MS;
    const engineNow = engine.now + wallToSim(wallMs(this.now() - this.lastWall), 1);
    return Math.max(0, Math.min(TICK_MS, engine.nextEventTime - engineNow));
  }

  private tick(): void {
    const run = this.run;
    if (!run) return;
    const wall = this.now();
    // Live mode: the wall clock starts once every lane is ready (or down); until then frames carry
    // the lanes' loading progress.
    if (this.playing && run.failed === undefined && !(run.live && !run.live.settled)) {
      const engines = run.sides.map((s) => s.engine);
      const wallDelta = wallMs(Math.min(wall - this.lastWall, MAX_TICK_WALL_MS));
      let clock = 0;
      for (const e of engines) if (e.now > clock) clock = e.now;
      try {
        this.lagging = advanceTogether(
          engines,
          simMs(clock + wallToSim(wallDelta, this.speed)),
          wallMs(wall + TICK_BUDGET_MS),
          this.now,
        );
      } catch (e) {
        // An engine error (a non-finite event time, say) ends the run, said in the frame; before,
        // the tick loop died with it and the page waited for frames that never came.
        run.failed = `the run failed at ${(clock / 1000).toFixed(3)} s simulated: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (run.failed !== undefined || engines.every((e) => e.done)) this.playing = false;
      for (const s of run.sides) s.notePeaks();
    }
    this.lastWall = wall;
    // Live ticks come at events: frames still go at most once per TICK_MS.
    if (!run.live || wall - this.lastFrameWall >= TICK_MS || !this.playing) {
      this.lastFrameWall = wall;
      this.postFrame(run);
      this.dirty = false;
    }
    this.schedule();
  }

  private postFrame(run: Run): void {
    const [a, b] = run.sides.map((s) => s.frame());
    const pairs = run.pairs?.take();
    const frame: FrameMessage = {
      ...a!.data,
      v: PROTOCOL_VERSION,
      kind: 'frame',
      seq: ++this.seq,
      runId: run.id,
      mode: this.mode,
      playing: this.playing,
      done: run.failed !== undefined || run.sides.every((s) => s.engine.done),
      ...(run.failed !== undefined ? { stopped: run.failed } : {}),
      lagging: this.lagging,
      speed: this.speed,
      ...(run.live ? { live: run.live.status() } : {}),
      ...(this.checking !== undefined ? { checking: this.checking } : {}),
      ...(b && pairs
        ? {
            compare: {
              b: b.data,
              pairs,
              done: [run.sides[0]!.engine.done, run.sides[1]!.engine.done],
            },
          }
        : {}),
    };
    const transfer = [...a!.transfer];
    if (b && pairs) transfer.push(...b.transfer, ...pairTransferables(pairs));
    this.post(frame, transfer);
  }

  private post(message: unknown, transfer: Transferable[]): void {
    this.port?.postMessage(message, transfer);
  }
}

/** Build side B, prefixing what its construction throws with the side's name. */
function sideOrThrow(name: string, build: () => Side): Side {
  try {
    return build();
  } catch (e) {
    throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function formatRate(r: number): string {
  return r >= 100 ? String(Math.round(r)) : r.toPrecision(3);
}
