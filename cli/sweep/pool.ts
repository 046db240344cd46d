// The worker pool: tinypool threads (one per core by default) running worker.ts. Tasks are fed a
// few at a time, so a sweep of a hundred thousand runs never holds them all in messages at once.

import { availableParallelism } from 'node:os';
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

export interface PoolRun {
  /** Resolves when every task has ended; failed tasks are reported through `onError`. */
  done: Promise<void>;
  /** Stop: queued tasks are dropped and the threads end (a run in progress is lost, not half-written). */
  cancel(): Promise<void>;
}

export function runPool(
  tasks: readonly RunTask[],
  workers: number,
  onResult: (record: RunRecord, task: RunTask) => void,
  onError: (error: Error, task: RunTask) => void,
): PoolRun {
  const pool = new Tinypool({
    filename: workerFile().href,
    minThreads: Math.min(workers, Math.max(1, tasks.length)),
    maxThreads: workers,
    idleTimeout: 1000,
  });
  let next = 0;
  let cancelled = false;
  const window = workers * 2;
  const done = new Promise<void>((resolve) => {
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
            if (running === 0 && (cancelled || next >= tasks.length)) resolve();
            else feed();
          });
      }
      if (running === 0) resolve();
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
