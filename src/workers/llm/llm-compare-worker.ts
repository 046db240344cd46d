// The LLM compare worker: thin wiring around llm-compare-job.ts. Compare mode's seeds run here, in
// a Worker of their own, so that the comparison never takes time from the engine worker's frames.

import { runLlmCompare } from './llm-compare-job.ts';
import { LLM_COMPARE_VERSION, type LlmCompareRequest } from './llm-compare-protocol.ts';

self.onmessage = (event: MessageEvent<LlmCompareRequest>) => {
  const req = event.data;
  if (req?.v !== LLM_COMPARE_VERSION || req.kind !== 'llm-compare') return;
  const reply = runLlmCompare(req, (done) =>
    self.postMessage({ v: LLM_COMPARE_VERSION, kind: 'llm-compare-progress', id: req.id, done }),
  );
  self.postMessage(reply);
};
