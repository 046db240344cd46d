// The built app opens, its engine runs in a Web Worker, and the live figures move.

import { expect, test } from '@playwright/test';

test('the engine runs in a web worker and the live figures change while playing', async ({
  page,
}) => {
  await page.goto('/');
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  // Every page worker runs the one worker script; the engine's is the one named for it.
  const names = await Promise.all(page.workers().map((w) => w.evaluate(() => self.name)));
  expect(names).toContain('schedlab-engine');

  const completed = page.getByTestId('figure-completed');
  const first = await page.evaluate(() => window.__schedlab!.snapshot()!.ledger.completed);
  await page.waitForFunction(
    (n) => window.__schedlab!.snapshot()!.ledger.completed > n + 50,
    first,
  );
  await expect(completed).not.toHaveText('–');
  await expect(page.getByTestId('figure-p99-interactive')).toHaveText(/\d/);

  // Pause freezes the clock; Play resumes it.
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.playing === false);
  const pausedAt = await page.evaluate(() => window.__schedlab!.snapshot()!.time);
  const framesAtPause = await page.evaluate(() => window.__schedlab!.frames());
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(
    (t) => window.__schedlab!.snapshot()!.playing && window.__schedlab!.snapshot()!.time > t,
    pausedAt,
  );
  expect(await page.evaluate(() => window.__schedlab!.frames())).toBeGreaterThan(framesAtPause);
});
