// trace.csv on disk: a CsvTraceWriter whose chunks go straight to a file descriptor, so a run of
// millions of jobs streams its trace without holding it. Shared by `npm run sim` and the benchmark.

import { closeSync, openSync, writeSync } from 'node:fs';
import { expandLanes, type Config } from '../src/engine/config.ts';
import { CsvTraceWriter } from '../src/engine/trace-writer.ts';

export interface TraceFile {
  writer: CsvTraceWriter;
  /** Close the file; call after `engine.finish()` has flushed the last chunk. */
  close(): void;
}

export function openTraceFile(config: Config, path: string): TraceFile {
  const fd = openSync(path, 'w');
  const writer = new CsvTraceWriter(
    (chunk) => writeSync(fd, chunk),
    Object.keys(config.mix.models),
    expandLanes(config).map((l) => l.name),
    1 << 20,
  );
  return { writer, close: () => closeSync(fd) };
}
