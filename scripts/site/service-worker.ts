// The built service worker (public/coi-sw.js with its build line filled in): the list of the page's
// own files to precache for offline use, and a version that changes whenever any of them does, so a
// new deployment is a new service worker that installs beside the old one and takes over.
// Precached: every file of dist/ but the runtime and model .gz copies (the lanes keep those in Cache
// Storage when they use them; precaching them would download 29 MB a visitor may never need), the
// host's _headers file and the service worker itself.

import { createHash } from 'node:crypto';

/** The line of public/coi-sw.js the build replaces. */
export const BUILD_LINE =
  "const BUILD = { version: 'dev', files: [] }; // the build writes the real list here";

/** The files of dist/ a visitor's browser keeps for offline use. */
export function precacheFiles(paths: readonly string[]): string[] {
  return paths
    .filter(
      (p) => !p.endsWith('.gz') && p !== '_headers' && p !== 'coi-sw.js' && !p.endsWith('.map'),
    )
    .sort();
}

/** The service worker with this build's version and files. `files`: path in dist/ and contents. */
export function serviceWorkerSource(
  template: string,
  files: readonly { path: string; content: Uint8Array | string }[],
): string {
  if (!template.includes(BUILD_LINE)) {
    throw new Error('public/coi-sw.js has lost its build line; the service worker cannot be built');
  }
  const precache = precacheFiles(files.map((f) => f.path));
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(f.path).update('\0').update(f.content).update('\0');
  }
  const version = hash.digest('hex').slice(0, 16);
  const build = `const BUILD = ${JSON.stringify({ version, files: precache })}; // written by the build`;
  return template.replace(BUILD_LINE, build);
}
