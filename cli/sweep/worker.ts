// The sweep's worker (a tinypool thread): runs one config flat out, writes its record atomically
// into the sweep folder and returns it. A replayed trace is read and parsed once per thread.

import { Engine } from '../../src/engine/engine.ts';
import type { Config } from '../../src/engine/config.ts';
import { TraceCache, type TraceRef } from './plan.ts';
import { recordRun, type RunRecord } from './run-record.ts';
import { writeRun } from './store.ts';

export interface RunTask {
  key: string;
  engineVersion: string;
  /** Validated config with the run's seed; a trace file's text is read here, not sent. */
  config: Config;
  trace?: TraceRef;
  params: Record<string, unknown>;
  /** Sweep folder to write runs/<key>.json into. */
  dir: string;
  /** Stop each run after this many events (`--max-events`; part of the run key). */
  maxEvents?: number;
}

const traces = new TraceCache();

export function runTask(task: RunTask): RunRecord {
  const started = performance.now();
  const config = task.config;
  let replay;
  if (config.arrivals.process === 'trace' && task.trace) {
    let text = config.arrivals.data;
    if (text === undefined) {
      const read = traces.read(task.trace.path!);
      if (read.sha256 !== task.trace.sha256) {
        throw new Error(`${task.trace.path} changed while the sweep ran; run the sweep again`);
      }
      text = read.text;
    }
    replay = traces.options(config.arrivals, text, task.trace.sha256);
  }
  const engine = new Engine(config, {
    ...replay,
    ...(task.maxEvents !== undefined ? { maxEvents: task.maxEvents } : {}),
  });
  engine.runToEnd();
  const record = recordRun(
    engine,
    task.key,
    task.engineVersion,
    task.params,
    (performance.now() - started) / 1000,
  );
  writeRun(task.dir, record);
  return record;
}

export default runTask;
