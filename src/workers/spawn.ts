// Starts a page worker: the one worker script (worker.ts) with the `name` that gives its role. The
// only `new Worker` of the page and its workers, so the build bundles one worker entry whose roles
// share chunks (worker-roles.ts). Inside a worker (the engine worker starting its lanes) the build
// points the URL at the running worker's own script (self.location.href), which is the same file.

import { workerName, type WorkerRole } from './worker-roles.ts';

/** A module worker playing `role`; lanes pass their label (and 'decoder' names a decoder lane). */
export function startWorker(role: WorkerRole | 'decoder', label = ''): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), {
    type: 'module',
    name: workerName(role, label),
  });
}
