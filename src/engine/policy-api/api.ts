// The policy API: what a scheduling policy written outside the engine sees and returns. A policy is
// a plain JavaScript module (examples/policies/*.js) whose default export (or named exports) has a
// `decide(ctx)` function; the page's policy editor and `npm run sim -- --policy file.js` run it
// through this API, in the engine worker or in Node, never on the page's thread.
//
// An LLM policy exports `llm: { rank, chunk?, continuous? }` (LlmPolicyModule) instead of, or beside,
// `decide`; configs with an `llm` section run it (llm-plugin.ts).
//
// Whenever a lane may have room and jobs are queued, the engine calls `decide(ctx)` and starts what
// it returns; it calls again while the policy keeps starting jobs and room is left. Views are
// read-only and valid during the call. A decision that throws, runs past the time limit, or names a
// job or lane it may not (busy, down, unknown) is reported with its line number, and that moment's
// work falls back to FIFO: the run goes on and no job is lost.

/** A queued job, read-only. */
export interface JobView {
  /** Arrival sequence number: the job's `id` in trace.csv. */
  readonly id: number;
  readonly class: 'interactive' | 'batch';
  /** The model it runs (a name from the config's `mix.models`). */
  readonly model: string;
  /** Arrival time, simulated ms. */
  readonly arrival: number;
  /** arrival + its class's SLO, simulated ms. */
  readonly deadline: number;
  /** Its class's SLO, ms. */
  readonly slo: number;
  /** Earlier runs of it that a lane failure cut short. */
  readonly attempts: number;
  /**
   * Predicted service time (ms) of this job alone on a lane of each kind (the first such lane in
   * config order); NaN for a kind the run has no lane of. `ctx.predict` gives it for any lane and
   * batch size.
   */
  readonly predicted: { readonly gpu: number; readonly cpu: number };
  /** Queued jobs that may batch with it (same model and class), itself included. */
  readonly batchable: number;
}

/** What state a lane is in. Only an `up` lane with a free slot may start work. */
export type LaneHealth =
  /** Serving. */
  | 'up'
  /** Failed (a fault, or failed by hand); its work was re-queued. */
  | 'down'
  /** A backup lane while every primary is up: it takes work only while a primary is down. */
  | 'standby'
  /** Autoscaling: added to the pool, still warming up. */
  | 'warming'
  /** Autoscaling: leaving the pool; takes no new work. */
  | 'draining'
  /** Autoscaling: out of the pool. */
  | 'parked';

/** A lane, read-only. */
export interface LaneView {
  /** Position in config order: what `lane: number` in a decision refers to. */
  readonly index: number;
  /** As in trace.csv: gpu0, cpu1, cpu2-backup... */
  readonly name: string;
  readonly kind: 'gpu' | 'cpu';
  readonly role: 'primary' | 'backup';
  /** Service-rate multiplier (a GPU-class lane defaults to `service.gpu_speedup`). */
  readonly speed: number;
  /** Runs it holds at once. */
  readonly concurrency: number;
  /** Runs in progress. */
  readonly running: number;
  /** concurrency - running. */
  readonly free: number;
  readonly health: LaneHealth;
  /** May start a run now: `up` with a free slot. */
  readonly available: boolean;
  /** Memory not held by running work (MiB or tokens, as configured); Infinity without a memory
   * model. */
  readonly memFree: number;
  readonly memCapacity: number;
}

/** What `decide` is called with. */
export interface DecideContext {
  /** Simulated ms now. */
  readonly now: number;
  /** Every queued job, oldest first (a job re-queued after a lane failure keeps its place). A
   * fresh array each call: sort or filter it as you like. */
  readonly queue: readonly JobView[];
  /** Every lane, in config order. A fresh array each call. */
  readonly lanes: readonly LaneView[];
  /** Most jobs one run may hold: `batching.max_batch` with batching on, else 1. */
  readonly maxBatch: number;
  /** The run's model names. */
  readonly models: readonly string[];
  /**
   * Predicted service time (ms) of `batch` jobs like `job` (its model) run together on `lane`:
   * the engine's latency predictor when the config has one, else the service model's mean.
   */
  predict(job: JobView, lane: LaneView | number, batch?: number): number;
  /** Would a run of `batch` jobs like `job` fit in `lane`'s free memory (always, without a
   * memory model)? */
  fits(job: JobView, lane: LaneView | number, batch?: number): boolean;
  /** Be called again at simulated time `t` at the latest, even if nothing else happens (a policy
   * that holds jobs back to batch them sets its own timer). */
  wakeAt(t: number): void;
}

/** Start one job on a lane. */
export interface StartJob {
  job: JobView;
  lane: LaneView | number;
}

/** Start jobs of one model together as one run (a batch: they share one service time). */
export interface StartBatch {
  jobs: readonly JobView[];
  lane: LaneView | number;
}

export type Start = StartJob | StartBatch;

/** What `decide` returns: one start, several (applied in order), or nothing (wait). */
export type Decision = Start | readonly Start[] | null | undefined;

/**
 * An LLM request as an LLM policy sees it (`llm.rank`, `llm.chunk`), read-only. Its true output
 * length is hidden: `estimate` is the predictor's guess (`llm.output_estimate_cv`).
 */
export interface LlmRequestView {
  /** Arrival sequence number: the request's `id` in trace.csv. */
  readonly id: number;
  readonly class: 'interactive' | 'batch';
  /** Arrival time, simulated ms. */
  readonly arrival: number;
  /** Prompt tokens. */
  readonly prompt: number;
  /** The predictor's estimate of the output tokens. */
  readonly estimate: number;
  /** Tokens generated so far (after a preemption, more than 0). */
  readonly generated: number;
  /** Shared-prefix group (-1: none). */
  readonly prefixGroup: number;
  /** Times it was preempted so far. */
  readonly preemptions: number;
}

/**
 * An LLM (iteration-level) policy: the decisions vLLM's scheduler loop asks of a policy. The engine
 * forms every step the same way (running requests first, then waiting ones while the token budget,
 * `max_num_seqs` and the KV blocks last, preempting when blocks run out) and asks these:
 */
export interface LlmPolicyModule {
  /**
   * Which waiting requests are admitted first and which running request is preempted first: a
   * number per request, computed once when it arrives. Waiting requests are admitted lowest rank
   * first (ties: arrival order), running requests are served in rank order, and when blocks run out
   * the running request with the highest rank is preempted (its blocks freed: recomputed or
   * swapped, as `llm.preemption` says).
   */
  rank(request: LlmRequestView): number;
  /**
   * How big a prefill chunk: prompt (or recompute) tokens the request computes this step, from 0
   * (not this step: admission stops) to `remaining`; `budget` is what the step has left. Default:
   * the whole prompt when it fits the budget (or when nothing else prefills this step).
   */
  chunk?(request: LlmRequestView, remaining: number, budget: number): number;
  /** False for request-level batching: nothing is admitted while a batch runs. Default true. */
  continuous?: boolean;
}

/** A policy module's exports. */
export interface PolicyModule {
  /** Shown in the page and in summaries; defaults to the file's name. */
  name?: string;
  /** One line on what it does. */
  description?: string;
  /**
   * True when the policy serves interactive jobs before batch ones (as EDF and priority_slo do):
   * admission control, when the config has it, then estimates an interactive job's wait from the
   * interactive work ahead of it only. Default false.
   */
  classPriority?: boolean;
  decide(ctx: DecideContext): Decision;
  /** An LLM policy instead (or as well): for configs with an `llm` section. */
  llm?: LlmPolicyModule;
}
