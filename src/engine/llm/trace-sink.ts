// What an LLM run reports as it goes: one row per request that ended (trace.csv) and one per step
// (steps.csv). The engine passes raw numbers; sinks format them (llm/csv-writers.ts writes CSV).

import type { StepBatch } from './step-batch.ts';

export type LlmOutcome = 'completed' | 'rejected';

/** One ended request, as trace.csv reports it. Times are ms; NaN where it never got that far. */
export interface LlmRequestRow {
  id: number;
  cls: number;
  /** Lane it finished on (-1: none). */
  lane: number;
  arrival: number;
  firstScheduled: number;
  firstToken: number;
  end: number;
  prompt: number;
  output: number;
  preemptions: number;
  cachedTokens: number;
  /** TTFT and TPOT SLOs of its class, ms. */
  ttftSlo: number;
  tpotSlo: number;
  outcome: LlmOutcome;
  /** Why it was rejected (empty when completed). */
  reason: string;
}

export interface LlmTraceSink {
  /** A request ended. The row object is reused: copy what you keep. */
  request(row: LlmRequestRow): void;
  /** A step ended on `lane` at `end`; `blocksUsed` is the lane's KV blocks in use after it. */
  step(lane: number, start: number, end: number, batch: StepBatch, blocksUsed: number): void;
  flush(): void;
}
