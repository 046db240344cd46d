// `npm run sim -- --config <file.json|file.yaml> --out <dir>`: one experiment, headless and
// reproducible (run-sim.ts does the work). A bad config prints every problem and exits 2 without
// writing anything.

import { main } from './run-sim.ts';

process.exitCode = main(process.argv.slice(2));
