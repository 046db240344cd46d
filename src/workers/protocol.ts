// Every type that crosses the engine-worker boundary, versioned like a file format. The page and the
// worker import only this module from each other, so a change here is a change of protocol: bump
// PROTOCOL_VERSION whenever a field changes meaning or disappears (adding an optional field does not).
//
// Two channels cross the boundary:
//  - control: a Comlink-wrapped `EngineApi` (request/response, low rate);
//  - frames: a dedicated MessagePort on which the worker posts at most one `FrameMessage` per tick
//    (~16 ms), with typed-array columns transferred, never copied.

import type { ConfigInput } from '../engine/config.ts';
import type { SimMs } from '../engine/units.ts';
import type { Ledger } from '../engine/engine.ts';
import type { Summary } from '../engine/summary.ts';
import type { PairedMetric } from '../engine/compare-seeds.ts';
import type { SweepPoint, SweepReport } from '../engine/loadtest-sweep.ts';
import type { LaneFault, LiveOptions, LiveStatus } from './lanes/lane-protocol.ts';
import type { PolicyStatus } from '../engine/policy-api/status.ts';
import type { LaneCalibration } from '../profiler/lane-calibration.ts';
import type { SchedulerName } from '../engine/schedulers/registry.ts';

export type { PolicyProblem, PolicyStatus } from '../engine/policy-api/status.ts';

export type { LaneFault, LiveLaneState, LiveOptions, LiveStatus } from './lanes/lane-protocol.ts';

/** 2: compare mode (FrameMessage split into SideFrame fields plus `compare`; per-side controls).
 * 3: a percentile or mean with no job behind it is NaN (it was 0, which read as perfect latency). */
export const PROTOCOL_VERSION = 3;

/** Where service times come from: the simulation's models, or real inference in lane workers. */
export type EngineMode = 'simulated' | 'live';

/** Milliseconds on the engine's clock (not wall-clock): the brand is in src/engine/units.ts. */
export type { SimMs };

/**
 * Gantt spans that ended since the previous frame, as columns (one index = one span = one run of a
 * job or a batch on a lane). All arrays have length `count`.
 */
export interface SpanColumns {
  count: number;
  lane: Uint16Array;
  start: Float64Array;
  end: Float64Array;
  /** Trace id of the run's first job. */
  jobId: Float64Array;
  cls: Uint8Array;
  model: Uint8Array;
  batchSize: Uint16Array;
  /** 1 when the lane failed under the run and its jobs were re-queued. */
  failed: Uint8Array;
  /** Spans that ended this frame but were left out to bound the message (very high speeds). */
  skipped: number;
}

/** Latency percentiles of one class, ms; NaN where the class has no completed job in the figure's
 * window (no data, never "0 ms"). */
export interface ClassPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Per simulated second, the tail of the run's series (the last `SERIES_TAIL` seconds at most).
 * Index i is second `firstSecond + i`.
 */
export interface SeriesTail {
  firstSecond: number;
  arrived: Float64Array;
  completed: Float64Array;
  good: Float64Array;
  violated: Float64Array;
  queue: Float64Array;
}

/**
 * Log-binned histograms of latency and wait, per class, since the run began. Bin b covers
 * [edges[b], edges[b+1]) ms; `counts[cls * bins + b]`.
 */
export interface Histograms {
  bins: number;
  edges: Float64Array;
  latency: Float64Array;
  wait: Float64Array;
}

/** One lane's live state. */
export interface LaneState {
  name: string;
  kind: 'gpu' | 'cpu';
  /** A backup lane takes work only while a primary lane is down (absent from older workers:
   * read as primary). */
  role?: 'primary' | 'backup';
  /** Healthy (not failed). A parked lane is up but out of the pool. */
  up: boolean;
  /** Autoscaling: the lane's pool state when it is not serving in the pool (absent: it is, or
   * autoscaling is off). `parked` lanes hold no work and take none; that is not an outage. */
  pool?: 'warming' | 'draining' | 'parked';
  concurrency: number;
  running: number;
  /** Highest `running` seen since the run began. */
  peakRunning: number;
  /** Busy share of the lane's slots since the run began, 0..1. */
  utilisation: number;
  /** Memory held by running work, its peak and the lane's capacity (MiB or tokens, as configured);
   * capacity is null when the config has no memory model. */
  memUsed: number;
  memPeak: number;
  memCapacity: number | null;
  memUnit: 'MiB' | 'tokens';
}

/**
 * The run's latest scheduler switch, and the latency of the jobs that ended before it (since the
 * switch before, or the run's start) and since it: a before/after view that never mixes the two.
 */
export interface SwitchView {
  t: SimMs;
  /** The policy before and after (built-in names or a user policy's own name). */
  from: string;
  to: string;
  /** Latency counts per class in `Histograms` bins (`[cls * bins + b]`). */
  before: Float64Array;
  after: Float64Array;
  percentiles: {
    before: [ClassPercentiles, ClassPercentiles];
    after: [ClassPercentiles, ClassPercentiles];
  };
}

/** A change of control during the run, for timeline markers. */
export interface ControlMark {
  t: SimMs;
  label: string;
}

/**
 * One engine's data in a frame: the whole frame outside compare mode, side A's part (at the top
 * level of `FrameMessage`) and side B's (`compare.b`) in compare mode.
 */
export interface SideFrame {
  time: SimMs;
  rate: number;
  /** The policy in effect: a built-in's name, or a user policy's own name (then `policy` is set). */
  scheduler: string;
  interactiveRatio: number;
  ledger: Ledger;
  events: number;
  /** Since the run began, per class [interactive, batch]. */
  percentiles: [ClassPercentiles, ClassPercentiles];
  /** Mean latency (ms) of completed jobs since the run began, per class (NaN: none yet; absent
   * from older workers). */
  meanLatency?: [number, number];
  /** Jobs waiting in the queue now, per class (absent from older workers). */
  queuedByClass?: [number, number];
  /** The latest scheduler switch of the run, before and after (absent before the first). */
  switched?: SwitchView;
  /** Over the last `RECENT_WINDOW_S` simulated seconds, per class. */
  recent: [ClassPercentiles, ClassPercentiles];
  /** Completions per simulated second over the last `RECENT_WINDOW_S` seconds. */
  throughput: number;
  /** SLO violations over ended jobs in the recent window, per class. */
  recentViolationRate: [number, number];
  /** Since the run began, per class: jobs ended (completed, rejected or dropped), completed, and
   * completed within the SLO. Goodput, violation rates and fairness follow from these. */
  outcomes: { ended: [number, number]; completed: [number, number]; good: [number, number] };
  sloMs: [number, number];
  spans: SpanColumns;
  series: SeriesTail;
  histograms: Histograms;
  lanes: LaneState[];
  models: string[];
  marks: ControlMark[];
  /** Why this side's run stopped early at a resource limit (then its run is done); absent
   * otherwise. */
  stopped?: string;
  /** A user policy is running: what it decided and what went wrong (absent for a built-in). */
  policy?: PolicyStatus;
  /** Live mode: "Check the simulation" is running and doing this (absent otherwise). */
  checking?: string;
}

/** Which side(s) a control acts on in compare mode (outside it, only A exists). */
export type SideTarget = 'a' | 'b' | 'both';

/**
 * Jobs sampled by id whose outcome both sides now know, since the previous frame: the paired view's
 * data. A latency of -1 means the job was rejected or dropped on that side.
 */
export interface PairColumns {
  count: number;
  jobId: Float64Array;
  cls: Uint8Array;
  a: Float64Array;
  b: Float64Array;
}

/** Compare mode's extra frame data: side B, the new pairs, and whether each side's run is over. */
export interface CompareFrame {
  b: SideFrame;
  pairs: PairColumns;
  done: [boolean, boolean];
}

export interface FrameMessage extends SideFrame {
  v: typeof PROTOCOL_VERSION;
  kind: 'frame';
  /** Increases by one per frame since the worker started. */
  seq: number;
  /** Increases on every reset: frames of an older run are stale. */
  runId: number;
  mode: EngineMode;
  playing: boolean;
  /** The run is over (every arrival has happened and every job has ended; on both sides). */
  done: boolean;
  /** The engine could not keep up with wall-clock x speed this frame. */
  lagging: boolean;
  speed: number;
  /** Live mode: each lane worker's health (loading progress, down reason), runtime and measured
   * service times. Absent in simulation. */
  live?: LiveStatus;
  /** Compare mode: side B's data (side A's is at the top level); absent outside compare mode. */
  compare?: CompareFrame;
}

/** A chunk of an export in progress. `done` marks the last one. */
export interface ExportChunk {
  v: typeof PROTOCOL_VERSION;
  kind: 'export';
  id: number;
  text: string;
  done: boolean;
  rows: number;
}

export type WorkerMessage = FrameMessage | ExportChunk;

export const SERIES_TAIL = 300;
export const RECENT_WINDOW_S = 5;

/** What a run needs besides its config. */
export interface RunOptions {
  mode: EngineMode;
  speed: number;
  playing: boolean;
  /** Live mode only: lane options the engine config does not carry. */
  live?: LiveOptions;
  /**
   * A user policy's source to run instead of the config's scheduler, from t = 0 (side A's in compare
   * mode). It must have been compiled by `setPolicy` in this worker before (that loads the
   * compiler).
   */
  policy?: string;
  /** Compare mode: side B's config (and user policy, if B runs one). Both sides run simulated, in
   * lockstep on one clock; A's config is the one passed to `reset`. */
  compare?: { b: ConfigInput; policy?: string };
}

/** `reset`'s answer: the new run's id (frames carry it as `runId`; absent from older workers), or
 * why the config was refused (the current run then goes on). */
export type ResetResult = { ok: true; runId?: number } | { ok: false; problems: string[] };

/** Where a policy failed to compile (1-based line and column in its source). */
export interface PolicyCompileError {
  message: string;
  line: number;
  column: number;
}

/** `setPolicy`'s answer: the policy now runs, or why it does not (the run is then unchanged). */
export type PolicyResult =
  { ok: true; name: string; description: string } | { ok: false; error: PolicyCompileError };

/** Export formats streamed from the worker. */
export type ExportFormat = 'trace-csv' | 'chrome-trace';

/** The control API the worker exposes through Comlink. Every method resolves when applied. */
export interface EngineApi {
  /** Protocol version the worker speaks; the page refuses a mismatch. */
  version(): number;
  /** Hand the worker the port it posts frames and export chunks on. */
  connect(port: MessagePort): void;
  /** The page's LLM mode (llm-protocol.ts): a Comlink `LlmApi` on `rpc`, its frames on `frames`. */
  connectLlm(rpc: MessagePort, frames: MessagePort): void;
  /** Start a fresh run of `config` (validated in the worker); resolves with the problems, if any. */
  reset(config: ConfigInput, options: RunOptions): ResetResult;
  play(): void;
  pause(): void;
  /** Process one engine event (while paused). */
  step(): void;
  setSpeed(speed: number): void;
  /** Live controls; in compare mode `side` picks the side(s), both by default, applied at the same
   * simulated instant. */
  setRate(ratePerS: number, side?: SideTarget): void;
  /** Switch to a built-in policy (also ends a user policy on that side). */
  setScheduler(name: SchedulerName, side?: SideTarget): void;
  /**
   * Compile a user policy (a JavaScript module, see src/engine/policy-api/api.ts) here in the
   * worker and, if it compiles, run it from now on in place of the scheduler (on `side` in compare
   * mode: each side gets its own instance).
   */
  setPolicy(source: string, side?: SideTarget): PolicyResult | Promise<PolicyResult>;
  setInteractiveRatio(ratio: number, side?: SideTarget): void;
  /** Fail or recover lane `lane` of `side` (A by default); in compare mode the other side's lane of
   * the same name, if it has one, fails or recovers at the same instant. */
  failLane(lane: number, side?: 'a' | 'b'): void;
  recoverLane(lane: number, side?: 'a' | 'b'): void;
  setMode(mode: EngineMode): void;
  /** Live mode: inject a fault into a lane worker (tests of the failure paths). */
  injectLaneFault(lane: number, fault: LaneFault): void;
  /** The run's summary so far; in compare mode, of `side` (A by default). */
  summary(side?: 'a' | 'b'): Summary;
  /**
   * Replay the run so far (deterministically, with the same control changes at the same simulated
   * times) and stream it as `ExportChunk`s with this `id` on the frame port. Resolves with the row
   * count once the last chunk is posted. In compare mode both sides: trace CSV rows carry a leading
   * `side` column (a, then b), a Chrome trace has A and B as two processes.
   */
  exportRun(id: number, format: ExportFormat): ExportResult;
  /**
   * Live mode: pause the run, calibrate its lanes (once per run), replay its arrivals in the
   * simulator with that calibration and compare the latency distributions over the same jobs.
   */
  checkSimulation(): Promise<SimCheckResponse>;
}

/** What an export produced: its row count (jobs for CSV, slices for a Chrome trace) and the ledger
 * of the run at the moment it was taken. */
export interface ExportResult {
  rows: number;
  ledger: Ledger;
  time: SimMs;
  /** Compare mode: side B's ledger (`rows` then counts both sides). */
  ledgerB?: Ledger;
}

export function isWorkerMessage(data: unknown): data is WorkerMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { v?: unknown }).v === PROTOCOL_VERSION &&
    ((data as { kind?: unknown }).kind === 'frame' ||
      (data as { kind?: unknown }).kind === 'export')
  );
}

// ---- The seeds worker -----------------------------------------------------------------------
// Compare mode's verdict runs A and B over extra seeds in a worker of its own, off the engine
// worker's frame budget. One request at a time: the page terminates the worker to cancel.

/** Run A and B on each seed (`jobs` arrivals each, then drain) and pair their figures. */
export interface SeedsRequest {
  v: typeof PROTOCOL_VERSION;
  kind: 'seeds';
  id: number;
  a: ConfigInput;
  b: ConfigInput;
  seeds: number[];
  /** B's seeds, when the sides differ in their seed (default: `seeds`, the same arrivals). */
  seedsB?: number[];
  jobs: number;
}

/** Progress (seeds done), the result, or what went wrong. */
export type SeedsMessage =
  | { v: typeof PROTOCOL_VERSION; kind: 'seeds-progress'; id: number; done: number }
  | {
      v: typeof PROTOCOL_VERSION;
      kind: 'seeds-result';
      id: number;
      seeds: number[];
      jobs: number;
      metrics: PairedMetric[];
    }
  | { v: typeof PROTOCOL_VERSION; kind: 'seeds-error'; id: number; problems: string[] };

// ---- The check of a live run against the simulation (sim-check.ts computes it) ----

export type CheckMetric = 'p50' | 'p90' | 'p95' | 'p99' | 'mean' | 'throughput';
export type CheckClass = 'interactive' | 'batch' | 'all';

/** One figure, measured (live) and predicted (simulation). */
export interface CheckRow {
  metric: CheckMetric;
  /** ms, or jobs/s for throughput. */
  measured: number;
  predicted: number;
  /** (predicted - measured) / measured, %. */
  errorPct: number;
  /** The prediction with service times scaled by the run's drift (SimCheckResult.drift). */
  correctedPredicted?: number;
  correctedErrorPct?: number;
}

/** One kind of drift probe's readings for a checked live run, each against the calibration,
 * percent (+ when the lanes ran slower). */
export interface CheckDriftReading {
  /** When the lanes were first ready, before the run's clock ran. */
  startPct: number;
  /** At this check (the run paused). */
  endPct: number;
  /** Right after the calibration: the speed its service times stand for. */
  basisPct: number;
  /** The run's drift: the mean of the probes at its start and at this check. */
  runPct: number;
  /** What the corrected prediction scales service times by: (1 + run) / (1 + basis). */
  factor: number;
}

/** How far the lanes' speed moved during a checked live run (drift probes at its start and at the
 * check, the lanes timed alone and all busy together). */
export interface SimCheckDrift {
  alone: CheckDriftReading;
  together: CheckDriftReading;
  /** The probes whose drift corrects the prediction (`correctedPredicted`). */
  by: 'alone' | 'together';
}

export interface CheckClassResult {
  cls: CheckClass;
  /** Jobs compared (completed in both runs). */
  count: number;
  /** Sorted latencies, ms, thinned to at most CURVE_POINTS evenly spaced ranks (for the CDF). */
  measuredCurve: number[];
  predictedCurve: number[];
  rows: CheckRow[];
}

/** What "Check the simulation" answers. */
export type SimCheckResponse = SimCheckResult | { ok: false; problem: string };

export interface SimCheckResult {
  ok: true;
  /** Jobs that arrived in the live run (the simulation replays exactly these). */
  arrived: number;
  /** The simulation's jobs had the live run's arrival times, classes and models, job by job. */
  arrivalsIdentical: boolean;
  /** Completed in both (compared), live only, simulation only. */
  jobs: number;
  liveOnly: number;
  simOnly: number;
  /** Simulation replays (other service draws of the same arrivals) behind the prediction. */
  replays: number;
  classes: CheckClassResult[];
  /** The calibrated service model the simulation used, and the figures behind it. */
  calibration: LaneCalibration;
  /** Engine ms of the live run when it was checked. */
  at: number;
  /** The lanes' drift during the run, and the corrected prediction's factor (absent when the run
   * has no probe at its start: `driftProblem` says why). */
  drift?: SimCheckDrift;
  driftProblem?: string;
}

// ---- The load-test worker ---------------------------------------------------------------------
// The page's load-test panel runs a sweep (src/engine/loadtest-sweep.ts, what `npm run loadtest --
// --sweep` runs) in a worker of its own; one request at a time, cancelled by terminating it.

/** Sweep the offered rate over `levels` against the config's lanes, `repeats` seeds a level. */
export interface LoadtestRequest {
  v: typeof PROTOCOL_VERSION;
  kind: 'loadtest';
  id: number;
  config: ConfigInput;
  /** Offered rates (req/s), rising. */
  levels: number[];
  repeats: number;
  /** Each run's length (simulated s). */
  duration_s: number;
  /** Most requests outstanding at once (a client's connection pool); null: a pure open loop. */
  connections: number | null;
}

export type LoadtestMessage =
  | {
      v: typeof PROTOCOL_VERSION;
      kind: 'loadtest-point';
      id: number;
      point: SweepPoint;
      done: number;
      total: number;
    }
  | { v: typeof PROTOCOL_VERSION; kind: 'loadtest-result'; id: number; report: SweepReport }
  | { v: typeof PROTOCOL_VERSION; kind: 'loadtest-error'; id: number; problems: string[] };
