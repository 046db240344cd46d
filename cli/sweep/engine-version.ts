// The engine version in results and run keys. The compiled CLI has it injected at build time
// (cli/build-cli.mjs); run from source it is computed from the engine's files, the same way.

import { fileURLToPath } from 'node:url';
import { computeEngineVersion } from '../engine-version.mjs';

declare const __SCHEDLAB_ENGINE_VERSION__: string | undefined;

let cached: string | undefined;

export function engineVersion(): string {
  if (typeof __SCHEDLAB_ENGINE_VERSION__ === 'string') return __SCHEDLAB_ENGINE_VERSION__;
  cached ??= computeEngineVersion(fileURLToPath(new URL('../..', import.meta.url)));
  return cached;
}

/**
 * The version that run keys and sweep.json record: the engine's, and the event budget when a sweep
 * sets one (a run stopped by a budget has other results than the whole run, so another key; shards
 * with different budgets are not one sweep).
 */
export function withBudget(version: string, maxEvents: number | undefined): string {
  return maxEvents === undefined ? version : `${version} max-events=${maxEvents}`;
}
