// The background role (worker.ts named 'schedlab-seeds'): thin wiring around seeds-job.ts and
// loadtest-job.ts. It runs compare mode's extra seeds (the verdict) and the load-test panel's sweeps
// off the page's thread and the engine worker's frames; the page starts one instance per job and
// terminates it to cancel.

import { runSeedsRequest } from './seeds-job.ts';
import { runLoadtestRequest } from './loadtest-job.ts';
import { PROTOCOL_VERSION, type LoadtestRequest, type SeedsRequest } from './protocol.ts';

export function serve(): void {
  self.onmessage = (event: MessageEvent<SeedsRequest | LoadtestRequest>) => {
    const req = event.data;
    if (req?.v !== PROTOCOL_VERSION) return;
    if (req.kind === 'loadtest') {
      self.postMessage(runLoadtestRequest(req, (m) => self.postMessage(m)));
      return;
    }
    if (req.kind !== 'seeds') return;
    const reply = runSeedsRequest(req, (done) =>
      self.postMessage({ v: PROTOCOL_VERSION, kind: 'seeds-progress', id: req.id, done }),
    );
    self.postMessage(reply);
  };
}
