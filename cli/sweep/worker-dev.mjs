// The sweep's worker when the CLI runs from source (tsx): Node 20 does not pass the parent's
// TypeScript loader on to worker threads, so the thread registers tsx itself, then loads worker.ts.
// The compiled CLI uses its bundled worker (dist-cli/sweep-worker.mjs) instead.

import { register } from 'tsx/esm/api';

register();
const { runTask } = await import('./worker.ts');
export default runTask;
