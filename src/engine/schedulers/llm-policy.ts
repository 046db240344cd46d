// An LLM (iteration-level) policy's descriptor, the LLM counterpart of policy.ts: its config name
// (`llm.scheduler.name`), a line for help texts, its own config fields, and `create`, which builds
// the decisions the step scheduler (src/engine/llm/step-scheduler.ts) asks of it. registry.ts lists
// these beside the request kind's.

import type { z } from 'zod';
import type { JobTable } from '../job-table.ts';
import type { LlmRequests } from '../llm/requests.ts';
import { checkPolicyName } from './policy.ts';

/** Config fields a policy reads from `llm.scheduler` beside `name`, with their defaults. */
export type PolicyParams = z.ZodRawShape;

/** What a policy may read when it decides: the engine's job columns and the LLM request columns
 * (a built-in reads only what a policy may see: never `output`, only `estimate`). */
export interface LlmPolicyView {
  readonly jobs: JobTable;
  readonly reqs: LlmRequests;
  /** Simulated ms now. */
  readonly now: number;
}

/**
 * The decisions an LLM policy makes (vLLM's scheduler loop asks them; Inference Lab's account of it
 * names the same three): the order waiting requests are admitted in, who is preempted when blocks
 * run out, and how many prompt tokens a request computes this step.
 */
export interface LlmPolicy {
  readonly name: string;
  /**
   * A request's admission key, fixed while it waits or runs: waiting requests are admitted lowest
   * key first (ties: arrival order); running requests are served in key order and, when blocks run
   * out, the running request with the highest key is preempted first.
   */
  key(req: number, view: LlmPolicyView): number;
  /**
   * Prompt (or recompute) tokens `req` computes this step, given the tokens it has left to compute
   * and the step's token budget left; `prefilled` is what earlier rows of this step prefill. 0: not
   * this step (the scheduler stops admitting).
   */
  chunk(req: number, remaining: number, budget: number, prefilled: number): number;
  /** Tokens one step may compute on this policy (max_num_batched_tokens, or its own budget). */
  readonly stepTokens: number;
  /** False for request-level (static) batching: nothing is admitted while a batch runs. */
  readonly continuous: boolean;
}

/** What `create` gets: the run's LLM limits. */
export interface LlmPolicyOptions {
  maxNumBatchedTokens: number;
  maxNumSeqs: number;
}

export interface LlmPolicyDescriptor<
  N extends string = string,
  P extends PolicyParams = PolicyParams,
> {
  readonly name: N;
  readonly description: string;
  readonly params: P;
  create(options: LlmPolicyOptions, params: z.output<z.ZodObject<P>>): LlmPolicy;
}

export function defineLlmPolicy<
  const N extends string,
  P extends PolicyParams = Record<never, never>,
>(d: {
  name: N;
  description: string;
  params?: P;
  create(options: LlmPolicyOptions, params: z.output<z.ZodObject<P>>): LlmPolicy;
}): LlmPolicyDescriptor<N, P> {
  checkPolicyName(d.name);
  return {
    name: d.name,
    description: d.description,
    params: d.params ?? ({} as P),
    create: d.create,
  };
}

/** The whole prompt when it fits the budget left; a prompt longer than a whole step's budget runs
 * alone-ish (whole, when nothing else prefills this step), so no prompt waits for ever. */
export function wholePrompt(remaining: number, budget: number, prefilled: number): number {
  return remaining <= budget || prefilled === 0 ? remaining : 0;
}
