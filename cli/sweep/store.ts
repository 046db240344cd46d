// A sweep folder on disk. Each finished run is one file, runs/<key>.json, written to a temporary
// name and renamed into place (atomic on POSIX file systems), so a sweep killed at any moment leaves
// whole results or none, never half of one. sweep.json describes the sweep (its axes and runs in
// grid order); results.csv and the rest are derived from the two and can always be rewritten.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FORMAT, type RunRecord } from './run-record.ts';

export const RUNS_DIR = 'runs';
export const MANIFEST = 'sweep.json';
export const MANIFEST_FORMAT = 'schedlab.sweep/1';

/** sweep.json: what a sweep is, enough to merge its shards and rebuild its results. */
export interface SweepManifest {
  format: typeof MANIFEST_FORMAT;
  /** Shared by all shards of one sweep (a hash of every run key, in order). */
  id: string;
  engine_version: string;
  /** Swept paths with their values, in grid order (last varies fastest). */
  axes: { path: string; values: unknown[] }[];
  /** Every run of the sweep (not only this shard's): grid index, key, values, seed. */
  runs: { index: number; key: string; values: unknown[]; seed: number }[];
  /** Which slice of the runs this folder holds; null for the whole sweep. */
  shard: { index: number; count: number } | null;
}

const TEMP = /\.tmp-\d+-\d+$/;
let tempCounter = 0;

/** Write a file atomically: a temporary file in the same folder, then a rename. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}-${tempCounter++}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function runPath(dir: string, key: string): string {
  return join(dir, RUNS_DIR, `${key}.json`);
}

/** The stored result of run `key`, or undefined when there is none (or it is from another format). */
export function readRun(dir: string, key: string): RunRecord | undefined {
  let text: string;
  try {
    text = readFileSync(runPath(dir, key), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as RunRecord;
    return record.format === RUN_FORMAT && record.key === key ? record : undefined;
  } catch {
    return undefined;
  }
}

export function writeRun(dir: string, record: RunRecord): void {
  writeFileAtomic(runPath(dir, record.key), JSON.stringify(record) + '\n');
}

/** Make the folder, and remove temporary files a killed sweep left (never a finished result). */
export function prepareSweepDir(dir: string): void {
  mkdirSync(join(dir, RUNS_DIR), { recursive: true });
  for (const name of readdirSync(join(dir, RUNS_DIR))) {
    if (TEMP.test(name)) rmSync(join(dir, RUNS_DIR, name), { force: true });
  }
  for (const name of readdirSync(dir)) {
    if (TEMP.test(name)) rmSync(join(dir, name), { force: true });
  }
}

export function writeManifest(dir: string, manifest: SweepManifest): void {
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest) + '\n');
}

/** Read sweep.json; throws an Error naming the folder when it is missing or not a sweep. */
export function readManifest(dir: string): SweepManifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch {
    throw new Error(`${dir}: no ${MANIFEST} (not a sweep folder)`);
  }
  let manifest: SweepManifest;
  try {
    manifest = JSON.parse(text) as SweepManifest;
  } catch {
    throw new Error(`${join(dir, MANIFEST)}: not valid JSON`);
  }
  if (manifest.format !== MANIFEST_FORMAT) {
    throw new Error(
      `${join(dir, MANIFEST)}: format "${String(manifest.format)}", expected "${MANIFEST_FORMAT}"`,
    );
  }
  return manifest;
}
