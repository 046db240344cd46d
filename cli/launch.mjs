#!/usr/bin/env node
// `npm run sim`, `npm run sweep`, `npm run sweep:merge`: run the compiled CLI in dist-cli/. It is
// checked against its sources first (build-check.mjs, about a millisecond) and rebuilt when they
// changed, with a line on stderr saying so: a stale build is never run silently. With
// SCHEDLAB_CLI_NO_BUILD=1 a stale build is an error instead (for installs without esbuild).

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleReason } from './build-check.mjs';
import { entryFile } from './cli-entries.mjs';
import { runWithCodeCache } from './code-cache.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTDIR = process.env.SCHEDLAB_CLI_OUTDIR || 'dist-cli';
const COMMANDS = ['sim', 'sweep', 'sweep-merge'];

const [command, ...args] = process.argv.slice(2);
if (!COMMANDS.includes(command ?? '')) {
  console.error(`usage: node cli/launch.mjs <${COMMANDS.join('|')}> [options]`);
  process.exit(2);
}
const reason = staleReason(ROOT, join(ROOT, OUTDIR));
if (reason !== undefined) {
  if (process.env.SCHEDLAB_CLI_NO_BUILD === '1') {
    console.error(
      `${command}: the compiled CLI is out of date (${reason}); run \`npm run build:cli\``,
    );
    process.exit(2);
  }
  const started = performance.now();
  const { buildCli } = await import('./build-cli.mjs');
  await buildCli(ROOT, OUTDIR);
  console.error(
    `${command}: rebuilt the compiled CLI (${reason}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
const entry = join(ROOT, OUTDIR, entryFile(command));
process.argv = [process.argv[0], entry, ...args];
if (entry.endsWith('.cjs')) runWithCodeCache(entry);
else {
  await import(pathToFileURL(entry).href);
}
