// continuous: vLLM's default loop (Orca's iteration-level scheduling): every step serves the running
// requests first, then admits waiting ones in arrival order while blocks and the token budget last
// (whole prompts, above a free-block watermark); when blocks run out the newest running request is
// preempted.

import { defineLlmPolicy, wholePrompt } from '../../schedulers/llm-policy.ts';

export const continuous = defineLlmPolicy({
  name: 'continuous',
  description:
    'Continuous batching (vLLM): running first, then waiting in arrival order while blocks last; newest preempted.',
  create: (o) => ({
    name: 'continuous',
    continuous: true,
    stepTokens: o.maxNumBatchedTokens,
    key: (req, v) => v.jobs.id[req]!,
    chunk: (_req, remaining, budget, prefilled) => wholePrompt(remaining, budget, prefilled),
  }),
});
