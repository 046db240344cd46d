// The seeds worker's role (worker.ts named 'schedlab-seeds'): thin wiring around seeds-job.ts. It
// runs compare mode's extra seeds in the background, so the verdict never takes time from the
// engine worker's frames.

import { runSeedsRequest } from './seeds-job.ts';
import { PROTOCOL_VERSION, type SeedsRequest } from './protocol.ts';

export function serve(): void {
  self.onmessage = (event: MessageEvent<SeedsRequest>) => {
    const req = event.data;
    if (req?.v !== PROTOCOL_VERSION || req.kind !== 'seeds') return;
    const reply = runSeedsRequest(req, (done) =>
      self.postMessage({ v: PROTOCOL_VERSION, kind: 'seeds-progress', id: req.id, done }),
    );
    self.postMessage(reply);
  };
}
