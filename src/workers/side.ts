// One side of the engine worker's run: an Engine with the sinks that feed frames (Gantt spans, run
// statistics), the log of control changes applied to it (exports replay it), the timeline's marks
// and the lanes' peak concurrency. A plain run has one side; compare mode has two, A and B, which
// the host advances in lockstep (lockstep.ts) on one simulated clock.

import type { Config, ConfigInput } from '../engine/config.ts';
import { Engine, type Executor, type ReplicaHost } from '../engine/engine.ts';
import { QUEUED } from '../engine/job-table.ts';
import { POOL_ACTIVE } from '../engine/lanes.ts';
import type { TraceSink } from '../engine/trace-writer.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import { PluginScheduler } from '../engine/policy-api/plugin-scheduler.ts';
import { applyControl, type Control } from './control-log.ts';
import { RunStats } from './run-stats.ts';
import { SpanBuffer, spanTransferables } from './span-buffer.ts';
import {
  RECENT_WINDOW_S,
  SERIES_TAIL,
  type ControlMark,
  type LaneState,
  type SeriesTail,
  type SideFrame,
  type SideTarget,
  type SimMs,
} from './protocol.ts';

/** LaneState.pool for lanes.ts's POOL_WARMING, POOL_DRAINING and POOL_PARKED (index: state - 1). */
const POOL_STATES = ['warming', 'draining', 'parked'] as const;

export interface SideOptions {
  /** Live mode: the executor running batches in lane workers. */
  executor?: Executor;
  /** Live mode: real replicas (lane workers) for the autoscaler to start and stop. */
  replicas?: ReplicaHost;
  /** Wraps the side's trace sink (compare mode taps it for the paired view). */
  tapTrace?: (stats: TraceSink) => TraceSink;
  /** A user policy to run from t = 0 in place of the config's scheduler, and its source. */
  policy?: { factory: SchedulerFactory; source: string };
}

export class Side {
  readonly engine: Engine;
  readonly spans = new SpanBuffer();
  readonly stats = new RunStats(RECENT_WINDOW_S);
  /** Control changes applied to this side, in order, at the simulated time they happened. */
  readonly controls: Control[] = [];
  readonly marks: ControlMark[] = [];
  readonly peakRunning: Int32Array;
  /** The user policy the side started with (exports replay from it). */
  readonly startPolicy: SchedulerFactory | undefined;
  /** The source of the user policy in effect now, if one is (kept across a mode switch). */
  policySource: string | undefined;
  /** The latest scheduler switch: when, from and to (its before/after counts are in `stats`). */
  private lastSwitch: { t: SimMs; from: string; to: string } | undefined;

  /** Throws what the Engine constructor throws (a profile gap, a bad trace). */
  constructor(
    readonly config: Config,
    /** The config as given (live mode restarts from it). */
    readonly input: ConfigInput,
    options: SideOptions = {},
  ) {
    const trace = options.tapTrace ? options.tapTrace(this.stats) : this.stats;
    this.engine = new Engine(config, {
      spans: this.spans,
      trace,
      ...(options.executor ? { executor: options.executor } : {}),
      ...(options.replicas ? { replicas: options.replicas } : {}),
      ...(options.policy ? { scheduler: options.policy.factory } : {}),
    });
    this.startPolicy = options.policy?.factory;
    this.policySource = options.policy?.source;
    this.peakRunning = new Int32Array(this.engine.lanes.count);
  }

  /** Apply a control now (the caller has processed every event up to now) and log it. */
  apply(c: Omit<Control, 't'>, label: string): void {
    const full = { ...c, t: this.engine.now } as Control;
    const from = this.engine.schedulerName;
    applyControl(this.engine, full);
    if (c.op === 'scheduler' || c.op === 'policy') {
      this.stats.markSwitch();
      this.lastSwitch = { t: full.t, from, to: this.engine.schedulerName };
    }
    this.controls.push(full);
    this.marks.push({ t: full.t, label });
  }

  /** Index of the lane called `name`, or -1. */
  laneIndex(name: string): number {
    return this.engine.lanes.names.indexOf(name);
  }

  notePeaks(): void {
    const running = this.engine.lanes.running;
    for (let i = 0; i < running.length; i++) {
      if (running[i]! > this.peakRunning[i]!) this.peakRunning[i] = running[i]!;
    }
  }

  /** The interactive ratio in effect: the last one set, or the config's. */
  interactiveRatio(): number {
    for (let i = this.controls.length - 1; i >= 0; i--) {
      const c = this.controls[i]!;
      if (c.op === 'ratio') return c.value;
    }
    return this.config.mix.interactive_ratio;
  }

  /** This side's frame data (fresh arrays) and the buffers to transfer. */
  frame(): { data: SideFrame; transfer: ArrayBuffer[] } {
    const engine = this.engine;
    const m = engine.metrics;
    const now = engine.now;
    const outcomes = this.stats.outcomes();
    // No completed job of a class: no latency (NaN), never 0 ms.
    const none = (cls: number): boolean => outcomes.completed[cls] === 0;
    const pct = (cls: number) =>
      none(cls)
        ? { p50: NaN, p95: NaN, p99: NaN }
        : {
            p50: m.latencyQuantile(cls, 0.5),
            p95: m.latencyQuantile(cls, 0.95),
            p99: m.latencyQuantile(cls, 0.99),
          };
    const spans = this.spans.take();
    const series = seriesTail(engine, now);
    const histograms = this.stats.histograms();
    const rates = this.stats.recentRates(now);
    const segments = this.lastSwitch ? this.stats.switchSegments() : undefined;
    const switched = segments && this.lastSwitch ? { ...this.lastSwitch, ...segments } : undefined;
    const data: SideFrame = {
      time: now,
      rate: engine.rate,
      scheduler: engine.schedulerName,
      interactiveRatio: this.interactiveRatio(),
      ledger: engine.ledger(),
      events: engine.eventCount,
      percentiles: [pct(0), pct(1)],
      meanLatency: [none(0) ? NaN : m.latencyMean(0), none(1) ? NaN : m.latencyMean(1)],
      queuedByClass: this.queuedByClass(),
      ...(switched ? { switched } : {}),
      recent: this.stats.recent(now),
      throughput: rates.throughput,
      recentViolationRate: rates.violation,
      outcomes,
      sloMs: [this.config.classes.interactive.slo_ms, this.config.classes.batch.slo_ms],
      spans,
      series,
      histograms,
      lanes: this.laneStates(),
      models: [...engine.models],
      marks: this.marks.slice(),
      ...(engine.stopped !== undefined ? { stopped: engine.stopped } : {}),
      ...(engine.currentScheduler instanceof PluginScheduler
        ? { policy: engine.currentScheduler.status() }
        : {}),
    };
    return {
      data,
      transfer: [
        ...spanTransferables(spans),
        ...[series.arrived, series.completed, series.good, series.violated, series.queue].map(
          (a) => a.buffer as ArrayBuffer,
        ),
        histograms.latency.buffer as ArrayBuffer,
        histograms.wait.buffer as ArrayBuffer,
        histograms.edges.buffer as ArrayBuffer,
        ...(switched
          ? [switched.before.buffer as ArrayBuffer, switched.after.buffer as ArrayBuffer]
          : []),
      ],
    };
  }

  /** Jobs queued now per class: one pass over the job table's state and class columns (tens of
   * thousands of bytes at most, once a frame). */
  private queuedByClass(): [number, number] {
    const jobs = this.engine.jobs;
    const state = jobs.state;
    const cls = jobs.cls;
    let interactive = 0;
    let total = 0;
    for (let s = 0; s < state.length; s++) {
      if (state[s] !== QUEUED) continue;
      total++;
      if (cls[s] === 0) interactive++;
    }
    return [interactive, total - interactive];
  }

  private laneStates(): LaneState[] {
    const engine = this.engine;
    const lanes = engine.lanes;
    const now = engine.now;
    const memUnit = this.config.memory.calibration === 'bytes' ? 'MiB' : 'tokens';
    return engine.laneSpecs.map((spec, i) => ({
      name: spec.name,
      kind: spec.kind,
      role: spec.role,
      up: lanes.down[i] === 0,
      ...(lanes.pool[i] !== POOL_ACTIVE ? { pool: POOL_STATES[lanes.pool[i]! - 1]! } : {}),
      concurrency: spec.concurrency,
      running: lanes.running[i]!,
      peakRunning: this.peakRunning[i]!,
      utilisation: now > 0 ? Math.min(1, lanes.busyMs[i]! / (now * spec.concurrency)) : 0,
      memUsed: lanes.memUsed[i] ?? 0,
      memPeak: lanes.memPeak[i] ?? 0,
      memCapacity: Number.isFinite(lanes.memCapacity[i]) ? lanes.memCapacity[i]! : null,
      memUnit,
    }));
  }
}

/** The sides a control aimed at `target` acts on (outside compare mode, always the one side). */
export function pickSides(sides: readonly Side[], target: SideTarget): Side[] {
  if (sides.length < 2 || target === 'both') return [...sides];
  return [sides[target === 'a' ? 0 : 1]!];
}

/** A lane by name across the sides: every side that has it, with its index there. */
export interface LaneOnSides {
  name: string;
  sides: Side[];
  indices: number[];
}

/** Lane `lane` of `side`, found by its name on every side that has it (compare mode's shared lane
 * faults); undefined when `side` has no such lane. */
export function laneOnSides(
  sides: readonly Side[],
  lane: number,
  side: 'a' | 'b',
): LaneOnSides | undefined {
  const own = sides[side === 'b' ? 1 : 0];
  if (!own || !Number.isInteger(lane) || lane < 0) return undefined;
  const name = own.engine.lanes.names[lane];
  if (name === undefined) return undefined;
  const out: LaneOnSides = { name, sides: [], indices: [] };
  for (const s of sides) {
    const i = s.laneIndex(name);
    if (i < 0) continue;
    out.sides.push(s);
    out.indices.push(i);
  }
  return out;
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
  return {
    firstSecond: first,
    arrived: col(s.arrived, false),
    completed: col(s.completed, false),
    good: col(s.good, false),
    violated: col(s.violated, false),
    queue: col(s.queue, true),
  };
}
