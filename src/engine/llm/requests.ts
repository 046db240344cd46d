// LLM requests in flight as typed-array columns, indexed by the job slot the engine's JobTable gives
// the request (its id, class, arrival and ledger state live there). What the simulation knows and
// policies do not (the true output length) sits beside what they may see (the estimate). Memory is
// bounded by the requests in flight, as for the JobTable: slots are reused.

/** Where a request is, beside the engine's QUEUED/RUNNING. */
export const L_WAITING = 0;
export const L_RUNNING = 1;
/** Waiting with its KV blocks in host memory (preempted by swap). */
export const L_SWAPPED = 2;
/** Its prefill is done on a prefill lane and its KV cache is moving to a decode lane. */
export const L_TRANSFER = 3;

export class LlmRequests {
  /** Prompt tokens, and the output tokens it will generate (hidden from policies). */
  prompt = new Int32Array(0);
  output = new Int32Array(0);
  /** The predictor's estimate of `output` that policies see. */
  estimate = new Float64Array(0);
  /** Tokens whose KV is in the cache (computed), and tokens generated so far. */
  computed = new Int32Array(0);
  generated = new Int32Array(0);
  /** Private KV blocks held, and shared prefix blocks referenced (prefix caching). */
  blocks = new Int32Array(0);
  prefixBlocks = new Int32Array(0);
  /** Blocks held in host memory (swapped out). */
  swapped = new Int32Array(0);
  /** Shared-prefix group (-1: none) and its length in tokens. */
  group = new Int32Array(0);
  prefixTokens = new Int32Array(0);
  /** Lane the request is queued or running on (-1: none yet). */
  lane = new Int32Array(0);
  phase = new Uint8Array(0);
  /** The policy's admission key (lower first; the highest running key is preempted first). */
  key = new Float64Array(0);
  /** First scheduled, first token, last token (ms; NaN: not yet). */
  firstScheduled = new Float64Array(0);
  firstToken = new Float64Array(0);
  lastToken = new Float64Array(0);
  preemptions = new Int32Array(0);
  /** Block-milliseconds held so far, and when the held count last changed (Little's law). */
  blockMs = new Float64Array(0);
  blockSince = new Float64Array(0);
  /** Prompt tokens found in the prefix cache at admission. */
  cachedTokens = new Int32Array(0);

  get capacity(): number {
    return this.prompt.length;
  }

  /** Make room for slot indices below `n`, keeping what is there. */
  ensure(n: number): void {
    if (n <= this.prompt.length) return;
    let cap = Math.max(1024, this.prompt.length);
    while (cap < n) cap *= 2;
    for (const key of Object.keys(this) as (keyof this)[]) {
      const old = this[key];
      if (ArrayBuffer.isView(old)) {
        const Ctor = (old as unknown as { constructor: new (n: number) => typeof old }).constructor;
        const grown = new Ctor(cap);
        (grown as unknown as Int32Array).set(old as unknown as Int32Array);
        this[key] = grown;
      }
    }
  }

  /** A new request in `slot`. */
  init(
    slot: number,
    prompt: number,
    output: number,
    estimate: number,
    group: number,
    prefixTokens: number,
  ): void {
    this.prompt[slot] = prompt;
    this.output[slot] = output;
    this.estimate[slot] = estimate;
    this.computed[slot] = 0;
    this.generated[slot] = 0;
    this.blocks[slot] = 0;
    this.prefixBlocks[slot] = 0;
    this.swapped[slot] = 0;
    this.group[slot] = group;
    this.prefixTokens[slot] = prefixTokens;
    this.lane[slot] = -1;
    this.phase[slot] = L_WAITING;
    this.key[slot] = 0;
    this.firstScheduled[slot] = NaN;
    this.firstToken[slot] = NaN;
    this.lastToken[slot] = NaN;
    this.preemptions[slot] = 0;
    this.blockMs[slot] = 0;
    this.blockSince[slot] = 0;
    this.cachedTokens[slot] = 0;
  }

  /** Blocks in device memory the request holds (private and shared). */
  held(slot: number): number {
    return this.blocks[slot]! + this.prefixBlocks[slot]!;
  }

  /** Tokens known: the prompt and what was generated (the last of which may not be computed). */
  known(slot: number): number {
    return this.prompt[slot]! + this.generated[slot]!;
  }
}
