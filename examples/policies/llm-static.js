// Static (request-level) batching for LLM serving, the baseline continuous batching is measured
// against: an idle replica takes waiting requests in arrival order while blocks and the token
// budget last, then admits nothing more until the whole batch has finished, so every batch runs
// until its longest answer ends. The same files as the built-in `static` for the same config and
// seed. See llm-continuous.js for the three decisions (admit, preempt, chunk).

export default {
  name: 'llm-static.js',
  description: 'Static batching: a batch runs until its longest answer ends.',

  llm: {
    continuous: false,
    rank(request) {
      return request.id;
    },
  },
};
