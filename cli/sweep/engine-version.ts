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
