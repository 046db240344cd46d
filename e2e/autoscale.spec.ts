// Autoscaling through the page: a link with autoscaling on starts a run whose spare CPU lanes are
// parked (healthy, out of the pool), overload grows the pool, and unticking the box starts a run
// with the fixed lanes again.

import { expect, test } from '@playwright/test';
import { openApp } from './helpers.ts';

test('autoscaled CPU lanes start parked, join the pool under overload, and the box turns it off', async ({
  page,
}) => {
  await openApp(page, '?as=1&asmin=1&asmax=6&cpu=1&rate=900&speed=5', { more: true });
  await expect(page.getByTestId('autoscale')).toBeChecked();
  await page.waitForFunction(() => window.__schedlab!.laneStates().length === 7);
  const first = await page.evaluate(() => window.__schedlab!.laneStates());
  expect(first.map((l) => l.name)).toEqual([
    'gpu0',
    'cpu0',
    'cpu1',
    'cpu2',
    'cpu3',
    'cpu4',
    'cpu5',
  ]);
  // Parked lanes are healthy: not down, not an outage.
  expect(first.every((l) => l.up)).toBe(true);

  // 900 jobs/s is far above one GPU and one CPU lane: the queue grows the pool.
  await page.waitForFunction(() => {
    const lanes = window.__schedlab!.laneStates();
    return lanes.filter((l) => l.kind === 'cpu' && l.pool !== 'parked').length > 1;
  });

  await page.getByTestId('autoscale').uncheck();
  await page.waitForFunction(() => window.__schedlab!.laneStates().length === 2);
  const fixed = await page.evaluate(() => window.__schedlab!.laneStates());
  expect(fixed.every((l) => l.pool === undefined)).toBe(true);
  await expect(page).not.toHaveURL(/as=1/);
});
