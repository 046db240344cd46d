// Continuous batching for LLM serving (vLLM's default loop, Orca's iteration-level scheduling),
// written through the policy API's LLM hooks. The engine forms every step the same way for every
// policy: running requests decode first, then waiting ones are admitted while KV blocks and the
// step's token budget last; when blocks run out, a running request is preempted. A policy answers:
//   admit   - rank(request): lower is admitted first (ties: arrival order);
//   preempt - the same rank: the highest-ranked running request is preempted first;
//   chunk   - chunk(request, remaining, budget): prompt tokens it computes this step (0: not now);
//   continuous: false would admit nothing while a batch runs (request-level batching).
// This one ranks by arrival (so the newest is preempted) and prefills whole prompts: the same
// trace.csv and steps.csv as the built-in `continuous` for the same config and seed.

export default {
  name: 'llm-continuous.js',
  description: 'Continuous batching: arrival order, newest preempted, whole prompts.',

  llm: {
    rank(request) {
      return request.id;
    },
    // The whole prompt when it fits what the step has left, or when nothing else prefills yet.
    chunk(request, remaining, budget) {
      return remaining <= budget ? remaining : 0;
    },
  },
};
