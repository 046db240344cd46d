// Chunked prefill for LLM serving (Sarathi-Serve's stall-free batching): running requests decode
// first, then prompts fill what the step's token budget has left, in chunks, so that a long prompt
// is spread over several steps instead of stalling everyone's next token for its whole prefill.
// The step's budget is the config's max_num_batched_tokens (the page's "Token budget per step"):
// with it at 512 this gives the same files as the built-in `chunked_prefill` (token_budget 512).
// See llm-continuous.js for the three decisions (admit, preempt, chunk).

export default {
  name: 'llm-chunked-prefill.js',
  description: 'Chunked prefill: prompts split to fill what each step has left.',

  llm: {
    rank(request) {
      return request.id;
    },
    chunk(request, remaining, budget) {
      return Math.min(remaining, budget);
    },
  },
};
