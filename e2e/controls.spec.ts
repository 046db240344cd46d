// Controls act on the running engine: the arrival rate moves throughput and, past capacity, the
// tail latency; switching the scheduler under a mixed overload changes who misses the SLO.

import { expect, test } from '@playwright/test';
import { openApp, sliderPosition, snapshot, waitSimTime } from './helpers.ts';

test('raising "Arrival rate" raises throughput, and past capacity the p99', async ({ page }) => {
  await openApp(page, '?rate=100&speed=20');
  const low = await waitSimTime(page, 8_000);
  const rate = page.getByLabel('Arrival rate');

  await rate.fill(sliderPosition(250));
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.rate > 200);
  const changedAt = (await snapshot(page)).time;
  const mid = await waitSimTime(page, changedAt + 7_000);
  expect(mid.runId).toBe(low.runId);
  expect(mid.throughput).toBeGreaterThan(low.throughput * 1.8);

  // Past capacity (~310 jobs/s with these lanes) the queue builds and the tail grows.
  await rate.fill(sliderPosition(600));
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.rate > 500);
  const overAt = (await snapshot(page)).time;
  const high = await waitSimTime(page, overAt + 7_000);
  expect(high.recentP99[0]).toBeGreaterThan(mid.recentP99[0] * 3);
  expect(high.throughput).toBeGreaterThan(mid.throughput);
  // The slider lands within a step of 600 (past 150 % load its scale is logarithmic).
  const shown = Number(await page.getByLabel('Exact rate (jobs/s)').inputValue());
  expect(Math.abs(shown - 600)).toBeLessThanOrEqual(6);
});

test('switching "Scheduler" to EDF under a mixed overload lowers interactive SLO violations', async ({
  page,
}) => {
  await openApp(page, '?rate=305&ir=0.3&speed=20');
  const fifo = await waitSimTime(page, 20_000);
  expect(fifo.scheduler).toBe('fifo');

  await page.getByLabel('Scheduler').selectOption('edf');
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.scheduler === 'edf');
  const switchedAt = (await snapshot(page)).time;
  const edf = await waitSimTime(page, switchedAt + 8_000);

  // Applied live: same run, jobs kept flowing.
  expect(edf.runId).toBe(fifo.runId);
  expect(edf.ledger.completed).toBeGreaterThan(fifo.ledger.completed);
  expect(fifo.recentViolationRate[0]).toBeGreaterThan(0.05);
  expect(edf.recentViolationRate[0]).toBeLessThan(fifo.recentViolationRate[0] / 2);
});

test('space plays and pauses', async ({ page }) => {
  await openApp(page);
  await page.locator('h1').click();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.playing === false);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.playing === true);
});
