// Elastic serving on the hosted page (dist/ under a sub-path of a plain static server): pick an
// autoscaler and watch the pool grow under overload, a bad knob named and refused; the "Autoscaler
// compare" preset runs the HPA against the predictive policy on a daily cycle, with replicas over
// time for both sides and the verdict's SLO attainment and replica-seconds; the load-test panel
// sweeps the rate in a worker and marks the knee, and Cancel stops a sweep.

import { expect, test } from '@playwright/test';
import { hostedSite } from './site-helpers.ts';

const site = hostedSite('/course/elastic/schedlab/');

test('pick an autoscaler: the pool grows under overload, replicas drawn, a bad cold start named', async ({
  page,
}) => {
  await site.open(page, '?gpu=0&cpu=1&rate=200&speed=10&as=1&asmin=1&asmax=8');
  const panel = page.getByTestId('autoscale-panel');
  await expect(panel).toBeVisible();
  await panel.getByTestId('autoscaler-both').selectOption('hpa');
  const cold = panel.getByTestId('cold-start-both');
  await cold.fill('999999');
  await cold.press('Enter');
  await expect(panel.getByRole('alert')).toContainText('Cold start: 999999 is above 600000 ms');
  await cold.fill('2000');
  await cold.press('Enter');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('aspol')).toBe('hpa');
  expect(new URL(page.url()).searchParams.get('ascold')).toBe('2000');
  // 200 req/s against one CPU replica (about 52/s): the HPA asks for more.
  const chart = panel.getByTestId('replicas-A');
  await expect
    .poll(async () => Number(await chart.locator('svg').getAttribute('data-max-replicas')), {
      timeout: 60_000,
    })
    .toBeGreaterThan(2);
  await expect(panel.getByTestId('replica-figures-A')).toContainText('replica-seconds');
});

test('the autoscaler compare preset: HPA against predictive, replicas of both sides, the verdict on attainment and replica-seconds', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await site.open(page, '');
  await page.getByTestId('autoscaler-compare-preset').click();
  const panel = page.getByTestId('autoscale-panel');
  await expect(panel.getByTestId('autoscaler-a')).toHaveValue('hpa');
  await expect(panel.getByTestId('autoscaler-b')).toHaveValue('predictive');
  for (const side of ['A', 'B']) {
    await expect
      .poll(
        async () =>
          Number(
            await panel.getByTestId(`replicas-${side}`).locator('svg').getAttribute('data-samples'),
          ),
        { timeout: 60_000 },
      )
      .toBeGreaterThan(5);
  }
  const verdict = panel.getByTestId('autoscale-verdict');
  await expect(verdict).toHaveAttribute('data-status', 'ready', { timeout: 200_000 });
  await expect(verdict.locator('[data-metric="slo_attainment"]')).toContainText(
    'B raises SLO attainment by',
  );
  await expect(verdict.locator('[data-metric="replica_s"]')).toContainText(
    'B cuts replica-seconds by',
  );
  // The compare view's own verdict table carries the same rows.
  await expect(
    page.getByTestId('verdict-table').locator('[data-metric="replica_s"]'),
  ).toBeVisible();
});

test('the load-test panel sweeps the rate in a worker and marks the knee; Cancel stops a sweep', async ({
  page,
}) => {
  await site.open(page, '?speed=1');
  const panel = page.getByTestId('loadtest-panel');
  await panel.getByTestId('lt-levels').fill('5');
  await panel.getByTestId('lt-levels').press('Enter');
  await panel.getByTestId('lt-duration').fill('5');
  await panel.getByTestId('lt-duration').press('Enter');
  await panel.getByTestId('lt-repeats').fill('1');
  await panel.getByTestId('lt-repeats').press('Enter');
  await panel.getByTestId('lt-run').click();
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const knee = Number(await panel.getByTestId('knee-chart').getAttribute('data-knee'));
  const levels = await panel
    .locator('[data-level]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-level'))));
  expect(levels).toHaveLength(5);
  // The knee lies inside the sweep, not at its ends (the sweep spans 20 % to 150 % of capacity).
  expect(knee).toBeGreaterThan(levels[0]!);
  expect(knee).toBeLessThan(levels[4]!);
  await expect(panel.getByTestId('lt-knee')).toContainText(`Knee at ${knee} req/s`);

  // A long sweep, cancelled: the panel says so and the run button is back.
  await panel.getByTestId('lt-levels').fill('20');
  await panel.getByTestId('lt-levels').press('Enter');
  await panel.getByTestId('lt-duration').fill('60');
  await panel.getByTestId('lt-duration').press('Enter');
  await panel.getByTestId('lt-run').click();
  await expect(panel).toHaveAttribute('data-status', 'running');
  await panel.getByTestId('lt-cancel').focus();
  await page.keyboard.press('Enter');
  await expect(panel).toHaveAttribute('data-status', 'cancelled');
  await expect(panel.getByTestId('lt-run')).toBeEnabled();
});
