// Every message between a lane worker and whoever drives it (the engine worker's live executor, the
// page's calibration, the browser tests), versioned like the engine protocol. A lane worker is
// driven over one MessagePort: the engine worker hands each lane one end of a MessageChannel, so
// batches go engine worker -> lane worker directly, never through the page.
//
// Bump LANE_PROTOCOL_VERSION when a field changes meaning or disappears.

import type { ModelId } from '../../models/manifest.ts';
import type { AssetLoad } from './verified-assets.ts';

// 2: progress also counts warm-up runs. 3: no modelsUrl (a lane loads the site's own files);
// the runtime info lists where each file came from.
export const LANE_PROTOCOL_VERSION = 3;

/** The ONNX Runtime Web execution provider a lane runs: GPU class = WebGPU, CPU class = WASM. */
export type LaneProvider = 'webgpu' | 'wasm';

/** A lane's life: loading sessions, warming them up, serving, or out of service (with a reason). */
export type LaneHealth = 'starting' | 'loading' | 'warming' | 'ready' | 'down';

/** What the lane found out about its runtime; shown in the page next to the lane. */
export interface LaneRuntimeInfo {
  provider: LaneProvider;
  /** onnxruntime-web version. */
  ort: string;
  /** The page is cross-origin isolated (SharedArrayBuffer available): WASM may use threads. */
  isolated: boolean;
  /** WASM threads asked for and in effect (1 without cross-origin isolation). */
  threadsRequested: number;
  threads: number;
  /** WebGPU adapter, for the WebGPU provider once an adapter was found. */
  adapter?: GpuAdapterSummary;
  /** Where the runtime binary and each model came from (cache, network, made from its seed), how
   * long each took, and any cache entry that failed its check and was rebuilt. */
  files?: AssetLoad[];
}

export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software (fallback) adapter such as SwiftShader: a CPU emulation, correct but slow. */
  software: boolean;
}

/** Faults a test or the page can inject into a lane (the failure paths must be exercised). */
export type LaneFault = 'device-lost' | 'crash';

export interface LaneInit {
  type: 'init';
  v: typeof LANE_PROTOCOL_VERSION;
  name: string;
  provider: LaneProvider;
  /** WASM threads for this lane (clamped to 1 without cross-origin isolation). */
  threads: number;
  /** Models to load (manifest ids), from the site the lane worker was served by. */
  models: ModelId[];
  /** Accept a software WebGPU adapter (SwiftShader). When false such a lane goes down. */
  allowSoftwareAdapter: boolean;
  /** Warm-up runs per model at batch 1 before the lane reports ready. */
  warmupRuns: number;
  /** ...and at least this much run time per model, ms (V8 optimises WASM once it has run a while;
   * 0 or absent: runs only). */
  warmupMs?: number;
  /** Models whose session is made to fail at load (a test of the failure path). */
  failLoad?: ModelId[];
}

/** Run one batch of `batchSize` samples of `model` (live mode). */
export interface LaneRun {
  type: 'run';
  id: number;
  model: ModelId;
  batchSize: number;
}

/** Measure latency of `model` at each batch size (calibration). */
export interface LaneProfileRequest {
  type: 'profile';
  id: number;
  model: ModelId;
  batchSizes: number[];
  /** Timed runs per batch size (after one untimed run). */
  runs: number;
  /** Skip larger batch sizes once one run takes longer than this. */
  maxRunMs: number;
}

/** Render `text` as a line, optionally upside down, and read it with PP-OCR (det, cls, rec). */
export interface LaneOcrRequest {
  type: 'ocr';
  id: number;
  text: string;
  rotate180: boolean;
  /** Run the detector on a page holding the line (default); false reads the rendered line as is
   * (classifier + recogniser only: the detector is slow on software WebGPU). */
  detect?: boolean;
}

/** Voice activity of 16 kHz mono `samples`, frame by frame. */
export interface LaneVadRequest {
  type: 'vad';
  id: number;
  samples: Float32Array;
}

export interface LaneInject {
  type: 'inject';
  fault: LaneFault;
}

export type ToLane =
  LaneInit | LaneRun | LaneProfileRequest | LaneOcrRequest | LaneVadRequest | LaneInject;

export interface LaneStatus {
  type: 'status';
  health: LaneHealth;
  /** 0..1 while loading (runtime and models, weighted by size) and warming (warm-up runs done over all), 1
   * otherwise. */
  progress: number;
  /** What the lane is doing, e.g. "resnet18.onnx: making seeded weights 40%", "warming up ppocr_cls
   * 3/8" (the run under way, of the warm-up runs per model). */
  detail: string;
  /** Why the lane is down. */
  reason?: string;
  info: LaneRuntimeInfo;
}

export interface LaneRunDone {
  type: 'done';
  id: number;
  /** Wall ms of session.run for the batch, outputs read back (measured in the lane). */
  serviceMs: number;
  /** A short reading of the first sample's output (a class, a text, a probability). */
  output: string;
}

/** A request failed. `fatal`: the lane is down now (a status message follows). */
export interface LaneRunFailed {
  type: 'failed';
  id: number;
  reason: string;
  fatal: boolean;
}

/** Milliseconds per batch size, median of the timed runs. */
export interface LaneProfileResult extends LaneProfileTimes {
  type: 'profile';
  id: number;
  model: ModelId;
}

/** A profile's figures: the median per batch size and every timed run (in order). */
export interface LaneProfileTimes {
  ms: Record<string, number>;
  /** Each timed run, ms, per batch size (absent from lanes older than this field). */
  times?: Record<string, number[]>;
}

export interface OcrReading {
  /** Text boxes found by the detector, image pixels. */
  boxes: number;
  /** Direction classifier on the line crop. */
  angle: 0 | 180;
  angleScore: number;
  /** Recognised text of the first box (turned upright first when the classifier says 180). */
  text: string;
  confidence: number;
  ms: { det: number; cls: number; rec: number };
}

export interface LaneOcrResult {
  type: 'ocr';
  id: number;
  reading: OcrReading;
}

export interface LaneVadResult {
  type: 'vad';
  id: number;
  /** Speech probability per 512-sample frame. */
  probs: number[];
}

export type FromLane =
  LaneStatus | LaneRunDone | LaneRunFailed | LaneProfileResult | LaneOcrResult | LaneVadResult;

// ---- Live mode, as the engine worker reports it to the page (carried in FrameMessage.live) ----

/** Live-mode options that the engine config does not carry (RunOptions.live). */
export interface LiveOptions {
  /** WASM threads per CPU-class lane (default 1; clamped to 1 without cross-origin isolation). */
  threadsPerCpuLane?: number;
  /** Let the GPU lane run on a software WebGPU adapter such as SwiftShader (default true). */
  allowSoftwareAdapter?: boolean;
  /** Warm-up runs per model before a lane reports ready (default 8 on WASM lanes, 1 on WebGPU). */
  warmupRuns?: number;
  /** And at least this much run time per model, ms (default 400 on WASM lanes, 0 on WebGPU). */
  warmupMs?: number;
  /** Make these models' sessions fail to load on the named lanes (tests of the failure path). */
  failLoad?: Record<string, ModelId[]>;
  /** How the engine follows the wall clock: `event` (default) wakes at each arrival and handles a
   * lane's answer at once; `tick` only every ~16 ms, as before (npm run validate compares them). */
  pacing?: 'event' | 'tick';
  /** Time the mix on the lanes once they are ready, before the run's clock starts (a drift probe
   * for "Check the simulation"; the page sets it, `npm run validate` probes on its own). */
  driftProbe?: boolean;
}

/** A live lane's health: a lane worker's, or `parked`: an autoscaled replica with no worker (not
 * asked for, or let go). */
export type LiveLaneHealth = LaneHealth | 'parked';

/** One lane in live mode. */
export interface LiveLaneState {
  name: string;
  provider: LaneProvider;
  health: LiveLaneHealth;
  progress: number;
  detail: string;
  /** Why the lane is down. */
  reason?: string;
  info?: LaneRuntimeInfo;
  /** Batches run to completion, and the jobs in them. */
  runs: number;
  jobs: number;
  /** Measured service time (session.run, in the lane), ms: mean and latest. */
  meanServiceMs: number;
  lastServiceMs: number;
  /** What the latest batch produced (a class, a text, a probability). */
  lastOutput: string;
  /** Times the lane was restarted after going down (Recover); absent before the first. */
  restarts?: number;
  /** The engine's latency predictor on this lane: its estimate made as each run started against
   * the service time the engine then measured (send to answer), for the last runs (oldest first),
   * and its mean absolute percentage error over every run so far. Absent until a run ends. */
  predictor?: LanePredictions;
}

/** Predicted against measured service times of a lane's recent runs, ms. */
export interface LanePredictions {
  predicted: number[];
  measured: number[];
  /** Mean absolute percentage error over `runs` runs, %. */
  mape: number;
  runs: number;
}

/**
 * One replica the autoscaler asked for in live mode: a lane worker spawned, its runtime and models
 * loaded and sessions created, warmed up, then serving; or a start that failed (with why), or one
 * let go before it was ready.
 */
export interface ReplicaStart {
  /** The lane the replica runs as. */
  lane: string;
  /** When it was asked for and when its worker ended, wall ms since the live run began. */
  askedAtMs: number;
  endedAtMs?: number;
  /** warming (cold start under way), serving, stopped (let go: its worker ended), cancelled (let
   * go during its cold start), failed (its start failed: `reason`). */
  state: 'warming' | 'serving' | 'stopped' | 'cancelled' | 'failed';
  /** The measured cold start, asked for to ready (able to serve), ms. */
  coldStartMs?: number;
  /** Its parts, ms: spawn (the worker script started and answered), load (the runtime, the
   * models, session creation), warm-up (the warm-up runs). */
  parts?: { spawnMs: number; loadMs: number; warmupMs: number };
  reason?: string;
}

export interface LiveStatus {
  /** The engine worker is cross-origin isolated (lanes can use WASM threads). */
  isolated: boolean;
  /** Every lane is ready, down or parked: the wall clock runs. */
  settled: boolean;
  lanes: LiveLaneState[];
  /** Live autoscaling: every replica start so far (the latest REPLICA_STARTS_KEPT), oldest first. */
  replicas?: ReplicaStart[];
}
