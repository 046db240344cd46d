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
};
