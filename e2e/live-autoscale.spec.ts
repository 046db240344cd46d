// Cold starts that are real, on the hosted page (dist/ under a sub-path): in live mode the
// autoscaler starts a real lane worker (WASM) for a replica when a step of load comes, the panel
// shows it warming up and then serving with its measured cold start, and when the load steps down
// the replica is let go and its worker ended, the ledger balanced throughout. Calibrate measures a
// lane's cold start (spawn to first warm inference) and the simulation's replicas wait it.

import { expect, test, type Page } from '@playwright/test';
import { balanced, ledger } from './live-helpers.ts';
import { hostedSite } from './site-helpers.ts';

const site = hostedSite('/course/elastic-live/schedlab/');

async function setRate(page: Page, rate: number): Promise<void> {
  const exact = page.getByLabel('Exact rate (jobs/s)');
  await exact.fill(String(rate));
  await exact.press('Enter');
  await expect.poll(() => page.evaluate(() => window.__schedlab!.snapshot()!.rate)).toBe(rate);
}

test('live autoscaling starts a real lane worker on a step of load, shows its cold start, ends it on the way down', async ({
  page,
}) => {
  // Real cold starts: about 30 s in all on a quiet machine; a loaded one (load 20+) takes minutes.
  test.setTimeout(360_000);
  await site.open(page, '?gpu=0&cpu=1&as=1&asmin=1&asmax=2&aspol=reactive');
  await page.getByLabel('Mode', { exact: true }).selectOption('live');
  await page.waitForFunction(() => window.__schedlab!.live() !== null);
  await page.getByRole('button', { name: /^More settings/ }).click();
  const panel = page.getByTestId('autoscale-panel');
  await expect(panel).toHaveAttribute('data-mode', 'live');
  await expect(panel).toHaveAttribute('data-scaled', 'true');
  // One worker at the start; the pool's second lane is parked, with no worker.
  await expect
    .poll(() => page.evaluate(() => window.__schedlab!.live()!.lanes.map((l) => l.health)), {
      timeout: 90_000,
    })
    .toEqual(['ready', 'parked']);
  // What one lane serves here (this machine's load changes it): the mean service time of its
  // first runs at the light start rate.
  await expect
    .poll(() => page.evaluate(() => window.__schedlab!.live()!.lanes[0]!.runs), { timeout: 30_000 })
    .toBeGreaterThan(8);
  const meanMs = await page.evaluate(() => window.__schedlab!.live()!.lanes[0]!.meanServiceMs);
  const step = Math.min(100, Math.ceil((2 * 1000) / meanMs));
  console.log(`one lane: ${meanMs.toFixed(1)} ms a job; the step: 4 → ${step} jobs/s`);

  // A step of load: twice what one WASM lane serves. The queue grows, and the autoscaler asks for
  // a replica (and keeps it: the queue holds more than 4 a lane). Its worker loads and warms up
  // (the panel says so), then serves.
  await setRate(page, step);
  const first = panel.getByTestId('replica-start-0');
  await expect(first).toHaveAttribute('data-state', 'warming', { timeout: 30_000 });
  await expect(first).toHaveAttribute('data-lane', 'cpu1');
  await expect(first).toHaveAttribute('data-state', 'serving', { timeout: 150_000 });
  const coldStartMs = Number(await first.getAttribute('data-cold-start-ms'));
  expect(coldStartMs).toBeGreaterThan(0);
  await expect(first).toContainText(Math.round(coldStartMs).toLocaleString('en-US'));
  await expect(panel.getByTestId('replica-starts')).toContainText('measured cold start median');
  const start = await page.evaluate(() => window.__schedlab!.live()!.replicas![0]!);
  console.log(`live replica cold start: ${JSON.stringify(start)}`);
  expect(start.parts!.spawnMs + start.parts!.loadMs + start.parts!.warmupMs).toBeCloseTo(
    coldStartMs,
    0,
  );
  // The load steps down: the replica serves the backlog with the first lane, and once it is served
  // the autoscaler lets the replica go; its worker ends.
  await setRate(page, 1);
  // It serves: the second lane runs batches.
  await expect
    .poll(() => page.evaluate(() => window.__schedlab!.live()!.lanes[1]!.runs), {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  await expect(panel.getByTestId('replicas-A').locator('svg')).toHaveAttribute(
    'data-max-replicas',
    '2',
  );

  await expect(first).toHaveAttribute('data-state', 'stopped', { timeout: 150_000 });
  expect(await page.evaluate(() => window.__schedlab!.live()!.lanes[1]!.health)).toBe('parked');
  const l = await ledger(page);
  expect(balanced(l)).toBe(true);
  expect(l.completed).toBeGreaterThan(50);
});

test('Calibrate measures a lane cold start and the simulation replicas wait it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await site.open(page, '?gpu=0&cpu=1&as=1&asmin=1&asmax=4&rate=50');
  const panel = page.getByTestId('autoscale-panel');
  await expect(panel.getByTestId('cold-start-source')).toContainText(
    "cold start: 500 ms, the config's value",
  );
  // The page's Calibrate on the WASM lane, the models the simulation serves at batch 1 (the
  // button's own sweep also times WebGPU and batches to 8: minutes on SwiftShader).
  const calibration = await page.evaluate(async () => {
    const { calibrate } = await window.__schedlab!.calibrator();
    return calibrate({
      models: ['resnet18', 'resnet50', 'vit_s16'],
      batches: [1],
      runs: 1,
      maxRunMs: 5000,
      providers: ['wasm'],
      threads: 1,
      fallbackSpeedup: 4,
    });
  });
  console.log(`Calibrate cold starts: ${JSON.stringify(calibration.coldStarts)}`);
  const measured = calibration.coldStarts.find((c) => c.kind === 'cpu')!;
  expect(measured.ms).toBeGreaterThan(measured.readyMs);
  expect(calibration.service.cold_start_ms?.cpu).toBe(measured.ms);
  // Use in simulation: the replicas' cold start is the measured one, and the panel says so.
  const ms = Math.round(measured.ms);
  expect(
    await page.evaluate((s) => window.__schedlab!.applyCalibration(s), calibration.service),
  ).toBe(true);
  await expect(panel.getByTestId('cold-start-source')).toContainText(
    `cold start: ${ms.toLocaleString('en-US')} ms, measured by Calibrate`,
  );
  await expect(panel.getByTestId('cold-start-both')).toHaveValue(String(ms));
  const summary = await page.evaluate(async () => (await window.__schedlab!.engine()).summary());
  expect(summary.autoscale?.cold_start_ms).toBe(ms);
});
