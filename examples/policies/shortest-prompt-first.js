// Shortest prompt first for LLM serving, written through the policy API's LLM hooks: waiting
// requests are admitted by prompt length (ties in arrival order), the longest-prompt running
// request is preempted first, and each prompt is prefilled whole (the default chunk). Same config
// and seed: the same trace.csv and steps.csv as `llm: { scheduler: { name: shortest_prompt_first } }`.
//
//   npm run sim -- --config examples/llm/mixed-load.yaml --out out/spf-js \
//     --policy examples/policies/shortest-prompt-first.js

export default {
  name: 'shortest-prompt-first.js',
  description: 'Shortest prompt first: waiting requests admitted by prompt length.',

  llm: {
    // Lower rank is admitted first; the highest-ranked running request is preempted first.
    rank(request) {
      return request.prompt;
    },
  },
};
