// Where an LLM request's tokens come from when it arrives: its own row of an azure_llm trace, or
// draws from the configured length distributions; then its shared-prefix group and the output
// estimate policies see. Every draw comes from its own seeded stream, always in the same order
// whatever happens to the request, so every policy sees the same requests for a seed (common
// random numbers).

import { normalVariate, uniformStream, type Uniform } from '../rng.ts';
import type { LlmTrace } from './azure-trace.ts';
import type { LlmSections } from './config-sections.ts';
import { createLengthSampler, type LengthSampler } from './lengths.ts';
import type { LlmRequests } from './requests.ts';

export class LlmRequestSource {
  private readonly prompt: LengthSampler | undefined;
  private readonly output: LengthSampler | undefined;
  private readonly uLen: Uniform;
  private readonly uPrefix: Uniform;
  private readonly uEstimate: Uniform;
  /** Requests drawn so far (the trace row of the next). */
  private drawn = 0;

  constructor(
    seed: number,
    private readonly llm: LlmSections,
    private readonly trace: LlmTrace | undefined,
  ) {
    this.uLen = uniformStream(seed, 'llm-lengths');
    this.uPrefix = uniformStream(seed, 'llm-prefix');
    this.uEstimate = uniformStream(seed, 'llm-estimate');
    if (trace === undefined) {
      this.prompt = createLengthSampler(llm.prompt, 'prompt');
      this.output = createLengthSampler(llm.output, 'output');
    }
  }

  /** Give the request in `slot` its tokens, prefix group and output estimate. */
  next(slot: number, reqs: LlmRequests): void {
    let prompt: number;
    let output: number;
    const trace = this.trace;
    if (trace !== undefined) {
      const k = this.drawn++ % trace.count;
      prompt = trace.prompt[k]!;
      output = trace.output[k]!;
    } else {
      prompt = this.prompt!(this.uLen);
      output = this.output!(this.uLen);
    }
    let group = -1;
    let prefixTokens = 0;
    const sp = this.llm.shared_prefix;
    if (sp !== undefined) {
      const u = this.uPrefix();
      const g = this.uPrefix();
      if (u < sp.share) {
        group = Math.min(sp.groups - 1, Math.floor(g * sp.groups));
        prefixTokens = Math.min(sp.tokens, prompt);
      }
    }
    // A lognormal error of mean 1 and the configured cv around the truth.
    const cv = this.llm.output_estimate_cv;
    const z = normalVariate(this.uEstimate);
    const s2 = Math.log(1 + cv * cv);
    const estimate = cv === 0 ? output : output * Math.exp(Math.sqrt(s2) * z - s2 / 2);
    reqs.init(slot, prompt, output, estimate, group, prefixTokens);
  }
}
