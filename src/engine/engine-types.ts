// The engine's public contracts, apart from the engine itself: what it reports (the ledger, Gantt
// spans) and what it drives (an Executor running batches for real in live mode). Workers, the CLI
// and tests implement these without needing the event loop.

import type { ScalePolicy } from './autoscalers/types.ts';
import type { LlmTrace } from './llm/azure-trace.ts';
import type { LlmExecutor } from './llm/step-batch.ts';
import type { LlmTraceSink } from './llm/trace-sink.ts';
import type { LlmPolicy, LlmPolicyOptions } from './schedulers/llm-policy.ts';
import type { MemoryTable } from './memory.ts';
import type { SchedulerFactory } from './schedulers/types.ts';
import type { ReplayTrace } from './trace-input.ts';
import type { TraceSink } from './trace-writer.ts';

/** The job ledger. */
export interface Ledger {
  arrived: number;
  completed: number;
  rejected: number;
  dropped: number;
  queued: number;
  running: number;
}

/** Receives one span per run (a job or a batch) that ended, for Gantt charts. */
export interface SpanSink {
  span(
    lane: number,
    start: number,
    end: number,
    firstJobId: number,
    cls: number,
    model: number,
    batchSize: number,
    failed: boolean,
  ): void;
}

/** A run handed to an Executor in live mode. */
export interface RunRequest {
  lane: number;
  /** The run's first job slot and generation: pass both back to `Engine.completeRun`. */
  head: number;
  gen: number;
  model: number;
  batchSize: number;
  /** The latency predictor's estimate of this run's service time (ms), NaN without a predictor. */
  predicted: number;
}

/** Runs batches for real (live mode). Completion comes back through `Engine.completeRun`. */
export interface Executor {
  run(request: RunRequest): void;
}

/**
 * Live mode's replicas: the autoscaler starts and stops real lane workers through this. `start`
 * begins a lane's cold start (load its models, create its sessions, warm up) and answers with
 * `Engine.replicaReady(lane, gen)` when the lane can serve; `stop` ends its worker (it holds no
 * work). Without it (simulation) a replica is ready after the config's cold start.
 */
export interface ReplicaHost {
  start(lane: number, gen: number): void;
  stop(lane: number): void;
}

/** An autoscaler not from the registry (a user's, through the policy API): its name and maker. */
export interface AutoscalerFactory {
  name: string;
  create(): ScalePolicy;
}

export interface EngineOptions {
  trace?: TraceSink;
  spans?: SpanSink;
  executor?: Executor;
  /** Memory costs per model name for the `bytes` calibration, e.g. from the parsed model manifest. */
  memoryTable?: MemoryTable;
  /** Seed of the service-time stream only (default: the config's seed). The same arrivals with
   * other service draws: a check of the simulation averages replays over several. */
  serviceSeed?: number;
  /** A replayed trace parsed already from `config.arrivals` (parsed once for many runs). */
  replay?: ReplayTrace;
  /** LLM runs: an azure_llm trace parsed already from `config.arrivals` (times and tokens). */
  llmTrace?: LlmTrace;
  /** LLM runs: receives one row per ended request and one per step (trace.csv, steps.csv). */
  llmSink?: LlmTraceSink;
  /** LLM runs, live mode: runs each step on a real decoder (`Engine.completeStep` answers). */
  llmExecutor?: LlmExecutor;
  /** LLM runs: builds a user policy (the policy API) instead of `llm.scheduler`. */
  llmPolicy?: (options: LlmPolicyOptions, seed: number) => LlmPolicy;
  /**
   * Stop the run (see `Engine.stopped`) before the event after this many (default: no budget;
   * fuzz tests and `sim --max-events` bound a run's time this way).
   */
  maxEvents?: number;
  /** Live mode: real replicas for the autoscaler to start and stop. */
  replicas?: ReplicaHost;
  /** Autoscale with this policy (a user's) instead of the config's `autoscale.policy`. */
  autoscaler?: AutoscalerFactory;
  /**
   * A load generator sends the requests (`Engine.inject`, src/engine/loadtest.ts): the config's
   * arrival process is not run, and the run stays open for more until `Engine.closeInput`.
   */
  external?: boolean;
  /** Start with this scheduler (a user policy) instead of the config's `scheduler.name`. */
  scheduler?: SchedulerFactory;
  /**
   * Tests only: run built-in policies on their generic (grouped) scheduler even where their fast
   * path applies (fast-path.test.ts proves the two give identical traces).
   */
  genericSchedulers?: boolean;
}
