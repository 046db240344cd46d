// Start a compiled CommonJS command from V8's code cache. Compiling the bundle is a good part of a
// short command's start-up; V8 can serialise what it compiled (the script and every function that
// ran) and take it back next time instead of compiling again (Node 20 has no module.enableCompileCache,
// which does the same for ES modules in later versions). The cache sits beside the bundle
// (`sim.cjs.v8cache`); V8 checks it against the source and its own version and flags, and refuses a
// stale one, which is then written anew. A folder that cannot be written just runs uncached.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** Run the CommonJS file `file` as the main program, from and into its code cache. */
export function runWithCodeCache(file) {
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // First run since the build.
  }
  const source = readFileSync(file, 'utf8');
  const script = new Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (!cachedData || script.cachedDataRejected) {
    // At exit the cache holds the functions the run compiled too, not only the top level.
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // Read-only install: run uncached next time too.
      }
    });
  }
  const module = new Module(file);
  module.filename = file;
  module.paths = Module._nodeModulePaths(dirname(file));
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}
