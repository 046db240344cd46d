// chunked_prefill: Sarathi-Serve's stall-free batching. Each step has a small token budget; running
// decodes take theirs first, then prompts fill what is left in chunks, so a long prompt is spread
// over several steps instead of stalling every decode's next token for its whole prefill.

import { z } from 'zod';
import { defineLlmPolicy } from '../../schedulers/llm-policy.ts';

export const chunkedPrefill = defineLlmPolicy({
  name: 'chunked_prefill',
  description:
    'Chunked prefill (Sarathi-Serve): a per-step token budget, decodes first, prompts split into chunks.',
  params: {
    /** `chunked_prefill` only: tokens per step (decodes and prompt chunks), at most
     * max_num_batched_tokens. */
    token_budget: z
      .int()
      .min(1)
      .max(1 << 20)
      .default(512),
  },
  create: (o, p) => ({
    name: 'chunked_prefill',
    continuous: true,
    stepTokens: Math.min(p.token_budget, o.maxNumBatchedTokens),
    key: (req, v) => v.jobs.id[req]!,
    chunk: (_req, remaining, budget) => (remaining < budget ? remaining : budget),
  }),
});
