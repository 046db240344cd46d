// The command-line options of `npm run sweep` and `npm run sweep:merge` (cli/io/options.ts specs),
// apart from the commands so that the docs' check (scripts/docs/) can test every flag the docs
// quote against the definitions the commands parse with, without running one.

import { MAX_SIM_MS } from '../../src/engine/limits.ts';
import { defaultWorkers, maxWorkers } from './pool.ts';

/** Most shards (and pods) a sweep is cut into. */
export const MAX_SHARDS = 10_000;

export const SWEEP_OPTIONS = {
  config: { type: 'string' },
  grid: { type: 'string' },
  out: { type: 'string' },
  workers: { type: 'int', min: 1, max: maxWorkers(), default: defaultWorkers() },
  shard: { type: 'int', min: 0, max: MAX_SHARDS - 1 },
  shards: { type: 'int', min: 1, max: MAX_SHARDS },
  quiet: { type: 'boolean' },
  'max-events': { type: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
  search: { type: 'string' },
  'p99-ms': { type: 'number', min: 0, above: true, max: MAX_SIM_MS },
  'goodput-share': { type: 'number', min: 0, above: true, max: 1 },
  class: { type: 'choice', values: ['all', 'interactive', 'batch'], default: 'all' },
  within: { type: 'string', default: '1..256' },
  emit: { type: 'choice', values: ['k8s'] },
  parallelism: { type: 'int', min: 1, max: MAX_SHARDS },
  image: { type: 'string', default: 'schedlab-sweep:latest' },
  name: { type: 'string' },
  pvc: { type: 'string', default: 'schedlab-sweep-results' },
  storage: { type: 'string', default: '1Gi' },
  cpus: { type: 'int', min: 1, max: 1024, default: 2 },
  memory: { type: 'string', default: '1Gi' },
} as const;

/** `npm run sweep:merge -- <dir> [<dir> ...] --out <merged>` (the folders are positionals). */
export const MERGE_OPTIONS = { out: { type: 'string' } } as const;
