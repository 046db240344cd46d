// Starter LLM step schedulers for the LLM mode's policy editor: the example files themselves
// (examples/policies/), so the page and `npm run sim -- --policy` start from the same code, and a
// test checks that each gives its built-in's trace request for request.

import continuous from '../../examples/policies/llm-continuous.js?raw';
import staticBatching from '../../examples/policies/llm-static.js?raw';
import chunked from '../../examples/policies/llm-chunked-prefill.js?raw';
import spf from '../../examples/policies/shortest-prompt-first.js?raw';

export interface LlmTemplate {
  id: string;
  label: string;
  source: string;
}

export const LLM_TEMPLATES: readonly LlmTemplate[] = [
  {
    id: 'llm-continuous',
    label: 'Continuous batching (admit, preempt, chunk)',
    source: continuous,
  },
  { id: 'llm-static', label: 'Static batching', source: staticBatching },
  { id: 'llm-chunked-prefill', label: 'Chunked prefill', source: chunked },
  { id: 'shortest-prompt-first', label: 'Shortest prompt first', source: spf },
];
