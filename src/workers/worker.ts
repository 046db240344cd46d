// The page's one worker script. Every page worker (engine, seeds, import, lane) is started from
// this entry with a `name` that says its role (worker-roles.ts); the engine role is part of it, the
// others load by dynamic import, and the build splits the code roles share into chunks shipped
// once. Messages that arrive while a role loads are held and delivered once its handler is
// installed.

import { holdMessages, roleOfName, type WorkerRole } from './worker-roles.ts';
// The engine role is in the entry itself: the first chart frame waits on it, and a dynamic import
// would add a round trip (script, then role, then its chunks) that measured 2 s more to the first
// frame of a cold visit on a loaded machine. Other workers load its code without running it.
import * as engineRole from './engine-worker.ts';

const ROLES: Record<WorkerRole, () => Promise<{ serve(): void }>> = {
  engine: () => Promise.resolve(engineRole),
  seeds: () => import('./seeds-worker.ts'),
  // The import parser is the page's code (app/config/import.ts), run off its thread.
  import: () => import('../../app/config/import-worker.ts'),
  lane: () => import('./lane-worker.ts'),
};

const role = roleOfName(self.name);
if (role === undefined) {
  // A script error, so the starter's `onerror` hears it rather than waiting on a silent worker.
  throw new Error(`schedlab worker: no role is named '${self.name}'`);
}
const release = holdMessages(self);
ROLES[role]().then(
  (m) => {
    m.serve();
    release();
  },
  (e: unknown) => {
    // A role that cannot load (a chunk missing from the site) is a script error too: thrown in a
    // task of its own, it reaches the starter's `onerror`, which a rejection would not.
    setTimeout(() => {
      throw e;
    });
  },
);
