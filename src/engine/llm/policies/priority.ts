// priority: interactive requests before batch ones, with aging so that no batch request starves.
// A request's priority falls by one class every `aging_ms` it waits: the effective priority
// p - (now - arrival) / aging_ms orders requests exactly as the fixed key p x aging_ms + arrival does,
// so the waiting queue needs no re-sorting. The starvation bound follows: a batch request is
// admitted before any interactive request that arrives more than `aging_ms` after it. The lowest
// priority running request (highest key) is preempted first.

import { z } from 'zod';
import { INTERACTIVE } from '../../job-table.ts';
import { defineLlmPolicy, wholePrompt } from '../../schedulers/llm-policy.ts';

export const priority = defineLlmPolicy({
  name: 'priority',
  description:
    'Interactive before batch, with aging (a batch request waits at most aging_ms behind newer interactive ones).',
  params: {
    /** `priority` only: waiting time (ms) that lifts a request by one class. */
    aging_ms: z.number().positive().max(1e9).default(5000),
  },
  create: (o, p) => ({
    name: 'priority',
    continuous: true,
    stepTokens: o.maxNumBatchedTokens,
    key: (req, v) => (v.jobs.cls[req] === INTERACTIVE ? 0 : p.aging_ms) + v.jobs.arrival[req]!,
    chunk: (_req, remaining, budget, prefilled) => wholePrompt(remaining, budget, prefilled),
  }),
});
