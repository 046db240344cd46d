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

/** What reading a thrown value found: its message, and where it was thrown when its stack says. */
export interface ThrownValue {
  message: string;
  line?: number;
  column?: number;
}

/**
 * How the engine hands arrays and functions to a policy in another realm (src/policy/realm.ts): as
 * the policy's realm's own, so that what the policy does to its built-ins (`Array.prototype.push =
 * ...`) never reaches the engine's, and the engine never calls a method of an object of that
 * realm (it writes array items with its own `Reflect.defineProperty`).
 */
export interface PolicyBridge {
  /** A function of the policy's realm that calls `f`; what `f` throws arrives as a TypeError of
   * that realm carrying the message. */
  fn<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R;
  /**
   * A fresh array of the policy's realm holding `items` (an array of ours), made without running
   * any of the realm's code (no setter the policy put on its Array.prototype). Fresh for each
   * decision: what the policy does to it (freezing it, say) never reaches the engine.
   */
  list<T>(items: readonly T[]): T[];
}

/** The bridge for a policy in the engine's own realm (the page's engine worker, which the page
 * replaces after user code). */
export const SAME_REALM: PolicyBridge = {
  fn: (f) => f,
  list: (items) => items.slice(),
};

/** One instance of a policy's module (its own top-level state), ready to decide. */
export interface PolicyRuntime {
  /** The module's `decide`, bound to its module; undefined when the module failed to load. */
  readonly decide: ((ctx: DecideContext) => unknown) | undefined;
  /** The module's `scale` (a user autoscaler, plugin-autoscaler.ts), bound to its module. */
  readonly scale?: ((ctx: unknown) => unknown) | undefined;
  /** The module's LLM hooks (`llm: { rank, chunk, continuous }`), bound to it; undefined when it
   * has none. */
  readonly llm?: LlmHooks | undefined;
  /** Why the module failed to load (its top-level code threw or ran past the limit). */
  readonly loadError?: { message: string; line?: number } | undefined;
  /** How arrays and functions cross into the policy's realm (SAME_REALM when it shares ours). */
  readonly bridge?: PolicyBridge;
  /**
   * Open a decision window of `limitMs` wall-clock ms. Outside a window the policy's code does
   * not run: a loop breaks and a call throws at once, so work it scheduled for later (a promise
   * callback, an async loop) ends before it starts.
   */
  begin(limitMs: number): void;
  /** Close it: the line where the code was stopped for running past the limit, or 0. */
  end(): number;
  /** Line of the last `return` the code executed (where an invalid decision came from), or 0. */
  readonly returnLine: number;
  /**
   * Read a value the policy's code threw: never throws, whatever it is (a Proxy whose traps throw,
   * an object with a getter for `message`). Call it with the window open: reading may run the
   * policy's code, under the same guard.
   */
  describe(thrown: unknown): ThrownValue;
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
