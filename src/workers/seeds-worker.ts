// The background role (worker.ts named 'schedlab-seeds'): thin wiring around seeds-job.ts,
// loadtest-job.ts and llm/llm-compare-job.ts. It runs compare mode's extra seeds (the verdict), the
// load-test panel's sweeps and LLM compare mode's seeds off the page's thread and the engine
// worker's frames; the page starts one instance per job and terminates it to cancel.

import { runSeedsRequest } from './seeds-job.ts';
import { runLoadtestRequest } from './loadtest-job.ts';
import { PROTOCOL_VERSION, type LoadtestRequest, type SeedsRequest } from './protocol.ts';
import { runLlmCompare } from './llm/llm-compare-job.ts';
import { LLM_COMPARE_VERSION, type LlmCompareRequest } from './llm/llm-compare-protocol.ts';

export function serve(): void {
  self.onmessage = (event: MessageEvent<SeedsRequest | LoadtestRequest | LlmCompareRequest>) => {
    const req = event.data;
    if (req?.kind === 'llm-compare') {
      if (req.v !== LLM_COMPARE_VERSION) return;
      const reply = runLlmCompare(req, (done) =>
        self.postMessage({
          v: LLM_COMPARE_VERSION,
          kind: 'llm-compare-progress',
          id: req.id,
          done,
        }),
      );
      self.postMessage(reply);
      return;
    }
    if (req?.v !== PROTOCOL_VERSION) return;
    if (req.kind === 'loadtest') {
      // Against the live lanes the answer comes later (real time); the page cancels by terminating
      // this worker, and its lane workers with it.
      void Promise.resolve(runLoadtestRequest(req, (m) => self.postMessage(m))).then((m) =>
        self.postMessage(m),
      );
      return;
    }
    if (req.kind !== 'seeds') return;
    const reply = runSeedsRequest(req, (done) =>
      self.postMessage({ v: PROTOCOL_VERSION, kind: 'seeds-progress', id: req.id, done }),
    );
    self.postMessage(reply);
  };
}
