// The LLM mode's settings and their defaults: small and eager (the page header's mode switch and
// the LLM store read them); the presets and the config they make are in llm-settings.ts, loaded
// with the LLM mode.

import type { LlmSchedulerName } from '../../src/engine/schedulers/registry.ts';

export type LlmPresetId = 'chat' | 'long_prompt' | 'azure_conv' | 'azure_code' | 'system_prompt';

export interface LlmSettings {
  preset: LlmPresetId;
  /** Requests per second (a trace preset: its mean rate, compressed or stretched). */
  rate: number;
  scheduler: LlmSchedulerName;
  /** KV-cache blocks per lane and tokens per block. */
  blocks: number;
  blockTokens: number;
  maxNumSeqs: number;
  /** Tokens one step may compute (vLLM's max_num_batched_tokens). */
  tokenBudget: number;
  preemption: 'recompute' | 'swap';
  lanes: number;
  ttftSloMs: number;
  tpotSloMs: number;
  seed: number;
  speed: number;
  /** Prompt and output lengths of generated arrivals: lognormal mean (tokens) and coefficient of
   * variation (a trace preset brings its own lengths and ignores these). */
  promptMean: number;
  promptCv: number;
  outputMean: number;
  outputCv: number;
  /** Share of requests (0..1) that open with one of four shared prefixes of `prefixTokens` tokens
   * (a system prompt); above 0, prefix caching keeps and shares their blocks. */
  prefixShare: number;
  prefixTokens: number;
  /** How arriving requests are spread over replicas (src/engine/llm/routers.ts). */
  router: 'round_robin' | 'least_outstanding' | 'least_kv' | 'prefix_affinity';
}

export const LLM_DEFAULTS: LlmSettings = {
  preset: 'chat',
  rate: 4,
  scheduler: 'continuous',
  blocks: 2048,
  blockTokens: 16,
  maxNumSeqs: 64,
  tokenBudget: 4096,
  preemption: 'recompute',
  lanes: 1,
  ttftSloMs: 1000,
  tpotSloMs: 100,
  seed: 1,
  speed: 1,
  promptMean: 1024,
  promptCv: 1,
  outputMean: 256,
  outputCv: 1,
  prefixShare: 0,
  prefixTokens: 1024,
  router: 'least_outstanding',
};

/** Query parameters an LLM run's link owns (llm-link.ts reads them): `mode=llm` and `l.*`. */
export function isLlmLinkKey(key: string): boolean {
  return key === 'mode' || key.startsWith('l.');
}
