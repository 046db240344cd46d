import { describe, expect, it } from 'vitest';
import { runPool } from './pool.ts';
import type { RunTask } from './worker.ts';

describe('the worker pool', () => {
  it('says at once that its worker module is missing, rather than starting threads that cannot load', async () => {
    const tasks = Array.from({ length: 6 }, (_, i) => ({ key: String(i) }) as RunTask);
    const failed: string[] = [];
    const run = runPool(
      tasks,
      2,
      () => {},
      (_, task) => failed.push(task.key),
      new URL('./no-such-worker.mjs', import.meta.url),
    );
    const fatal = await run.done;
    expect(fatal?.message).toMatch(/no-such-worker\.mjs/);
    expect(failed.length).toBeLessThan(6);
  });
});
