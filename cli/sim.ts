// `npm run sim -- --config <file.json|file.yaml> --out <dir>`: one experiment, headless and
// reproducible (run-sim.ts does the work). A bad config prints every problem and exits 2 without
// writing anything. `--policy file.js` runs a policy written through the public API
// (src/engine/policy-api/api.ts) instead of a built-in.

import { main } from './run-sim.ts';

process.exitCode = main(process.argv.slice(2));
