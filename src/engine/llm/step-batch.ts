// A step's batch: the scheduler's decision for one iteration of one replica, as plain columnar data
// (vLLM v1's SchedulerOutput). It says which requests run, how many tokens each computes and how
// many it held before, and who was preempted; nothing in it depends on how the step is executed.
// The simulation prices it with the step cost model (cost-model.ts); a real decoder lane (live
// mode) runs the same batch and reports when it ended. One StepBatch per lane is reused for every
// step: filling it allocates nothing.

/** Why a request was preempted in a step. */
export const PREEMPT_RECOMPUTE = 0;
export const PREEMPT_SWAP = 1;

export class StepBatch {
  /** The lane (replica) the step runs on. */
  lane = -1;
  /** Sequences in the step (rows used in the columns below). */
  size = 0;
  /** Request (job slot) per row. */
  readonly req: Int32Array;
  /** Request id (arrival sequence number) per row: what a live executor keys its sequences by. */
  readonly id: Float64Array;
  /** Tokens the row computes this step: a prompt chunk, a recompute, or 1 for a decode. */
  readonly tokens: Int32Array;
  /** KV-cache tokens the row held before the step (its context). */
  readonly cached: Int32Array;
  /** 1 when the row samples a token at the end of the step (its last known token is computed). */
  readonly samples: Uint8Array;
  /** 1 for a decode row (one token, sampled last step); 0 for a prompt chunk or a recompute. */
  readonly decode: Uint8Array;
  /** Requests preempted while this step was formed, and how (PREEMPT_*). */
  preemptedCount = 0;
  readonly preempted: Int32Array;
  readonly preemptedMode: Uint8Array;
  // Aggregates for the cost model, kept as the rows are added.
  /** Tokens computed by rows that are not single-token decodes (prompt chunks, recomputes). */
  prefillTokens = 0;
  /** Sum over prefill rows of tokens x (cached + (tokens + 1) / 2): query-key pairs. */
  attentionWork = 0;
  /** Rows that decode one token. */
  decodeSeqs = 0;
  /** KV tokens read by decoding rows (cached + 1 each). */
  kvRead = 0;
  /** Bytes swapped out (preempted by swap) and in (resumed) in this step. */
  swapBytes = 0;
  /** Rows whose blocks came back from host memory this step. */
  swappedIn = 0;

  constructor(readonly capacity: number) {
    this.req = new Int32Array(capacity);
    this.id = new Float64Array(capacity);
    this.tokens = new Int32Array(capacity);
    this.cached = new Int32Array(capacity);
    this.samples = new Uint8Array(capacity);
    this.decode = new Uint8Array(capacity);
    this.preempted = new Int32Array(capacity);
    this.preemptedMode = new Uint8Array(capacity);
  }

  /** Empty the batch for a new step on `lane`. */
  reset(lane: number): void {
    this.lane = lane;
    this.size = 0;
    this.preemptedCount = 0;
    this.prefillTokens = 0;
    this.attentionWork = 0;
    this.decodeSeqs = 0;
    this.kvRead = 0;
    this.swapBytes = 0;
    this.swappedIn = 0;
  }

  /**
   * Add a row: `samples` when the row's computed tokens then reach its known tokens (a token is
   * sampled at the step's end), `decode` when it computes the one token it sampled last.
   */
  add(
    req: number,
    id: number,
    tokens: number,
    cached: number,
    samples: boolean,
    decode: boolean,
  ): void {
    const i = this.size++;
    this.req[i] = req;
    this.id[i] = id;
    this.tokens[i] = tokens;
    this.cached[i] = cached;
    this.samples[i] = samples ? 1 : 0;
    this.decode[i] = decode ? 1 : 0;
    if (decode) {
      this.decodeSeqs++;
      this.kvRead += cached + 1;
    } else {
      this.prefillTokens += tokens;
      this.attentionWork += tokens * (cached + (tokens + 1) / 2);
    }
  }

  /** Record a preemption made while forming the step. */
  preempt(req: number, mode: number): void {
    // A step preempts at most the requests that were running: the capacity bounds it.
    const i = this.preemptedCount++;
    this.preempted[i] = req;
    this.preemptedMode[i] = mode;
  }

  /** Tokens computed in the step. */
  get batchedTokens(): number {
    return this.prefillTokens + this.decodeSeqs;
  }
}

/**
 * Runs steps for real (live mode, a decoder lane): given a lane's batch and the step's number, it
 * answers `Engine.completeStep(batch.lane, seq, endMs)` once the decoder has run it.
 */
export interface LlmExecutor {
  runStep(batch: StepBatch, seq: number): void;
}

/** What a step row reports of its batch (a StepBatch, or a copy of these figures kept after it). */
export type StepFigures = Pick<
  StepBatch,
  'size' | 'prefillTokens' | 'decodeSeqs' | 'kvRead' | 'preemptedCount' | 'swapBytes'
>;

/** A copy of a step's figures (a StepBatch is reused for the next step). */
export function copyFigures(b: StepFigures): StepFigures {
  const { size, prefillTokens, decodeSeqs, kvRead, preemptedCount, swapBytes } = b;
  return { size, prefillTokens, decodeSeqs, kvRead, preemptedCount, swapBytes };
}
