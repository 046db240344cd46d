// What crosses the boundary between the page's LLM mode and the LLM host in the engine worker
// (llm/llm-host.ts). The LLM mode runs in the engine worker (one engine bundle for the page, not a
// second copy in its own worker: dist/ has no room for one) on a channel of its own: the page makes
// two MessagePorts and hands them over with `EngineApi.connectLlm`; one carries a Comlink-wrapped
// `LlmApi`, the other one `LlmFrame` per tick (typed arrays transferred). Like protocol.ts this is
// versioned: bump LLM_PROTOCOL_VERSION when a field changes meaning or disappears.

import type { ConfigInput } from '../engine/config.ts';
import type { Ledger } from '../engine/engine-types.ts';
import type { PolicyStatus } from '../engine/policy-api/status.ts';

export const LLM_PROTOCOL_VERSION = 1;

/** Block-map cell codes below 0 (0 and above: the id of the request that holds the block). */
export const CELL_FREE = -1;
/** A shared prefix block that requests reference (prefix caching). */
export const CELL_SHARED = -2;
/** A cached prefix block nobody references now: free to allocate, kept until evicted. */
export const CELL_CACHED = -3;
/** A block freed by a preemption moments ago (drawn as a flash, then free). */
export const CELL_PREEMPTED = -4;

/** One replica (lane) of an LLM run. */
export interface LlmLaneState {
  name: string;
  kind: 'gpu' | 'cpu';
  /** KV blocks the lane has, in use now (private and shared), and the most ever. */
  blocks: number;
  used: number;
  peak: number;
  /** Cached prefix blocks (referenced or not). */
  cached: number;
  running: number;
  waiting: number;
  steps: number;
  /** Requests preempted on this lane since the run began. */
  preemptions: number;
}

/** Percentiles of one metric of one class, ms (0 before any observation). */
export interface LlmQuantiles {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  count: number;
}

/**
 * A CDF read from a metric's sketch: `values[i]` is the quantile `CDF_QUANTILES[i]` (ms), per class
 * [interactive, batch]; empty for a class with no observation yet.
 */
export interface LlmCdfs {
  ttft: [Float64Array, Float64Array];
  tpot: [Float64Array, Float64Array];
  /** Inter-token latency: every gap between two tokens of a request (not a per-request mean). */
  itl: [Float64Array, Float64Array];
}

/** The quantiles a CDF is sampled at. */
export const CDF_QUANTILES: readonly number[] = Array.from({ length: 101 }, (_, i) =>
  Math.min(0.999, Math.max(0.001, i / 100)),
);

/** Steps that ended since the previous frame, as columns (all of length `count`). */
export interface LlmStepColumns {
  count: number;
  /** Steps left out to bound the message (very high speeds). */
  skipped: number;
  lane: Uint16Array;
  start: Float64Array;
  end: Float64Array;
  /** Prompt tokens computed (prefill chunks, recomputation) and requests that decoded a token. */
  prefill: Int32Array;
  decode: Int32Array;
  /** Requests preempted while the step was formed. */
  preempted: Uint16Array;
}

export interface LlmFrame {
  v: typeof LLM_PROTOCOL_VERSION;
  kind: 'llm-frame';
  seq: number;
  runId: number;
  /** Simulated ms since the run began. */
  time: number;
  playing: boolean;
  done: boolean;
  lagging: boolean;
  speed: number;
  /** Arrival rate in effect (requests/s; a trace's mean rate times its scale). */
  rate: number;
  scheduler: string;
  preemptionMode: 'recompute' | 'swap';
  /** Tokens one step may compute (max_num_batched_tokens). */
  tokenBudget: number;
  blockTokens: number;
  ledger: Ledger;
  /** Since the run began. */
  preemptions: number;
  recomputedTokens: number;
  swappedBytes: number;
  evictions: number;
  tokensSampled: number;
  steps: number;
  /** Mean requests in a step. */
  meanBatch: number;
  /** Completed requests, and those that met both their TTFT and TPOT SLOs, per class. */
  completed: [number, number];
  good: [number, number];
  /** Per class [interactive, batch]. */
  ttft: [LlmQuantiles, LlmQuantiles];
  tpot: [LlmQuantiles, LlmQuantiles];
  slo: { ttftMs: [number, number]; tpotMs: [number, number] };
  /** Generated tokens per simulated second over the last few seconds. */
  tokensPerS: number;
  lanes: LlmLaneState[];
  /**
   * The block map: every lane's blocks, lane after lane (`lanes[i].blocks` cells each), a cell's
   * code is the id of the request holding it or one of the CELL_* codes.
   */
  cells: Int32Array;
  /** The steps that ended since the previous frame. */
  stepLog: LlmStepColumns;
  /** What each request did in those steps (the step Gantt's request view). */
  requestLog: LlmRequestEvents;
  /** Sampled CDFs (every few frames; absent in between: keep the last). */
  cdfs?: LlmCdfs;
  /** Why the run stopped early or failed (then it does not go on). */
  stopped?: string;
  /** The user policy in place (decisions, fallbacks, problems by line), while one runs. */
  policy?: PolicyStatus;
  /** A live run's lanes and tokens (live LLM mode, llm/live-llm-run.ts); absent when simulated. */
  live?: LlmLiveState;
}

/** A request event of the request view: a prompt chunk computed, a token decoded, preempted. */
export const REQ_PREFILL = 0;
export const REQ_DECODE = 1;
export const REQ_PREEMPTED = 2;

/** Per-request events of the steps since the previous frame, as columns (all of length `count`):
 * one per row of each step (a prompt chunk or a decode, over the step's start..end) and one per
 * request preempted while a step was formed (at its start). */
export interface LlmRequestEvents {
  count: number;
  /** Events left out to bound the message (very high speeds). */
  skipped: number;
  /** Request id (arrival sequence number) and its arrival time, ms. */
  id: Float64Array;
  arrival: Float64Array;
  lane: Uint16Array;
  start: Float64Array;
  end: Float64Array;
  /** REQ_PREFILL, REQ_DECODE or REQ_PREEMPTED. */
  kind: Uint8Array;
}

/** What an export writes: one row per ended request (trace.csv of `npm run sim`), one per step
 * (steps.csv), the steps as Chrome trace events (steps.trace.json) or the run's summary.json. */
export type LlmExportKind = 'requests' | 'steps' | 'chrome' | 'summary';

/** `setPolicy`'s answer: the policy now runs, or why not (with its line; the run is unchanged). */
export type LlmPolicyResult =
  | { ok: true; name: string; description: string }
  | { ok: false; error: { message: string; line: number; column: number } };

export type LlmResetResult = { ok: true; runId: number } | { ok: false; problems: string[] };

/** What the page's Live switch asks for: the tiny decoder serving `requests` requests (the
 * workload of `npm run validate -- --llm`) on real decoder lanes. */
export interface LlmLiveOptions {
  requests: number;
  /** Requests per second (Poisson). */
  rate: number;
  /** Decoder lanes (one lane worker each). */
  lanes: number;
  /** Try WebGPU for the first lane (a WASM lane instead where it cannot start). */
  webgpu: boolean;
  scheduler: string;
  preemption: 'recompute' | 'swap';
  seed: number;
}

/** One decoder lane of a live run. */
export interface LlmLiveLane {
  name: string;
  provider: 'webgpu' | 'wasm';
  /** Runtime, threads and adapter, in words. */
  detail: string;
  /** Why it is not what was asked for (WebGPU refused: a WASM lane instead), or why it failed. */
  note?: string;
  down: boolean;
  steps: number;
  /** Median step time over its last steps (the lane's own time), ms; 0 before any. */
  medianStepMs: number;
}

/** A request's tokens as the decoder produced them (ids; the page shows their words). */
export interface LlmLiveTokens {
  id: number;
  promptLength: number;
  tokens: number[];
  done: boolean;
}

export interface LlmLiveState {
  model: string;
  lanes: LlmLiveLane[];
  /** A few requests' tokens, the latest first. */
  requests: LlmLiveTokens[];
  /** Steps the lanes ran, and requests the run serves in all. */
  steps: number;
  total: number;
  /** Every request ended: "Check the simulation" can run. */
  finished: boolean;
}

/** Loading a live run's lanes: per lane 0..1 and what is happening. */
export interface LlmLiveProgress {
  lane: string;
  fraction: number;
  detail: string;
}

/** One fitted lane kind of a check. */
export interface LlmCheckFit {
  kind: 'gpu' | 'cpu';
  steps: number;
  r2: number;
  coefficients: Record<string, number>;
}

/** A row of the sim-against-live comparison (src/profiler/llm-compare.ts's LlmRow, the fields
 * the page shows). */
export interface LlmCheckRow {
  class: string;
  metric: string;
  predicted_ms: number;
  measured_ms: number;
  error_pct: number;
  target_pct: number;
  met: boolean | null;
}

export interface LlmSimCheck {
  fits: LlmCheckFit[];
  /** Offered load per lane (share of one lane's capacity for the mean request). */
  load: number;
  liveCompleted: number;
  twinCompleted: number;
  rows: LlmCheckRow[];
  /** TTFT and TPOT p50/p99 of all requests within issue 23's targets (p50 10 %, p99 20 %). */
  good: boolean;
  verdict: string;
}

/** The LLM host's API (Comlink over its own port). */
export interface LlmApi {
  version(): number;
  /** Start a new run (paused unless `play`); a bad config leaves the current run as it was. */
  reset(config: ConfigInput, play: boolean): LlmResetResult;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  /** The arrival rate from now on (requests/s). */
  setRate(rate: number): void;
  /** Switch the step scheduler now; requests keep their places. */
  setScheduler(name: string): { ok: true } | { ok: false; problem: string };
  /**
   * Compile a user LLM policy (`llm: { rank, chunk, continuous }`, docs/policies.md) in this worker
   * and put it in place of the scheduler from now on; a compile error (with its line) leaves the
   * run as it was. `setScheduler` goes back to a built-in.
   */
  setPolicy(source: string): Promise<LlmPolicyResult>;
  /**
   * Export the run so far by replaying it (same seed, same controls at the same simulated times):
   * CSV chunks go to `onChunk` in order; resolves with the rows written and the simulated time
   * the export covers.
   */
  exportCsv(
    kind: LlmExportKind,
    onChunk: (chunk: Uint8Array) => void,
  ): Promise<{ rows: number; until: number }>;
  /** Start a live run on real decoder lanes (lanes load first, `onProgress` hears it); the run
   * before it stops. Refused with problems when no lane can start. */
  resetLive(
    options: LlmLiveOptions,
    play: boolean,
    onProgress?: (p: LlmLiveProgress) => void,
  ): Promise<LlmResetResult>;
  /** After a finished live run: replay its requests in the simulation with step costs fitted on
   * its own steps, and compare. */
  checkSimulation(): { ok: true; check: LlmSimCheck } | { ok: false; problem: string };
  /** Stop the tick loop and drop the run (leaving LLM mode). */
  stop(): void;
}
