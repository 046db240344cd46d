// Live mode runs what the controls show (lanes, rate and mix, within live limits), and "Check the
// simulation" replays a live run's arrivals in the simulator with the lanes' calibration and
// overlays the predicted latency CDF on the measured one, at 1440x900, 1280x720 and 390x844 (its
// verdict, drift, table and chart read at each). CPU (WASM) lanes only: the light models load in seconds,
// where the WebGPU lane on SwiftShader would take minutes; a check takes about a minute a size.

import { expect, test, type Page } from '@playwright/test';
import { chartLabels } from './label-boxes.ts';
import { balanced, ledger } from './live-helpers.ts';
import { VIEWPORTS } from './site-helpers.ts';

test.setTimeout(420_000);

async function openLive(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  await page.getByLabel('Mode', { exact: true }).selectOption('live');
  await page.waitForFunction(() => window.__schedlab!.live() !== null);
  // The lanes and the model mix are under More settings.
  await page.getByRole('button', { name: /^More settings/ }).click();
}

/** Names of the live run's lanes, from the latest frame. */
async function liveLanes(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__schedlab!.live()?.lanes.map((l) => l.name) ?? []);
}

test('live mode starts the lanes and the rate the controls show, and follows them when they change', async ({
  page,
}) => {
  await openLive(page, '?gpu=0&cpu=2');
  // The controls show what runs: no GPU lane, two CPU lanes, the light start rate and mix.
  await expect(page.getByTestId('lanes-gpu')).toHaveText('0');
  await expect(page.getByTestId('lanes-cpu')).toHaveText('2');
  expect(await liveLanes(page)).toEqual(['cpu0', 'cpu1']);
  await expect(page.getByLabel('Exact rate (jobs/s)')).toHaveValue('4');
  expect((await page.evaluate(() => window.__schedlab!.snapshot()!)).rate).toBe(4);
  await expect(page.getByLabel('ResNet-50')).toHaveValue('0');
  await expect(page.getByLabel('PP-OCR direction')).toHaveValue('2');
  await expect(page.getByText(/Live mode starts at 4 jobs\/s of light models/)).toBeVisible();

  // The rate slider drives the live run's arrivals.
  const slider = page.getByLabel('Arrival rate');
  await slider.focus();
  // One step, so the rate read below is the one the run settles on (with two, the first step's
  // rate could be read before the second arrives).
  await page.keyboard.press('PageUp');
  await expect
    .poll(() => page.evaluate(() => window.__schedlab!.snapshot()!.rate))
    .toBeGreaterThan(4);
  const rate = await page.evaluate(() => window.__schedlab!.snapshot()!.rate);
  await expect(page.getByLabel('Exact rate (jobs/s)')).toHaveValue(String(rate));

  // One CPU lane fewer: the live run restarts on one lane.
  await page.getByLabel('Remove CPU lane').click();
  await expect(page.getByTestId('lanes-cpu')).toHaveText('1');
  await expect.poll(() => liveLanes(page)).toEqual(['cpu0']);
  // Live limits are shown on the controls: one GPU lane at most.
  await page.getByLabel('Add GPU lane').click();
  await expect(page.getByTestId('lanes-gpu')).toHaveText('1');
  await expect(page.getByLabel('Add GPU lane')).toBeDisabled();
  await expect.poll(() => liveLanes(page)).toEqual(['gpu0', 'cpu0']);

  // Back to simulated: the simulation gets its own rate and lanes back.
  await page.getByLabel('Mode', { exact: true }).selectOption('simulated');
  await page.waitForFunction(() => window.__schedlab!.live() === null);
  await expect(page.getByTestId('lanes-gpu')).toHaveText('0');
  await expect(page.getByTestId('lanes-cpu')).toHaveText('2');
  await expect.poll(() => page.evaluate(() => window.__schedlab!.snapshot()!.rate)).toBe(200);
});

// The check at each size a newcomer meets it: a laptop, a 1280x720 projector and a phone.
for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('Check the simulation replays a live run, overlays the predicted and measured latency CDFs, and says whether the simulation is usable here', async ({
      page,
    }) => {
      await openLive(page, '?gpu=0&cpu=2');
      // The light pretrained models only (ResNet-18 off): a short run serves enough jobs.
      const resnet = page.getByLabel('ResNet-18');
      await resnet.fill('0');
      await resnet.press('Enter');
      await expect
        .poll(
          () =>
            page.evaluate(
              () => window.__schedlab!.live()?.lanes.every((l) => l.health === 'ready') ?? false,
            ),
          { timeout: 120_000 },
        )
        .toBe(true);
      const slider = page.getByLabel('Arrival rate');
      await slider.focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('PageUp');
      await expect
        .poll(() => page.evaluate(() => window.__schedlab!.snapshot()!.ledger.completed), {
          timeout: 180_000,
        })
        .toBeGreaterThanOrEqual(60);

      // The per-lane predictor panel compares its estimates with the measured service times.
      await expect(page.getByTestId('live-lane-cpu0-predictor')).toContainText(/running error/);

      await page.getByRole('button', { name: 'Check the simulation' }).click();
      await expect(page.getByTestId('sim-check-summary')).toBeVisible({ timeout: 180_000 });
      const result = await page.evaluate(() => window.__schedlab!.simCheck());
      expect(result).not.toBeNull();
      const check = result!;
      const l = await ledger(page);
      expect(balanced(l)).toBe(true);
      // The simulation replayed exactly the live run's arrivals.
      expect(check.arrivalsIdentical).toBe(true);
      expect(check.arrived).toBe(l.arrived);
      expect(check.jobs).toBeGreaterThanOrEqual(60);
      // Both CDFs, for all jobs: ascending latencies, measured and predicted.
      const all = check.classes.find((c) => c.cls === 'all')!;
      for (const curve of [all.measuredCurve, all.predictedCurve]) {
        expect(curve.length).toBeGreaterThan(10);
        expect(curve.every((v, i) => v > 0 && (i === 0 || v >= curve[i - 1]!))).toBe(true);
      }
      const p50 = all.rows.find((r) => r.metric === 'p50')!;
      console.log(
        `check: ${check.jobs} jobs, p50 measured ${p50.measured.toFixed(1)} ms, predicted ${p50.predicted.toFixed(1)} ms (${p50.errorPct.toFixed(1)} %)`,
      );
      expect(Number.isFinite(p50.errorPct)).toBe(true);
      // Drift, as npm run validate measures it: the lanes timed at the run's start (before its
      // clock ran) and at the check, alone and together; a drift-corrected prediction beside each
      // error.
      expect(check.driftProblem).toBeUndefined();
      const drift = check.drift!;
      for (const k of ['alone', 'together'] as const) {
        for (const v of [drift[k].startPct, drift[k].endPct, drift[k].runPct, drift[k].factor]) {
          expect(Number.isFinite(v)).toBe(true);
        }
      }
      expect(Number.isFinite(p50.correctedErrorPct!)).toBe(true);
      console.log(
        `drift: together ${drift.together.startPct.toFixed(1)} % at the start, ${drift.together.endPct.toFixed(1)} % at the check; corrected p50 error ${p50.correctedErrorPct!.toFixed(1)} %`,
      );
      await expect(page.getByTestId('sim-check-drift')).toContainText(/Drift \(how much slower/);
      await expect(page.getByTestId('sim-check-drift')).toContainText(/×\d\.\d\d/);
      // The page shows the overlay and the per-percentile errors.
      await expect(page.getByTestId('chart-sim-check')).toBeVisible();
      const row = page.locator(
        '[data-testid="sim-check-table"] tr[data-class="all"][data-metric="p99"]',
      );
      await expect(row).toContainText(/%|×/);
      // It says whether the simulation is usable here and, if not, what most likely makes it disagree.
      const verdict = page.getByTestId('sim-check-verdict');
      await expect(verdict).toContainText(
        /The simulation is (a usable guide here|not a good guide here yet)/,
      );
      if ((await verdict.getAttribute('data-usable')) === 'false') {
        await expect(verdict).toContainText('Likely why:');
      }
      // The table is the page's one table: the chart draws the curves only.
      await page.waitForFunction(() => window.__schedlab!.chartText('sim-check') !== null);
      const drawn = await page.evaluate(() => window.__schedlab!.chartText('sim-check')!.labels);
      expect(drawn.map((l) => l.text)).not.toContain('error');
      // Read at this size: the verdict, the table and the chart inside the page's width, the chart's
      // labels apart (issue 20, defect 17 at each viewport).
      await verdict.scrollIntoViewIfNeeded();
      await expect(verdict).toBeInViewport();
      const width = page.viewportSize()!.width;
      for (const part of [
        verdict,
        page.getByTestId('sim-check-drift'),
        page.getByTestId('sim-check-table'),
        page.getByTestId('chart-sim-check'),
      ]) {
        const box = (await part.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      const labels = await chartLabels(page, 'sim-check');
      expect(labels.overlaps).toEqual([]);
      expect(labels.outside).toEqual([]);
      // A new run drops the check: it belonged to the run it checked.
      await page.getByRole('button', { name: 'Reset' }).click();
      await expect(page.getByTestId('sim-check-summary')).toBeHidden();
    });
  });
}
