// A sweep folder on disk. Each finished run is one file, runs/<key>.json, and sweep.json describes
// the sweep (its axes and runs in grid order); results.csv and the rest are derived from the two.
// Everything is written through the one output path (cli/io/output-folder.ts: atomic, inside the
// folder, never through a link) and read through the one input path (cli/io/input-file.ts: a
// regular file within a size limit, records never through a link).
//
// What is read back is data to validate, not to trust: a shard may come from a cluster volume or a
// classmate. sweep.json and every run record are checked by schema (store-schema.ts) before use: a
// run key is 16 hex characters (it becomes a file name), figures are numbers, sketches decode.
// A bad record is run again by a resuming sweep and refused with one line by a merge.

import { join } from 'node:path';
import { InputError, readInputText } from '../io/input-file.ts';
import { OutputFolder } from '../io/output-folder.ts';
import type { RunRecord } from './run-record.ts';
import { RUN_KEY, checkManifest, checkRunRecord, type SweepManifest } from './store-schema.ts';

export { MANIFEST_FORMAT, RUN_KEY, type SweepManifest } from './store-schema.ts';

export const RUNS_DIR = 'runs';
export const MANIFEST = 'sweep.json';

/** The sweep folders this thread writes to, each checked once. */
const folders = new Map<string, OutputFolder>();

/** The output folder of sweep folder `dir` (checked the first time). */
export function sweepFolder(dir: string): OutputFolder {
  let folder = folders.get(dir);
  if (!folder) {
    folder = OutputFolder.at(dir);
    folders.set(dir, folder);
  }
  return folder;
}

/** `runs/<key>.json`; throws when `key` is not a run key (a name from data never leaves here). */
export function runName(key: string): string {
  if (!RUN_KEY.test(key)) throw new Error(`${JSON.stringify(key)} is not a run key`);
  return `${RUNS_DIR}/${key}.json`;
}

/** What reading a run's record found. */
export type StoredRun =
  | { ok: true; record: RunRecord; text: string }
  | { ok: false; missing: true }
  | { ok: false; missing: false; problem: string };

/** The stored record of run `key` in `dir`, validated; missing, or why it is not a record. */
export function loadRun(dir: string, key: string): StoredRun {
  const path = join(dir, runName(key));
  let text: string;
  try {
    text = readInputText(path, 'run record', 'record', { noFollow: true });
  } catch (e) {
    if (e instanceof InputError && / cannot read \(ENOENT\)$/.test(e.message)) {
      return { ok: false, missing: true };
    }
    return { ok: false, missing: false, problem: (e as Error).message };
  }
  const checked = checkRunRecord(text, key);
  return checked.ok
    ? { ok: true, record: checked.record, text }
    : { ok: false, missing: false, problem: `${path}: ${checked.problem}` };
}

/** The stored result of run `key`, or undefined when there is none or it is not a valid record. */
export function readRun(dir: string, key: string): RunRecord | undefined {
  const stored = loadRun(dir, key);
  return stored.ok ? stored.record : undefined;
}

export function writeRun(dir: string, record: RunRecord): void {
  sweepFolder(dir).write(runName(record.key), JSON.stringify(record) + '\n');
}

/** Make the folder, and remove temporary files a killed sweep left (never a finished result). */
export function prepareSweepDir(dir: string): OutputFolder {
  const folder = sweepFolder(dir);
  folder.create();
  folder.clean(RUNS_DIR);
  return folder;
}

export function writeManifest(dir: string, manifest: SweepManifest): void {
  sweepFolder(dir).write(MANIFEST, JSON.stringify(manifest) + '\n');
}

/** Read and check sweep.json; throws an Error naming the folder when it is missing or not a sweep. */
export function readManifest(dir: string): SweepManifest {
  const path = join(dir, MANIFEST);
  let text: string;
  try {
    text = readInputText(path, 'sweep folder', 'manifest', { noFollow: true });
  } catch (e) {
    if (e instanceof InputError && / cannot read \(ENOENT\)$/.test(e.message)) {
      throw new Error(`${dir}: no ${MANIFEST} (not a sweep folder)`, { cause: e });
    }
    throw e;
  }
  const checked = checkManifest(text);
  if (!checked.ok) throw new Error(`${path}: ${checked.problem}`);
  return checked.manifest;
}
