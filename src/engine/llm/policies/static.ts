// static: request-level batching, the baseline continuous batching is measured against (as
// FasterTransformer served before Orca): an idle replica takes waiting requests in arrival order up
// to max_num_seqs and the token budget, and admits nothing more until the whole batch has finished,
// so the batch runs until its longest answer ends.

import { defineLlmPolicy, wholePrompt } from '../../schedulers/llm-policy.ts';

export const staticBatching = defineLlmPolicy({
  name: 'static',
  description:
    'Request-level batching: a batch is formed on an idle replica and runs until its longest answer ends.',
  create: (o) => ({
    name: 'static',
    continuous: false,
    stepTokens: o.maxNumBatchedTokens,
    key: (req, v) => v.jobs.id[req]!,
    chunk: (_req, remaining, budget, prefilled) => wholePrompt(remaining, budget, prefilled),
  }),
});
