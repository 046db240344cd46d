// What playing a lesson headless gives and takes: shared by the request lessons' player
// (test-support.ts) and the LLM lessons' (llm-test-support.ts), below both. Types only.

import type { Claim, LessonAction } from './schema.ts';

export interface StepOutcome {
  step: number;
  /** Simulated time (ms) when the step's figures were recorded. */
  at: number;
  figures: Record<string, number>;
  claims: { claim: Claim; holds: boolean }[];
}

export interface PlayOptions {
  /** The load a load action sets (default: the action's `demo`); for an LLM lesson the rate or
   * the KV blocks its action sets. */
  actionLoad?: (action: LessonAction) => number | undefined;
  /** Extra simulated ms the learner takes before acting, and after each wait (a frame late). */
  lateMs?: number;
}
