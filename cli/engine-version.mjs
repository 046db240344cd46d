// The engine version that keys sweep results: the package version plus a hash of the engine's
// source (src/engine, tests excluded). Any change to the engine gives a new version, so a resumed
// sweep never mixes results of two engines. Plain JavaScript: the CLI build (cli/build-cli.mjs)
// runs it without a TypeScript loader and injects the value into the compiled CLI.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Engine source files (relative to `root`, '/'-separated, sorted) that the version covers. */
export function engineSourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
        out.push(relative(root, path).split('\\').join('/'));
      }
    }
  };
  walk(join(root, 'src', 'engine'));
  return out.sort();
}

/** `0.1.0+3f2a9c1e4b7d`: package version, then 12 hex digits of SHA-256 over the engine's files. */
export function computeEngineVersion(root) {
  const hash = createHash('sha256');
  for (const file of engineSourceFiles(root)) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return `${version}+${hash.digest('hex').slice(0, 12)}`;
}
