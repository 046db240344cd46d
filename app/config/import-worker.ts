// The import worker's role (src/workers/worker.ts started as 'schedlab-import'): reads one
// imported file and checks it (import.ts) off the page's thread, so a trace of ten million lines
// never freezes the page. It reports how far the parse has got and answers with the import's
// result; the page cancels an import by terminating this worker. Pure parsing only: no engine runs
// here, and nothing of the page's state is touched.

import { importFile, type ImportResult } from './import.ts';

/** What the page sends: the file (a Blob crosses by reference) and its name. */
export interface ImportRequest {
  file: Blob;
  name: string;
}

/** What the worker answers: progress (0..1) now and then, then the result or a failure. */
export type ImportReply =
  | { kind: 'progress'; fraction: number }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'failed'; message: string };

/** Least time between two progress messages (ms). */
const PROGRESS_MS = 50;

const post = (reply: ImportReply): void => self.postMessage(reply);

export function serve(): void {
  self.onmessage = async (event: MessageEvent<ImportRequest>) => {
    const { file, name } = event.data;
    try {
      const text = await file.text();
      let last = 0;
      const result = importFile(name, text, (fraction) => {
        const now = performance.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        post({ kind: 'progress', fraction });
      });
      post({ kind: 'done', result });
    } catch (e) {
      post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };
}
