// A large run's trace CSV from the page: a quarter of a million jobs (the engine at full speed, a
// few seconds), exported by replay in the worker and streamed to the page, has exactly one row per
// finished job of the ledger. (bench:ui does the same at a million jobs and times it.)

import { createReadStream } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp, snapshot } from './helpers.ts';

const JOBS = 250_000;

async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}

test('a 250,000-job trace CSV export has one row per finished job of the ledger', async ({
  page,
}) => {
  await openApp(page, '?rate=5000&gpu=24&cpu=16&sched=least_loaded&speed=1000', { more: true });
  await page.waitForFunction(
    (n) => (window.__schedlab!.snapshot()?.ledger.arrived ?? 0) >= n,
    JOBS,
    { timeout: 90_000 },
  );
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()?.playing === false);
  const { ledger } = await snapshot(page);
  const finished = ledger.completed + ledger.rejected + ledger.dropped;
  expect(ledger.arrived).toBeGreaterThanOrEqual(JOBS);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Trace CSV' }).click();
  const file = await (await download).path();
  const record = await page.evaluate(() => window.__schedlab!.lastExport());
  expect(record?.result?.rows).toBe(finished);
  expect(record?.result?.ledger).toEqual(ledger);
  expect((await countLines(file)) - 1).toBe(finished);
  await expect(page.getByTestId('export-status')).toContainText(
    `${finished.toLocaleString('en-US')} jobs`,
  );
});
