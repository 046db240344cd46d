// trace.csv on disk: a CsvTraceWriter whose chunks go straight to a file descriptor, so a run of
// millions of jobs streams its trace without holding it. Shared by `npm run sim` and the benchmark.

import { closeSync, openSync, writeSync } from 'node:fs';
import { expandLanes, type Config } from '../src/engine/config.ts';
import { CsvTraceWriter } from '../src/engine/trace-writer.ts';

export interface TraceFile {
  writer: CsvTraceWriter;
  /** Create the file; the writer may be handed to an engine before, but writes only after. */
  open(path: string): void;
  /** Close the file; call after `engine.finish()` has flushed the last chunk. */
  close(): void;
}

/**
 * A trace file opened later: `npm run sim` builds its engine (which checks everything, the replayed
 * trace included, and parses it once) before it creates any output.
 */
export function deferredTraceFile(config: Config): TraceFile {
  let fd: number | undefined;
  const writer = new CsvTraceWriter(
    (chunk) => {
      if (fd === undefined) throw new Error('trace.csv: written before it was opened');
      writeSync(fd, chunk);
    },
    Object.keys(config.mix.models),
    expandLanes(config).map((l) => l.name),
    1 << 20,
  );
  return {
    writer,
    open: (path) => void (fd = openSync(path, 'w')),
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

export function openTraceFile(config: Config, path: string): TraceFile {
  const file = deferredTraceFile(config);
  file.open(path);
  return file;
}
