// The seeds worker: thin wiring around seeds-job.ts. It runs compare mode's extra seeds in the
// background, so the verdict never takes time from the engine worker's frames. LLM compare mode
// sends its requests here too (llm/llm-compare-job.ts): one engine copy in dist/ for both.

import { runSeedsRequest } from './seeds-job.ts';
import { PROTOCOL_VERSION, type SeedsRequest } from './protocol.ts';
import { runLlmCompare } from './llm/llm-compare-job.ts';
import { LLM_COMPARE_VERSION, type LlmCompareRequest } from './llm/llm-compare-protocol.ts';

self.onmessage = (event: MessageEvent<SeedsRequest | LlmCompareRequest>) => {
  const req = event.data;
  if (req?.kind === 'llm-compare') {
    if (req.v !== LLM_COMPARE_VERSION) return;
    const reply = runLlmCompare(req, (done) =>
      self.postMessage({ v: LLM_COMPARE_VERSION, kind: 'llm-compare-progress', id: req.id, done }),
    );
    self.postMessage(reply);
    return;
  }
  if (req?.v !== PROTOCOL_VERSION || req.kind !== 'seeds') return;
  const reply = runSeedsRequest(req, (done) =>
    self.postMessage({ v: PROTOCOL_VERSION, kind: 'seeds-progress', id: req.id, done }),
  );
  self.postMessage(reply);
};
