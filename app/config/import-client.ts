// The page's side of an import: hands the file to a fresh import worker, relays its progress, and
// cancels by terminating it. One import at a time; the page changes nothing until a result comes
// back and is applied.

import type { ImportReply, ImportRequest } from './import-worker.ts';
import type { ImportResult } from './import.ts';
import { startWorker } from '../../src/workers/spawn.ts';

/** The biggest file an import reads (a JavaScript string holds at most ~512 M characters). */
export const MAX_IMPORT_BYTES = 256 * 2 ** 20;

export type ImportOutcome =
  | { kind: 'result'; result: ImportResult }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export interface ImportJob {
  /** Settles once: with the result, a failure, or `cancelled`. */
  done: Promise<ImportOutcome>;
  /** Stop the import now (its worker is terminated); `done` settles as cancelled. */
  cancel(): void;
}

/** Start importing `file` in a worker; `onProgress` hears the share parsed (0..1). */
export function startImport(file: File, onProgress: (fraction: number) => void): ImportJob {
  if (file.size > MAX_IMPORT_BYTES) {
    const mib = (file.size / 2 ** 20).toFixed(0);
    return {
      done: Promise.resolve({
        kind: 'result',
        result: {
          ok: false,
          problems: [
            `the file is ${mib} MiB; SchedLab imports files up to ${MAX_IMPORT_BYTES / 2 ** 20} MiB`,
          ],
        },
      }),
      cancel: () => undefined,
    };
  }
  const worker = startWorker('import');
  let settle: (outcome: ImportOutcome) => void = () => undefined;
  const done = new Promise<ImportOutcome>((resolve) => {
    settle = (outcome) => {
      worker.terminate();
      settle = () => undefined;
      resolve(outcome);
    };
  });
  worker.onmessage = (event: MessageEvent<ImportReply>) => {
    const reply = event.data;
    if (reply.kind === 'progress') onProgress(reply.fraction);
    else if (reply.kind === 'done') settle({ kind: 'result', result: reply.result });
    else settle({ kind: 'failed', message: reply.message });
  };
  worker.onerror = (event) =>
    settle({ kind: 'failed', message: event.message || 'the import worker failed' });
  const request: ImportRequest = { file, name: file.name };
  worker.postMessage(request);
  return { done, cancel: () => settle({ kind: 'cancelled' }) };
}
