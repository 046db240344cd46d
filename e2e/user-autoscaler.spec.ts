// Issue 25 on the hosted page (dist/ under a sub-path of a plain static server): a user's autoscaler
// written in the policy editor (a broken one named by its line, nothing changed), picked in the
// Autoscaling panel as "Your autoscaler", sizing the pool; a price the person sets moving the cost
// per 1,000 requests (a bad one named and refused); and the Twitter-like day preset drawing
// replicas over time for both sides.

import { expect, test } from '@playwright/test';
import { typePolicy } from './helpers.ts';
import { hostedSite } from './site-helpers.ts';

const site = hostedSite('/course/elastic/schedlab/');

const MINE = [
  'export default {',
  '  name: "four always",',
  '  period_s: 2,',
  '  scale(ctx) {',
  '    return 4;',
  '  },',
  '};',
].join('\n');

test('write an autoscaler in the editor, pick it, and the pool follows it; a broken one is named by its line', async ({
  page,
}) => {
  await site.open(page, '?gpu=0&cpu=1&rate=60&speed=10&as=1&asmin=1&asmax=8&ascold=1000');
  await page.getByRole('button', { name: 'Write your own policy…' }).click();
  await expect(page.locator('[data-testid="policy-editor"] .cm-content')).toBeVisible();
  // A broken one: refused with its line, nothing offered.
  await typePolicy(page, 'export default {\n  scale(ctx) {\n    return ctx.ready +;\n  },\n};');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('policy-compile-error')).toContainText('Line 3');
  const panel = page.getByTestId('autoscale-panel');
  await expect(panel.getByTestId('autoscaler-both').locator('option[value="user"]')).toHaveCount(0);
  // A good one: offered in the panel; picked, it sizes the pool.
  await typePolicy(page, MINE);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('policy-autoscaler-ready')).toContainText('four always');
  await panel.getByTestId('autoscaler-both').selectOption('user');
  await expect(panel.getByTestId('autoscaler-both')).toHaveValue('user');
  await expect(panel.getByTestId('replicas-A')).toContainText('your autoscaler four always');
  await expect
    .poll(
      async () =>
        Number(await panel.getByTestId('replicas-A').locator('svg').getAttribute('data-replicas')),
      { timeout: 60_000 },
    )
    .toBe(4);
  await expect(panel.getByTestId('user-autoscaler-status-A')).toContainText('four always');
  // Back to a built-in: the status goes.
  await panel.getByTestId('autoscaler-both').selectOption('hpa');
  await expect(panel.getByTestId('user-autoscaler-status-A')).toHaveCount(0, { timeout: 10_000 });
});

test('a price moves the cost per 1,000 requests and travels in the link; a bad one is named', async ({
  page,
}) => {
  await site.open(page, '?gpu=1&cpu=1&rate=100&speed=10&as=1&asmin=1&asmax=4');
  const panel = page.getByTestId('autoscale-panel');
  const figures = panel.getByTestId('replica-figures-A');
  const perThousand = async (): Promise<number> =>
    Number(await figures.getAttribute('data-cost-per-1000'));
  await expect.poll(perThousand, { timeout: 30_000 }).toBeGreaterThan(0);
  const gpu = panel.getByTestId('price-gpu');
  await gpu.fill('-3');
  await gpu.press('Enter');
  await expect(panel.getByRole('alert')).toContainText('GPU replica-hour: -3 is below 0');
  expect(new URL(page.url()).searchParams.get('asprgpu')).toBeNull();
  const before = await perThousand();
  await gpu.fill('100');
  await gpu.press('Enter');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('asprgpu')).toBe('100');
  // 100 times the GPU price: the cost per 1,000 requests rises many times over.
  await expect.poll(perThousand).toBeGreaterThan(20 * before);
  await expect(panel.getByTestId('cost-per-1000-A')).toContainText('USD');
});

test('the Twitter-like day preset: HPA against predictive, replicas over time for both sides', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await site.open(page, '');
  await page.getByTestId('autoscaler-twitter-preset').click();
  const panel = page.getByTestId('autoscale-panel');
  await expect(panel.getByTestId('load-shape')).toHaveValue('twitter');
  await expect(panel.getByTestId('autoscaler-a')).toHaveValue('hpa');
  await expect(panel.getByTestId('autoscaler-b')).toHaveValue('predictive');
  expect(new URL(page.url()).searchParams.get('shape')).toBe('twitter');
  for (const side of ['A', 'B']) {
    const svg = panel.getByTestId(`replicas-${side}`).locator('svg');
    await expect
      .poll(async () => Number(await svg.getAttribute('data-samples')), { timeout: 60_000 })
      .toBeGreaterThan(5);
    await expect
      .poll(async () => Number(await svg.getAttribute('data-max-replicas')), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(1);
  }
});
