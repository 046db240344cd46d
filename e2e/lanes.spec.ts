// Lane failures through the page: under load, "Fail gpu0" re-queues the jobs it was running (the
// Gantt chart draws the cut-short run in red and the lane as down), the backup lane steps in, no job
// is lost (the ledger balances), and "Recover gpu0" puts the lane back to work.

import { expect, test, type Page } from '@playwright/test';
import { openApp, snapshot, type Snapshot } from './helpers.ts';

function expectBalanced(s: Snapshot): void {
  const l = s.ledger;
  expect(l.completed + l.queued + l.running + l.rejected + l.dropped).toBe(l.arrived);
}

/** Wait for the next frame from the worker (after a control while paused). */
async function nextFrame(page: Page): Promise<void> {
  const seen = await page.evaluate(() => window.__schedlab!.frames());
  await page.waitForFunction((n) => window.__schedlab!.frames() > n, seen);
}

test('failing a busy lane re-queues its jobs, shows a failed run and a down lane, and recovering puts it back to work', async ({
  page,
}) => {
  await openApp(page, '', { more: true, dashboard: true });
  await page.getByRole('button', { name: 'Failover' }).click();
  // The preset's run (380 jobs/s on 2 GPU + 2 CPU lanes and a backup) is under way.
  await page.waitForFunction(() => {
    const s = window.__schedlab!.snapshot();
    return s !== null && s.rate === 380 && s.time > 1000;
  });
  const lanes = await page.evaluate(() => window.__schedlab!.laneStates());
  expect(lanes.map((l) => l.name)).toEqual(['gpu0', 'gpu1', 'cpu0', 'cpu1', 'gpu2-backup']);
  expect(lanes[4]!.role).toBe('backup');

  // Pause, then step one event at a time until gpu0 is running a job, so the failure cuts one short.
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()?.playing === false);
  for (let i = 0; i < 500; i++) {
    const running = await page.evaluate(() => window.__schedlab!.laneStates()[0]!.running);
    if (running > 0) break;
    const next = nextFrame(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await next;
  }
  const before = await snapshot(page);
  expect(before.ledger.running).toBeGreaterThan(0);
  const failedAt = before.time;

  await page.getByRole('button', { name: 'Fail gpu0' }).click();
  await expect(page.getByRole('button', { name: 'Recover gpu0' })).toBeVisible();
  await expect(page.getByTestId('lanes-down')).toHaveText('Down: gpu0');
  // The Gantt chart drew the cut-short run in red and the lane as down.
  await page.waitForFunction(() => {
    const g = window.__schedlab!.gantt();
    return g.failedBars > 0 && g.downLanes.includes('gpu0');
  });
  const onGpu0 = await page.evaluate(
    (t) => window.__schedlab!.spansOnLane(0, t - 60_000),
    failedAt,
  );
  expect(onGpu0.failed).toBeGreaterThan(0);
  expectBalanced(await snapshot(page));

  // Under load with gpu0 down: the backup serves, and every frame's ledger balances.
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(
    (t) => (window.__schedlab!.snapshot()?.time ?? 0) > t + 1000,
    failedAt,
  );
  const down = await snapshot(page);
  expectBalanced(down);
  const backup = await page.evaluate((t) => window.__schedlab!.spansOnLane(4, t), failedAt);
  expect(backup.ok).toBeGreaterThan(0);
  const gpu0WhileDown = await page.evaluate((t) => window.__schedlab!.spansOnLane(0, t), failedAt);
  expect(gpu0WhileDown.ok).toBe(0);

  // Recover: gpu0 serves again and nothing was lost on the way.
  await page.getByRole('button', { name: 'Recover gpu0' }).click();
  await expect(page.getByRole('button', { name: 'Fail gpu0' })).toBeVisible();
  await page.waitForFunction(() => window.__schedlab!.laneStates()[0]!.up);
  const recoveredAt = (await snapshot(page)).time;
  await page.waitForFunction((t) => window.__schedlab!.spansOnLane(0, t).ok > 0, recoveredAt);
  await page.waitForFunction(() => window.__schedlab!.gantt().downLanes.length === 0);
  expectBalanced(await snapshot(page));
});
