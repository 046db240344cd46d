// `npm run sweep:merge -- shard-0 shard-1 ... --out merged`: join the folders of a sweep's shards
// (run on other machines, or as pods of a Kubernetes Indexed Job) into one sweep folder. The shards
// must come from the same sweep (same grid, base config and engine version: the same sweep id);
// runs are copied, then results, aggregates and plots are written exactly as one machine writes
// them. Missing runs are listed, and the folder can be completed by running the sweep into it.

import { copyFileSync, existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stoppedRuns, writeOutputs } from './sweep/outputs.ts';
import type { RunRecord } from './sweep/run-record.ts';
import {
  prepareSweepDir,
  readManifest,
  readRun,
  runPath,
  writeManifest,
  type SweepManifest,
} from './sweep/store.ts';

const USAGE = `usage: npm run sweep:merge -- <dir> [<dir> ...] --out <merged>

  <dir>   sweep folders (shards, or partial sweeps) of one sweep
  --out   the merged sweep folder`;

export function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, help: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    console.error(`sweep:merge: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const dirs = parsed.positionals;
  const out = parsed.values.out;
  const problems: string[] = [];
  if (!out) problems.push('--out is required');
  if (dirs.length === 0) problems.push('name at least one sweep folder');
  const manifests: SweepManifest[] = [];
  for (const dir of dirs) {
    try {
      manifests.push(readManifest(dir));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const first = manifests[0];
  if (first) {
    manifests.forEach((m, i) => {
      if (m.id !== first.id) {
        problems.push(
          `${dirs[i]}: sweep ${m.id} (engine ${m.engine_version}), but ${dirs[0]} holds sweep ${first.id} (engine ${first.engine_version}): not shards of one sweep`,
        );
      }
    });
  }
  if (out && existsSync(out) && !statSync(out).isDirectory())
    problems.push(`--out: ${out} is a file`);
  if (problems.length > 0 || !first || !out) {
    console.error(`sweep:merge: ${problems.join('\nsweep:merge: ')}`);
    return 2;
  }

  try {
    return merge(first, dirs, out);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!(e instanceof Error) || typeof err.code !== 'string' || !err.syscall) throw e;
    console.error(`sweep:merge: cannot ${err.syscall} ${err.path ?? ''} (${err.code})`);
    return 1;
  }
}

function merge(first: SweepManifest, dirs: string[], out: string): number {
  const manifest: SweepManifest = { ...first, shard: null };
  prepareSweepDir(out);
  const records = new Map<string, RunRecord>();
  for (const run of manifest.runs) {
    const sources: string[] = [out, ...dirs];
    for (const dir of sources) {
      const record = readRun(dir, run.key);
      if (!record) continue;
      if (dir !== out) copyFileSync(runPath(dir, run.key), runPath(out, run.key));
      records.set(run.key, record);
      break;
    }
  }
  writeManifest(out, manifest);
  const files = writeOutputs(out, manifest, records);
  const missing = manifest.runs.filter((r) => !records.has(r.key));
  console.log(
    `sweep:merge: ${records.size} of ${manifest.runs.length} runs from ${dirs.length} folder${dirs.length > 1 ? 's' : ''} into ${out} (${files.filter((f) => !f.startsWith('plots')).join(', ')})`,
  );
  if (missing.length > 0) {
    const shards = first.shard?.count;
    const list = missing
      .slice(0, 10)
      .map((r) => `${r.index}${shards ? ` (shard ${r.index % shards})` : ''}`);
    console.error(
      `sweep:merge: ${missing.length} runs missing: ${list.join(', ')}${missing.length > 10 ? ', ...' : ''}; run the sweep with --out ${out} to complete it`,
    );
    return 1;
  }
  const stopped = stoppedRuns(manifest, records);
  for (const line of stopped) console.error(`sweep:merge: ${line}`);
  return stopped.length > 0 ? 3 : 0;
}

process.exitCode = main(process.argv.slice(2));
