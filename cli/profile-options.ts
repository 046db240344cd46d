// The command-line options of `npm run profile` (cli/io/options.ts specs), apart from profile.ts
// (which measures as soon as it is loaded) so that the docs' check (scripts/docs/) can test every
// flag the docs quote against the definitions the command parses with.

import { cpus } from 'node:os';

export const PROFILE_OPTIONS = {
  full: { type: 'boolean' },
  models: { type: 'string' },
  batches: { type: 'string' },
  runs: { type: 'int', min: 1, max: 1000 },
  threads: { type: 'int', min: 1, max: 64, default: Math.min(4, cpus().length) },
  runtime: { type: 'choice', values: ['web', 'native', 'both'], default: 'web' },
  'gpu-speedup': { type: 'number', min: 0, max: 1000, default: 4 },
  'max-run-ms': { type: 'int', min: 1, max: 3_600_000 },
  out: { type: 'string', default: 'out/profile.json' },
  config: { type: 'string' },
} as const;
