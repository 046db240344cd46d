// What the engine needs from a user policy's code, whoever compiled it (src/policy/compile.ts, in
// the engine worker or in Node): the module's exports, and a decision window. The compiler
// instruments the code so that every loop iteration and function entry checks the window: past its
// time limit, loops stop and calls throw, so a runaway decision always ends (a synchronous loop
// cannot be interrupted from outside its thread). The engine knows nothing of the instrumentation.

import type { DecideContext, LlmRequestView } from './api.ts';

/** Where in the policy's source something happened (1-based). */
export interface SourceLocation {
  line: number;
  column: number;
}

/** One instance of a policy's module (its own top-level state), ready to decide. */
export interface PolicyRuntime {
  /** The module's `decide`, bound to its module; undefined when the module failed to load. */
  readonly decide: ((ctx: DecideContext) => unknown) | undefined;
  /** The module's LLM hooks (`llm: { rank, chunk, continuous }`), bound to it; undefined when it
   * has none. */
  readonly llm?: LlmHooks | undefined;
  /** Why the module failed to load (its top-level code threw or ran past the limit). */
  readonly loadError?: { message: string; line?: number } | undefined;
  /** Open a decision window of `limitMs` wall-clock ms. */
  begin(limitMs: number): void;
  /** Close it: the line where the code was stopped for running past the limit, or 0. */
  end(): number;
  /** Line of the last `return` the code executed (where an invalid decision came from), or 0. */
  readonly returnLine: number;
  /** Where an error thrown by the policy's code was thrown, when its stack says. */
  locate(error: unknown): SourceLocation | undefined;
}

/** Makes a fresh runtime of a compiled policy; its `Math.random` is a stream of `seed`. */
export type PolicyInstantiator = (seed: number) => PolicyRuntime;

export interface PolicyLimits {
  /** Wall-clock ms one decision may take before it is stopped and falls back to FIFO. */
  decisionMs: number;
  /** Decisions stopped for running past the limit before the policy is switched off for the rest
   * of the run (FIFO then decides everything). */
  maxTimeouts: number;
}

export const DEFAULT_LIMITS: PolicyLimits = { decisionMs: 50, maxTimeouts: 3 };

/** What an LLM policy module exports under `llm` (api.ts documents them for users). */
export interface LlmHooks {
  rank: (request: LlmRequestView) => unknown;
  chunk: ((request: LlmRequestView, remaining: number, budget: number) => unknown) | undefined;
  continuous: boolean;
}
