// The load-test panel against the live lanes on the hosted page (dist/ under a sub-path of a plain
// static server): the Live lanes target sweeps two rates on a real lane worker (PP-OCR's classifier
// on one CPU-class lane, onnxruntime-web's WASM backend), a few seconds each on the wall clock, and
// draws the knee from what the lane served; Cancel stops a live sweep.

import { expect, test } from '@playwright/test';
import { hostedSite } from './site-helpers.ts';

const site = hostedSite('/course/elastic/schedlab/');

test('the live target sweeps real lanes on the wall clock and draws the knee; Cancel stops it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await site.open(page, '?gpu=0&cpu=1&mix=0,0,0,1,0&speed=1');
  const panel = page.getByTestId('loadtest-panel');
  await panel.getByTestId('lt-target-live').check();
  await expect(panel.getByTestId('lt-live-note')).toContainText('A live sweep takes real time');
  for (const [id, value] of [
    ['lt-from', '10'],
    ['lt-to', '40'],
    ['lt-levels', '2'],
    ['lt-repeats', '1'],
    ['lt-duration', '3'],
  ] as const) {
    await panel.getByTestId(id).fill(value);
    await panel.getByTestId(id).press('Enter');
  }
  await expect(panel.getByTestId('lt-live-note')).toContainText('about 6 s of serving');
  await panel.getByTestId('lt-run').click();
  await expect(panel).toHaveAttribute('data-status', 'running');
  await expect(panel.getByTestId('lt-detail')).toContainText(/starting the lanes|run \d of 2/);
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const levels = await panel
    .locator('[data-level]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-level'))));
  expect(levels).toEqual([10, 40]);
  // The lane served both levels: throughput follows the offered rate at these low rates.
  const served = await panel
    .locator('[data-level] td:nth-child(2)')
    .evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
  expect(served[0]).toBeGreaterThan(5);
  expect(served[1]).toBeGreaterThan(served[0]!);
  const knee = Number(await panel.getByTestId('knee-chart').getAttribute('data-knee'));
  expect(levels).toContain(knee);
  await expect(panel.getByTestId('lt-knee')).toContainText(`Knee at ${knee} req/s`);
  await expect(panel.getByTestId('lt-knee')).toContainText('served live by the lanes');

  // A long live sweep, cancelled while its lanes start or serve.
  await panel.getByTestId('lt-duration').fill('60');
  await panel.getByTestId('lt-duration').press('Enter');
  await panel.getByTestId('lt-run').click();
  await expect(panel).toHaveAttribute('data-status', 'running');
  await panel.getByTestId('lt-cancel').click();
  await expect(panel).toHaveAttribute('data-status', 'cancelled');
  await expect(panel.getByTestId('lt-run')).toBeEnabled();
});
