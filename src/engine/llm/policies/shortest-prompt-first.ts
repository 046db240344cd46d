// shortest_prompt_first: waiting requests with the shortest prompts are admitted first (the prompt
// length is known on arrival, unlike the output's), which cuts mean TTFT under load at the risk of
// starving long prompts. The longest-prompt running request is preempted first.

import { defineLlmPolicy, wholePrompt } from '../../schedulers/llm-policy.ts';

export const shortestPromptFirst = defineLlmPolicy({
  name: 'shortest_prompt_first',
  description:
    'Shortest prompt first: waiting requests admitted by prompt length (ties in arrival order).',
  create: (o) => ({
    name: 'shortest_prompt_first',
    continuous: true,
    stepTokens: o.maxNumBatchedTokens,
    key: (req, v) => v.reqs.prompt[req]!,
    chunk: (_req, remaining, budget, prefilled) => wholePrompt(remaining, budget, prefilled),
  }),
});
