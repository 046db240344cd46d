// Helpers for the LLM tests: a config with small, round cost coefficients (so a test can compute a
// step's duration by hand), and a sink that keeps every request row and step row.

import { parseConfig, type Config, type ConfigInput } from '../config.ts';
import { Engine } from '../engine.ts';
import type { LlmConfigInput } from '../config.ts';
import type { StepBatch } from './step-batch.ts';
import type { LlmRequestRow, LlmTraceSink } from './trace-sink.ts';

/** Round coefficients: 10 ms a step, 0.1 ms a prompt token, 1 ms per million attention pairs,
 * 0.5 ms a decoding sequence, 0.2 ms per thousand KV tokens read. */
export const ROUND_COST = {
  step_ms: 10,
  prefill_token_ms: 0.1,
  attention_ms: 1,
  decode_seq_ms: 0.5,
  kv_read_ms: 0.2,
};

export function llmTestConfig(llm: LlmConfigInput = {}, over: Partial<ConfigInput> = {}): Config {
  return parseConfig({
    seed: 3,
    jobs: 1,
    arrivals: { process: 'poisson', rate_per_s: 1 },
    mix: { interactive_ratio: 1 },
    lanes: [{ kind: 'gpu', count: 1 }],
    ...over,
    llm: { cost: { gpu: ROUND_COST, cpu: ROUND_COST }, output_estimate_cv: 0, ...llm },
  });
}

export interface StepRow {
  lane: number;
  start: number;
  end: number;
  size: number;
  prefillTokens: number;
  decodeSeqs: number;
  kvRead: number;
  preempted: number;
  swapBytes: number;
  blocksUsed: number;
  reqs: number[];
  tokens: number[];
  cached: number[];
  decode: boolean[];
}

/** Keeps every row (tests only: memory grows with the run). */
export class RecordingLlmSink implements LlmTraceSink {
  readonly requests: LlmRequestRow[] = [];
  readonly steps: StepRow[] = [];
  request(row: LlmRequestRow): void {
    this.requests.push({ ...row });
  }
  step(lane: number, start: number, end: number, b: StepBatch, blocksUsed: number): void {
    this.steps.push({
      lane,
      start,
      end,
      size: b.size,
      prefillTokens: b.prefillTokens,
      decodeSeqs: b.decodeSeqs,
      kvRead: b.kvRead,
      preempted: b.preemptedCount,
      swapBytes: b.swapBytes,
      blocksUsed,
      reqs: Array.from(b.id.subarray(0, b.size)),
      tokens: Array.from(b.tokens.subarray(0, b.size)),
      cached: Array.from(b.cached.subarray(0, b.size)),
      decode: Array.from(b.decode.subarray(0, b.size), (d) => d === 1),
    });
  }
  flush(): void {}
}

/** Run a config to its end with a recording sink. */
export function runLlm(config: Config): { engine: Engine; sink: RecordingLlmSink } {
  const sink = new RecordingLlmSink();
  const engine = new Engine(config, { llmSink: sink });
  engine.runToEnd();
  return { engine, sink };
}

/** A step's duration under ROUND_COST, by hand. */
export function roundStep(
  prefill: { tokens: number; cached: number }[],
  decodes: number[],
): number {
  let ms = ROUND_COST.step_ms;
  for (const p of prefill) {
    ms += ROUND_COST.prefill_token_ms * p.tokens;
    ms += (ROUND_COST.attention_ms * p.tokens * (p.cached + (p.tokens + 1) / 2)) / 1e6;
  }
  for (const cached of decodes) {
    ms += ROUND_COST.decode_seq_ms + (ROUND_COST.kv_read_ms * (cached + 1)) / 1e3;
  }
  return ms;
}

/** A recorded step's duration under ROUND_COST, by hand from its rows (swap traffic apart). */
export function roundStepOf(st: StepRow): number {
  const prefill = st.tokens.flatMap((tokens, i) =>
    st.decode[i] ? [] : [{ tokens, cached: st.cached[i]! }],
  );
  const decodes = st.cached.filter((_, i) => st.decode[i]);
  return roundStep(prefill, decodes);
}
