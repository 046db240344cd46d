// The load-test worker: thin wiring around loadtest-job.ts. The page's load-test panel sweeps the
// offered rate here, off the page's thread and the engine worker's frames; Cancel terminates it.

import { runLoadtestRequest } from './loadtest-job.ts';
import { PROTOCOL_VERSION, type LoadtestRequest } from './protocol.ts';

self.onmessage = (event: MessageEvent<LoadtestRequest>) => {
  const req = event.data;
  if (req?.v !== PROTOCOL_VERSION || req.kind !== 'loadtest') return;
  self.postMessage(runLoadtestRequest(req, (m) => self.postMessage(m)));
};
