// The worker pool: tinypool threads (one per core by default) running worker.ts. Tasks are fed a
// few at a time, so a sweep of a hundred thousand runs never holds them all in messages at once.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { RunRecord } from './run-record.ts';
import type { RunTask } from './worker.ts';

/** The worker module: the TypeScript source when run from source, the bundle's own when compiled. */
function workerFile(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./worker-dev.mjs', import.meta.url)
    : new URL('./sweep-worker.mjs', import.meta.url);
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Most worker threads a sweep starts: 4 per core. Each costs about 9 MB before it runs anything,
 * plus its trace cache (plan.ts); more threads than that only wait for a core (`--workers 300`
 * started 300 threads, 2.7 GB).
 */
export function maxWorkers(): number {
  return 4 * availableParallelism();
}

export interface PoolRun {
  /**
   * Resolves when every task has ended (failed tasks are reported through `onError`), or when the
   * pool itself failed: then with that error (a worker that cannot start, say), after stopping.
   */
  done: Promise<Error | undefined>;
  /** Stop: queued tasks are dropped and the threads end (a run in progress is lost, not half-written). */
  cancel(): Promise<void>;
}

export function runPool(
  tasks: readonly RunTask[],
  workers: number,
  onResult: (record: RunRecord, task: RunTask) => void,
  onError: (error: Error, task: RunTask) => void,
  /** The worker module (tests give a broken one). */
  file: URL = workerFile(),
): PoolRun {
  // A missing worker module is said at once: tinypool would start threads that fail to load, and
  // its own clean-up of those can throw outside any promise (seen as an uncaught TypeError).
  if (file.protocol === 'file:' && !existsSync(fileURLToPath(file))) {
    const missing = new Error(
      `the sweep's worker module ${fileURLToPath(file)} is missing (npm run build:cli makes it)`,
    );
    return { done: Promise.resolve(missing), cancel: () => Promise.resolve() };
  }
  const pool = new Tinypool({
    filename: file.href,
    minThreads: Math.min(workers, Math.max(1, tasks.length)),
    maxThreads: workers,
    idleTimeout: 1000,
  });
  let next = 0;
  let cancelled = false;
  let fatal: Error | undefined;
  // Errors outside any task (a thread that fails to start): stop rather than wait for threads that
  // will never come.
  pool.on('error', (error: unknown) => {
    fatal ??= error instanceof Error ? error : new Error(String(error));
    cancelled = true;
    void pool.destroy();
  });
  const window = workers * 2;
  const done = new Promise<Error | undefined>((resolve) => {
    let running = 0;
    const feed = (): void => {
      while (!cancelled && running < window && next < tasks.length) {
        const task = tasks[next++]!;
        running++;
        (pool.run(task) as Promise<RunRecord>)
          .then(
            (record) => onResult(record, task),
            (error: unknown) => {
              if (!cancelled)
                onError(error instanceof Error ? error : new Error(String(error)), task);
            },
          )
          .finally(() => {
            running--;
            if (running === 0 && (cancelled || next >= tasks.length)) resolve(fatal);
            else feed();
          });
      }
      if (running === 0) resolve(fatal);
    };
    feed();
  }).finally(() => pool.destroy());
  return {
    done,
    async cancel() {
      cancelled = true;
      await pool.destroy();
    },
  };
}
