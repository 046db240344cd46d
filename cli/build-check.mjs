// Is the compiled CLI in dist-cli/ current? The build records every source file it compiled (size,
// modification time, SHA-256); a file whose size or time differs is hashed again, so a checkout that
// only touches times does not force a rebuild, while any real change does. Plain JavaScript and no
// esbuild import: the launcher runs this on every call, in about a millisecond.

import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_INFO = 'build-info.json';
export const BUILD_FORMAT = 'schedlab.cli-build/1';

/** SHA-256 of a file. node:crypto loads only when a hash is needed (it costs start-up time). */
export function sha256(path) {
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Why the build in `outdir` cannot be used, or `undefined` when it is current: "no build yet",
 * "cli/sim.ts changed", "src/engine/x.ts is gone". Records new modification times of unchanged files.
 */
export function staleReason(root, outdir) {
  let info;
  try {
    info = JSON.parse(readFileSync(join(outdir, BUILD_INFO), 'utf8'));
  } catch {
    return 'there is no compiled CLI yet';
  }
  if (info.format !== BUILD_FORMAT) return 'the compiled CLI is from another build format';
  let touched = false;
  for (const input of info.inputs) {
    const path = join(root, input.path);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return `${input.path} is gone`;
    }
    if (stat.size === input.size && stat.mtimeMs === input.mtimeMs) continue;
    if (stat.size !== input.size || sha256(path) !== input.sha256) return `${input.path} changed`;
    input.mtimeMs = stat.mtimeMs;
    touched = true;
  }
  if (touched) {
    const tmp = join(outdir, `${BUILD_INFO}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, JSON.stringify(info, null, 1));
      renameSync(tmp, join(outdir, BUILD_INFO));
    } catch {
      // A read-only install still runs; it just hashes again next time.
    }
  }
  return undefined;
}
