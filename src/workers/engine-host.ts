// The engine worker's API object: owns one Engine, paces it to wall-clock x speed, and posts one
// FrameMessage per tick (~16 ms) on the frame port. No Worker globals are used here (only
// setTimeout, performance.now and a port-like object), so the host runs in Node tests too.
//
// Pacing: each tick advances the engine by (wall time since the last tick) x speed, processing
// events for at most TICK_BUDGET_MS of wall time; if the engine cannot keep up it stops at a clean
// boundary (every event at the current time processed) and the frame says `lagging`. A long stall
// (an export, a paused tab) advances at most MAX_TICK_WALL_MS x speed, so the clock never jumps.

import {
  checkConfig,
  expandLanes,
  type Config,
  type ConfigInput,
  type SchedulerName,
} from '../engine/config.ts';
import { Engine } from '../engine/engine.ts';
import { POOL_ACTIVE } from '../engine/lanes.ts';
import { MAX_ARRIVALS_PER_S } from '../engine/limits.ts';
import type { Summary } from '../engine/summary.ts';
import { applyControl, exportRun, type Control } from './run-export.ts';
import { RunStats } from './run-stats.ts';
import { LiveExecutor } from './live-executor.ts';
import { SpanBuffer, spanTransferables } from './span-buffer.ts';
import { PluginScheduler } from '../engine/policy-api/plugin-scheduler.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import type * as PolicyCompiler from '../policy/compile.ts';
import {
  PROTOCOL_VERSION,
  RECENT_WINDOW_S,
  SERIES_TAIL,
  type ControlMark,
  type EngineApi,
  type EngineMode,
  type ExportFormat,
  type ExportResult,
  type FrameMessage,
  type PolicyResult,
  type LaneFault,
  type LaneState,
  type RunOptions,
  type SeriesTail,
} from './protocol.ts';

/** A control change before it is stamped with the time it applies at. */
type ControlChange = {
  [K in Control['op']]: Omit<Extract<Control, { op: K }>, 't'>;
}[Control['op']];

/** LaneState.pool for lanes.ts's POOL_WARMING, POOL_DRAINING and POOL_PARKED (index: state - 1). */
const POOL_STATES = ['warming', 'draining', 'parked'] as const;

export const TICK_MS = 16;
const TICK_BUDGET_MS = 10;
const MAX_TICK_WALL_MS = 100;

/** What the host posts on: a MessagePort in the browser, a fake in tests. */
export interface FramePort {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

interface Run {
  id: number;
  config: Config;
  engine: Engine;
  spans: SpanBuffer;
  stats: RunStats;
  controls: Control[];
  marks: ControlMark[];
  peakRunning: Int32Array;
  /** Live mode: the executor running batches in lane workers; the config as given, for restarts. */
  live?: LiveExecutor;
  input?: ConfigInput;
  /** The user policy the run started with (RunOptions.policy), for replays. */
  policy?: SchedulerFactory;
  /** The source of the user policy in effect now, if one is (kept across a mode switch). */
  policySource?: string;
}

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
  private lastWall = 0;
  /** Live-mode lane options of the current run (kept across mode switches). */
  private liveOptions: RunOptions['live'] = {};
  /** A frame is owed to the page (a control changed while paused). */
  private dirty = false;
  /** The policy compiler (acorn and the instrumenter), loaded on the first `setPolicy`. */
  private compiler: typeof PolicyCompiler | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  version(): number {
    return PROTOCOL_VERSION;
  }

  connect(port: FramePort): void {
    this.port = port;
  }

  reset(input: ConfigInput, options: RunOptions): { ok: true } | { ok: false; problems: string[] } {
    const checked = checkConfig(input);
    if (!checked.ok) return checked;
    let policy: SchedulerFactory | undefined;
    if (options.policy !== undefined) {
      const compiled = this.compiler?.compilePolicy(options.policy);
      if (!compiled?.ok) {
        const why = compiled ? compiled.error.message : 'setPolicy must compile it first';
        return { ok: false, problems: [`policy: ${why}`] };
      }
      policy = compiled.policy.factory();
    }
    let engine: Engine;
    const spans = new SpanBuffer();
    const stats = new RunStats(RECENT_WINDOW_S);
    let live: LiveExecutor | undefined;
    try {
      if (options.mode === 'live' && this.liveAvailable()) {
        live = this.startLive(checked.config, options);
      }
      engine = new Engine(checked.config, {
        spans,
        trace: stats,
        ...(live ? { executor: live } : {}),
        ...(policy ? { scheduler: policy } : {}),
      });
    } catch (e) {
      live?.dispose();
      return { ok: false, problems: [e instanceof Error ? e.message : String(e)] };
    }
    this.run?.live?.dispose();
    this.run = {
      id: ++this.runCounter,
      config: checked.config,
      engine,
      spans,
      stats,
      controls: [],
      marks: [],
      peakRunning: new Int32Array(engine.lanes.count),
      input,
      ...(live ? { live } : {}),
      ...(policy ? { policy, policySource: options.policy! } : {}),
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
    return { ok: true };
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
    if (run.engine.step()) run.engine.advanceTo(run.engine.now);
    this.dirty = true;
    this.schedule();
  }

  setSpeed(speed: number): void {
    if (!(speed > 0) || this.run?.live) return;
    this.speed = speed;
    this.dirty = true;
    this.schedule();
  }

  setRate(ratePerS: number): void {
    if (!(ratePerS > 0 && ratePerS <= MAX_ARRIVALS_PER_S)) return;
    this.control({ op: 'rate', value: ratePerS }, `rate ${formatRate(ratePerS)}/s`);
  }

  setScheduler(name: SchedulerName): void {
    if (this.run) delete this.run.policySource;
    this.control({ op: 'scheduler', value: name }, name);
  }

  async setPolicy(source: string): Promise<PolicyResult> {
    this.compiler ??= await import('../policy/compile.ts');
    const compiled = this.compiler.compilePolicy(source);
    if (!compiled.ok) return { ok: false, error: compiled.error };
    const { policy } = compiled;
    if (this.run) this.run.policySource = source;
    this.control(
      { op: 'policy', value: source, factory: policy.factory() },
      `policy ${policy.name}`,
    );
    return { ok: true, name: policy.name, description: policy.description };
  }

  setInteractiveRatio(ratio: number): void {
    if (!(ratio >= 0 && ratio <= 1)) return;
    this.control({ op: 'ratio', value: ratio }, `interactive ${Math.round(ratio * 100)}%`);
  }

  failLane(lane: number): void {
    const run = this.run;
    if (!run || lane < 0 || lane >= run.engine.lanes.count) return;
    this.control({ op: 'fail', value: lane }, `${run.engine.lanes.names[lane]} down`);
  }

  recoverLane(lane: number): void {
    const run = this.run;
    if (!run || lane < 0 || lane >= run.engine.lanes.count) return;
    // Live mode: a lane whose worker went down is restarted (fresh worker, sessions reloaded); the
    // engine takes it back through the `laneUp` hook once it is ready, not before.
    if (run.live?.restart(lane)) {
      this.dirty = true;
      this.schedule();
      return;
    }
    // Still restarting: the engine recovers it when it is ready.
    if (run.live && !run.live.laneServing(lane)) return;
    this.control({ op: 'recover', value: lane }, `${run.engine.lanes.names[lane]} up`);
  }

  setMode(mode: EngineMode): void {
    // Live mode needs lane workers (Worker available: the browser, not Node). Switching restarts the
    // run of the same config in the other mode; frames report the mode actually in effect.
    const run = this.run;
    const wanted = mode === 'live' && !this.liveAvailable() ? 'simulated' : mode;
    if (run?.input && wanted !== this.mode) {
      this.reset(run.input, {
        mode: wanted,
        speed: this.speed,
        playing: this.playing,
        live: this.liveOptions ?? {},
        ...(run.policySource !== undefined ? { policy: run.policySource } : {}),
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

  summary(): Summary {
    const run = this.requireRun();
    return run.engine.summary();
  }

  exportRun(id: number, format: ExportFormat): ExportResult {
    const run = this.requireRun();
    const until = run.engine.now;
    let rows = 0;
    const result = exportRun(
      run.config,
      run.controls,
      until,
      format,
      (text) => {
        this.post({ v: PROTOCOL_VERSION, kind: 'export', id, text, done: false, rows }, []);
      },
      run.policy,
    );
    rows = result.rows;
    this.post({ v: PROTOCOL_VERSION, kind: 'export', id, text: '', done: true, rows }, []);
    // A long replay must not make the live clock jump.
    this.lastWall = this.now();
    return { rows, ledger: result.engine.ledger(), time: until };
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
    return typeof Worker !== 'undefined';
  }

  /** Live mode: spawn one lane worker per engine lane; outcomes come back through these hooks. */
  private startLive(config: Config, options: RunOptions): LiveExecutor {
    const models = Object.keys(config.mix.models);
    return new LiveExecutor(expandLanes(config), models, options.live ?? {}, {
      complete: (head, gen) => {
        const run = this.run;
        if (!run?.live) return;
        // The engine clock trails the wall clock by at most a tick: complete at the wall's time.
        const end = run.engine.now + Math.max(0, this.now() - this.lastWall);
        run.engine.completeRun(head, gen, end);
        this.dirty = true;
        this.schedule();
      },
      laneDown: (lane, reason) => {
        const run = this.run;
        if (!run?.live) return;
        const name = run.engine.lanes.names[lane];
        this.control({ op: 'fail', value: lane }, `${name} down: ${reason}`);
      },
      laneUp: (lane) => {
        const run = this.run;
        if (!run?.live) return;
        const name = run.engine.lanes.names[lane];
        this.control({ op: 'recover', value: lane }, `${name} up (restarted)`);
      },
    });
  }

  private requireRun(): Run {
    if (!this.run) throw new Error('no run: call reset(config) first');
    return this.run;
  }

  private control(c: ControlChange, label: string): void {
    const run = this.run;
    if (!run) return;
    // Controls apply at a clean boundary: every event up to now processed (replays depend on it).
    run.engine.advanceTo(run.engine.now);
    const full = { ...c, t: run.engine.now } as Control;
    applyControl(run.engine, full);
    run.controls.push(full);
    run.marks.push({ t: full.t, label });
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    if (!this.playing && !this.dirty) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, TICK_MS);
  }

  private tick(): void {
    const run = this.run;
    if (!run) return;
    const wall = this.now();
    // Live mode: the wall clock starts once every lane is ready (or down); until then frames carry
    // the lanes' loading progress.
    if (this.playing && !(run.live && !run.live.settled)) {
      const engine = run.engine;
      const wallDelta = Math.min(wall - this.lastWall, MAX_TICK_WALL_MS);
      const target = engine.now + wallDelta * this.speed;
      const deadline = wall + TICK_BUDGET_MS;
      let lagging = false;
      let n = 0;
      while (engine.nextEventTime <= target) {
        engine.step();
        if ((++n & 255) === 0 && this.now() > deadline) {
          lagging = true;
          break;
        }
      }
      if (lagging) engine.advanceTo(engine.now);
      else if (!engine.done) engine.advanceTo(target);
      this.lagging = lagging;
      if (engine.done) this.playing = false;
      const running = engine.lanes.running;
      for (let i = 0; i < running.length; i++) {
        if (running[i]! > run.peakRunning[i]!) run.peakRunning[i] = running[i]!;
      }
    }
    this.lastWall = wall;
    this.postFrame(run);
    this.dirty = false;
    this.schedule();
  }

  private postFrame(run: Run): void {
    const engine = run.engine;
    const m = engine.metrics;
    const now = engine.now;
    const pct = (cls: number) => ({
      p50: m.latencyQuantile(cls, 0.5),
      p95: m.latencyQuantile(cls, 0.95),
      p99: m.latencyQuantile(cls, 0.99),
    });
    const spans = run.spans.take();
    const series = seriesTail(engine, now);
    const histograms = run.stats.histograms();
    const rates = run.stats.recentRates(now);
    const lanes = engine.lanes;
    const memUnit = run.config.memory.calibration === 'bytes' ? 'MiB' : 'tokens';
    const laneStates: LaneState[] = engine.laneSpecs.map((spec, i) => ({
      name: spec.name,
      kind: spec.kind,
      role: spec.role,
      up: lanes.down[i] === 0,
      ...(lanes.pool[i] !== POOL_ACTIVE ? { pool: POOL_STATES[lanes.pool[i]! - 1]! } : {}),
      concurrency: spec.concurrency,
      running: lanes.running[i]!,
      peakRunning: run.peakRunning[i]!,
      utilisation: now > 0 ? Math.min(1, lanes.busyMs[i]! / (now * spec.concurrency)) : 0,
      memUsed: lanes.memUsed[i] ?? 0,
      memPeak: lanes.memPeak[i] ?? 0,
      memCapacity: Number.isFinite(lanes.memCapacity[i]) ? lanes.memCapacity[i]! : null,
      memUnit,
    }));
    const frame: FrameMessage = {
      v: PROTOCOL_VERSION,
      kind: 'frame',
      seq: ++this.seq,
      runId: run.id,
      mode: this.mode,
      playing: this.playing,
      done: engine.done,
      lagging: this.lagging,
      speed: this.speed,
      time: now,
      rate: engine.rate,
      scheduler: engine.schedulerName,
      interactiveRatio: lastRatio(run),
      ledger: engine.ledger(),
      events: engine.eventCount,
      percentiles: [pct(0), pct(1)],
      recent: run.stats.recent(now),
      throughput: rates.throughput,
      recentViolationRate: rates.violation,
      sloMs: [run.config.classes.interactive.slo_ms, run.config.classes.batch.slo_ms],
      spans,
      series,
      histograms,
      lanes: laneStates,
      models: [...engine.models],
      marks: run.marks.slice(),
      ...(run.live ? { live: run.live.status() } : {}),
      ...(engine.stopped !== undefined ? { stopped: engine.stopped } : {}),
      ...(engine.currentScheduler instanceof PluginScheduler
        ? { policy: engine.currentScheduler.status() }
        : {}),
    };
    this.post(frame, [
      ...spanTransferables(spans),
      ...[series.arrived, series.completed, series.good, series.violated, series.queue].map(
        (a) => a.buffer as ArrayBuffer,
      ),
      histograms.latency.buffer as ArrayBuffer,
      histograms.wait.buffer as ArrayBuffer,
      histograms.edges.buffer as ArrayBuffer,
    ]);
  }

  private post(message: unknown, transfer: Transferable[]): void {
    this.port?.postMessage(message, transfer);
  }
}

function lastRatio(run: Run): number {
  for (let i = run.controls.length - 1; i >= 0; i--) {
    const c = run.controls[i]!;
    if (c.op === 'ratio') return c.value;
  }
  return run.config.mix.interactive_ratio;
}

/** The last SERIES_TAIL seconds of the engine's per-second series, up to the current second. */
function seriesTail(engine: Engine, now: number): SeriesTail {
  const s = engine.metrics.series;
  const seconds = Math.floor(now / 1000) + 1;
  const first = Math.max(0, seconds - SERIES_TAIL);
  const n = seconds - first;
  const col = (src: readonly number[], carry: boolean): Float64Array => {
    const out = new Float64Array(n);
    // Queue depth is a level, not a count: a second with no sample keeps the previous level.
    let last = carry && src.length > 0 ? (src[Math.min(first, src.length) - 1] ?? 0) : 0;
    for (let i = 0; i < n; i++) {
      const v = src[first + i];
      if (v !== undefined) last = v;
      out[i] = v ?? (carry ? last : 0);
    }
    return out;
  };
  const queue = col(s.queue, true);
  return {
    firstSecond: first,
    arrived: col(s.arrived, false),
    completed: col(s.completed, false),
    good: col(s.good, false),
    violated: col(s.violated, false),
    queue,
  };
}

function formatRate(r: number): string {
  return r >= 100 ? String(Math.round(r)) : r.toPrecision(3);
}
