// trace.csv on disk: a CsvTraceWriter whose chunks go straight to a file descriptor, so a run of
// millions of jobs streams its trace without holding it. Shared by `npm run sim` and the benchmark.

import { closeSync, openSync, writeSync } from 'node:fs';
import type { OutputFolder, OutputStream } from './io/output-folder.ts';
import { expandLanes, type Config } from '../src/engine/config.ts';
import { CsvTraceWriter } from '../src/engine/trace-writer.ts';

export interface TraceFile {
  writer: CsvTraceWriter;
  /** Create trace.csv in `out` (streamed to a temporary name until `close`); the writer may be
   * handed to an engine before, but writes only after. */
  open(out: OutputFolder): void;
  /** Close the file (renaming it into place); call after `engine.finish()` has flushed. */
  close(): void;
}

/**
 * A trace file opened later: `npm run sim` builds its engine (which checks everything, the replayed
 * trace included, and parses it once) before it creates any output.
 */
function traceWriter(config: Config, sink: (chunk: Uint8Array) => void): CsvTraceWriter {
  return new CsvTraceWriter(
    sink,
    Object.keys(config.mix.models),
    expandLanes(config).map((l) => l.name),
    1 << 20,
  );
}

export function deferredTraceFile(config: Config): TraceFile {
  let stream: OutputStream | undefined;
  const writer = traceWriter(config, (chunk) => {
    if (stream === undefined) throw new Error('trace.csv: written before it was opened');
    stream.write(chunk);
  });
  return {
    writer,
    open: (out) => void (stream = out.stream('trace.csv')),
    close: () => {
      stream?.close();
      stream = undefined;
    },
  };
}

/** trace.csv at `path` (benchmarks: a plain file, not an output folder's). */
export function openTraceFile(
  config: Config,
  path: string,
): { writer: CsvTraceWriter; close(): void } {
  const fd = openSync(path, 'w');
  return {
    writer: traceWriter(config, (chunk) => void writeSync(fd, chunk)),
    close: () => closeSync(fd),
  };
}
