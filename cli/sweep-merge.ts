// `npm run sweep:merge -- shard-0 shard-1 ... --out merged`: join the folders of a sweep's shards
// (run on other machines, or as pods of a Kubernetes Indexed Job) into one sweep folder. The shards
// must come from the same sweep (same grid, base config and engine version: the same sweep id);
// runs are copied, then results, aggregates and plots are written exactly as one machine writes
// them. Missing runs are listed, and the folder can be completed by running the sweep into it.

import { OptionError, parseOptions } from './io/options.ts';
import { MERGE_OPTIONS } from './sweep/options.ts';
import { OutputError, OutputFolder } from './io/output-folder.ts';
import { say, warn } from './io/terminal.ts';
import { stoppedRuns, writeOutputs } from './sweep/outputs.ts';
import type { RunRecord } from './sweep/run-record.ts';
import {
  loadRun,
  prepareSweepDir,
  readManifest,
  runName,
  writeManifest,
  type SweepManifest,
} from './sweep/store.ts';

const USAGE = `usage: npm run sweep:merge -- <dir> [<dir> ...] --out <merged>

  <dir>   sweep folders (shards, or partial sweeps) of one sweep
  --out   the merged sweep folder`;

export function main(argv: string[]): number {
  let dirs: string[];
  let out: OutputFolder;
  try {
    const parsed = parseOptions(argv, MERGE_OPTIONS, { positionals: true });
    if (parsed.help) {
      say(USAGE);
      return 0;
    }
    dirs = parsed.positionals;
    const problems: string[] = [];
    if (!parsed.values.out) problems.push('--out is required');
    if (dirs.length === 0) problems.push('name at least one sweep folder');
    if (problems.length > 0) throw new OptionError(problems);
    out = OutputFolder.check(parsed.values.out!);
  } catch (e) {
    if (e instanceof OptionError) {
      warn(`sweep:merge: ${e.problems.join('\nsweep:merge: ')}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof OutputError) {
      warn(`sweep:merge: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const problems: string[] = [];
  const manifests: SweepManifest[] = [];
  for (const dir of dirs) {
    try {
      manifests.push(readManifest(dir));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const first = manifests[0];
  if (first && problems.length === 0) {
    manifests.forEach((m, i) => {
      if (m.id !== first.id) {
        problems.push(
          `${dirs[i]}: sweep ${m.id} (engine ${m.engine_version}), but ${dirs[0]} holds sweep ${first.id} (engine ${first.engine_version}): not shards of one sweep`,
        );
      }
    });
  }
  if (problems.length > 0 || !first) {
    warn(`sweep:merge: ${problems.join('\nsweep:merge: ')}`);
    return 2;
  }

  try {
    return merge(first, dirs, out);
  } catch (e) {
    if (e instanceof OutputError) {
      warn(`sweep:merge: ${e.message}`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (!(e instanceof Error) || typeof err.code !== 'string' || !err.syscall) throw e;
    warn(`sweep:merge: cannot ${err.syscall} ${err.path ?? ''} (${err.code})`);
    return 1;
  }
}

/**
 * Every record is read and checked before anything is written: a bad one is refused with one
 * line naming its file and field, and --out is left as it was.
 */
function merge(first: SweepManifest, dirs: string[], out: OutputFolder): number {
  const manifest: SweepManifest = { ...first, shard: null };
  const records = new Map<string, RunRecord>();
  const texts = new Map<string, string>();
  for (const run of manifest.runs) {
    for (const dir of [out.path, ...dirs]) {
      const stored = loadRun(dir, run.key);
      if (!stored.ok && stored.missing) continue;
      if (!stored.ok) {
        warn(`sweep:merge: ${stored.problem}; nothing written`);
        return 2;
      }
      records.set(run.key, stored.record);
      if (dir !== out.path) texts.set(run.key, stored.text);
      break;
    }
  }
  prepareSweepDir(out.path);
  for (const [key, text] of texts) out.write(runName(key), text);
  writeManifest(out.path, manifest);
  const files = writeOutputs(out.path, manifest, records);
  const missing = manifest.runs.filter((r) => !records.has(r.key));
  say(
    `sweep:merge: ${records.size} of ${manifest.runs.length} runs from ${dirs.length} folder${dirs.length > 1 ? 's' : ''} into ${out.given} (${files.filter((f) => !f.startsWith('plots')).join(', ')})`,
  );
  if (missing.length > 0) {
    const shards = first.shard?.count;
    const list = missing
      .slice(0, 10)
      .map((r) => `${r.index}${shards ? ` (shard ${r.index % shards})` : ''}`);
    warn(
      `sweep:merge: ${missing.length} runs missing: ${list.join(', ')}${missing.length > 10 ? ', ...' : ''}; run the sweep with --out ${out.given} to complete it`,
    );
    return 1;
  }
  const stopped = stoppedRuns(manifest, records);
  for (const line of stopped) warn(`sweep:merge: ${line}`);
  return stopped.length > 0 ? 3 : 0;
}

process.exitCode = main(process.argv.slice(2));
