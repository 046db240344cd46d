// The defects a newcomer review of the page found, each checked in the browser against dist/ on a
// plain static server under a sub-path. At each of 1440x900, 1280x720 and 390x844: every figure
// says its window; a class with no jobs reads "—" with why, never "0 ms"; terms and status pills
// explain themselves on tap; Share copies the link; schedulers have plain names; Step says what it
// did; the load hint counts a failed lane; presenter mode fits (the drawn queue on a projector's
// first screen); Calibrate's estimate and Cancel, an import's outcome and a policy run while paused
// each say what happened, in view. Exported pictures' captions and the Gantt legend at one size.
// The chart and slider defects at the three sizes: newcomer-charts.spec.ts.

import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { chartLabels } from './label-boxes.ts';
import { hostedSite, VIEWPORTS } from './site-helpers.ts';

const site = hostedSite();
const openHosted = (page: Page, query: string, dashboard = false): Promise<void> =>
  site.open(page, query, { dashboard });

async function openMore(page: Page): Promise<void> {
  const more = page.getByRole('button', { name: /^More settings/ });
  if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
}

for (const viewport of VIEWPORTS) {
  test(`at ${viewport.width}x${viewport.height} the page explains itself: windows, no "0 ms", terms on tap, Share, plain names, Step, a failed lane in the hint`, async ({
    page,
    context,
  }) => {
    test.setTimeout(150_000);
    await page.setViewportSize(viewport);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    // Strict priority under overload: the batch class starves.
    await openHosted(page, '?rate=1000&sched=priority_slo&speed=10', true);

    // Every figure says the window it covers, in one style.
    const cards = page.locator('[data-card]');
    await expect(cards).toHaveCount(7);
    for (const card of await cards.all()) await expect(card.locator('.window-tag')).toHaveCount(1);
    for (const chart of await page.locator('[data-chart]').all()) {
      await expect(chart.locator('.window-tag').first()).toBeVisible();
    }

    // No job of a class finished: "—" and why, never "0 ms" (cards and the percentile chart).
    await expect(page.getByTestId('figure-p99-batch')).toHaveText('—', { timeout: 60_000 });
    await expect(page.locator('[data-note="p99-batch"]')).toContainText('none finished');
    await expect(page.locator('[data-card]', { hasText: '0 ms' })).toHaveCount(0);
    // (A class with no job at all since the run began draws no bar and says "none": the layout's
    // unit test, app/charts/first-look.test.ts.)
    expect((await chartLabels(page, 'percentiles')).texts).not.toContain('0 ms');

    // A term explains itself on a tap, on screen.
    const term = page.getByTestId('term-p99').first();
    await term.getByRole('button').click();
    const tip = term.getByRole('tooltip');
    await expect(tip).toContainText('99 jobs in 100');
    const tipBox = (await tip.boundingBox())!;
    expect(tipBox.x).toBeGreaterThanOrEqual(0);
    expect(tipBox.x + tipBox.width).toBeLessThanOrEqual(viewport.width + 1);
    await page.keyboard.press('Escape');

    // Share copies the link and says it reproduces the run.
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByTestId('share-note')).toContainText('Link copied');
    await expect(page.getByTestId('share-note')).toContainText(
      'the same settings, seed and scheduler',
    );
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    await page.keyboard.press('Escape');

    // Schedulers by plain name, with what they do written out.
    await expect(page.getByLabel('Scheduler')).toHaveValue('priority_slo');
    await expect(page.locator('option[value="priority_slo"]')).toHaveText(
      'Interactive first (priority_slo)',
    );
    await expect(page.getByTestId('scheduler-description')).toContainText(
      'Interactive before batch',
    );
    await expect(page.getByTestId('scenario-description')).toBeVisible();

    // Step says what it did.
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => window.__schedlab!.snapshot()?.playing === false);
    await page.getByRole('button', { name: 'Step' }).click();
    await expect(page.getByTestId('run-status')).toContainText(
      /Stepped: event [\d,]+ at \d:\d\d\.\d{3}/,
    );

    // The status pills say plainly what they are, and explain on a tap.
    await openMore(page);
    await expect(page.getByTestId('status-threads')).toContainText('CPU lanes use threads');
    await page.getByTestId('explain-status-isolated').getByRole('button').click();
    await expect(page.getByTestId('explain-status-isolated').getByRole('tooltip')).toContainText(
      'several CPU threads',
    );
    await page.keyboard.press('Escape');
    // So does a setting's plain label: memory capacity says what it limits.
    const memory = page.getByTestId('info-memory');
    await memory.getByRole('button', { name: 'Explain' }).click();
    const memoryTip = memory.getByRole('tooltip');
    await expect(memoryTip).toContainText('starts only when that fits');
    await memoryTip.scrollIntoViewIfNeeded();
    await expect(memoryTip).toBeInViewport({ ratio: 1 });
    await page.keyboard.press('Escape');

    // The load hint counts what serves now: gpu0 failed, its capacity gone.
    await expect(page.getByTestId('load-hint')).toContainText('322 % load');
    await page.getByRole('button', { name: 'Fail gpu0' }).click();
    await expect(page.getByTestId('load-hint')).toContainText('(gpu0 down)');
    await expect(page.getByTestId('load-hint')).toContainText(/9\d\d % load/);
    // The narration says what the failure did (the clock is paused since Step: it stays said).
    await expect(page.getByTestId('narration')).toHaveAttribute('data-kind', 'lane-down');
    // (When, on the run's clock: past a minute on a loaded machine, where the steps above are slow.)
    await expect(page.getByTestId('narration')).toContainText(/gpu0 failed at \d+:\d\d\.\d/);
    await expect(page.getByTestId('narration')).toContainText('The lanes left serve about');
  });
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    // Presenter mode is for a projector (1280x720, or a large screen). On a phone it still works,
    // but the phone lays the lesson player out after the main area: there the drawn queue on the
    // first screen does not apply; the type still grows, the step's text and Next stay in view and
    // no label is clipped.
    test('presenter mode fits: no clipped label, the lesson in view, every text larger, the drawn queue on the first screen of a projector', async ({
      page,
    }) => {
      await openHosted(page, '?lesson=failover&step=1');
      const player = page.getByRole('region', { name: 'Lesson player' });
      await player.getByRole('button', { name: 'Presenter mode' }).click();
      await expect(page.locator('html')).toHaveClass(/presenter/);
      if (viewport.width >= 1024) {
        const box = (await page.getByTestId('queue-view').boundingBox())!;
        expect(box.y + box.height / 2).toBeLessThan(viewport.height);
        // Drawn larger: laid out for a smaller box, painted 1.3 times larger.
        expect(box.height).toBeGreaterThan(290);
      }
      await expect(player.getByTestId('lesson-step-title')).toBeInViewport();
      await expect(player.getByRole('button', { name: 'Next' })).toBeInViewport();
      const small = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>('body *')) {
          if (el.offsetParent === null || el.closest('[hidden]')) continue;
          const own = [...el.childNodes].some(
            (n) => n.nodeType === 3 && n.textContent!.trim() !== '',
          );
          if (!own) continue;
          const r = el.getBoundingClientRect();
          if (r.bottom < 0 || r.top > innerHeight) continue;
          if (parseFloat(getComputedStyle(el).fontSize) < 14)
            out.push(el.textContent!.trim().slice(0, 40));
        }
        return out;
      });
      expect(small).toEqual([]);
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('button')]
          .filter((b) => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
          .map((b) => b.textContent?.trim()),
      );
      expect(clipped).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
    });

    test('Calibrate gives an estimate and Cancel; a policy run while paused says so; an import says how it went', async ({
      page,
    }) => {
      await openHosted(page, '?speed=5');
      await openMore(page);
      await expect(page.getByTestId('calibrate-estimate')).toContainText(/It takes .*minutes/);
      await page.getByRole('button', { name: 'Calibrate' }).click();
      await expect(page.getByTestId('calibrate-progress')).toBeVisible();
      await expect(page.getByTestId('calibrate-time')).toContainText('so far');
      const cancel = page.getByTestId('calibrate').getByRole('button', { name: 'Cancel' });
      await expect(cancel).toBeInViewport();
      await cancel.click();
      await expect(page.getByText('Cancelled: nothing changed.')).toBeVisible();
      await expect(page.getByTestId('calibrate-progress')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Calibrate' })).toBeEnabled();

      // An import's outcome beside its button, where the person is looking.
      await page.getByTestId('import-input').setInputFiles({
        name: 'load.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('50 80 120 80 50\n'),
      });
      const status = page.getByTestId('export-status');
      await expect(status).toContainText('Replaying load.txt');
      await expect(status).toBeInViewport();

      // A policy run while the clock is paused says so, and plays from there.
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.waitForFunction(() => window.__schedlab!.snapshot()?.playing === false);
      await page.getByRole('button', { name: 'Write your own policy…' }).click();
      await expect(page.locator('[data-testid="policy-editor"] .cm-content')).toBeVisible();
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const paused = page.getByTestId('policy-paused');
      await expect(paused).toContainText('the clock is paused');
      await expect(paused).toBeInViewport();
      await page.getByRole('button', { name: 'Play the run' }).click();
      await page.waitForFunction(() => window.__schedlab!.snapshot()?.playing === true);
      await expect(paused).toHaveCount(0);
    });
  });
}

/** Width and height of a PNG file (its IHDR chunk). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('exported pictures carry a caption naming the run, and the Gantt chart its legend', async ({
  page,
}) => {
  await openHosted(page, '?rate=250&seed=9&speed=5', true);
  await page.waitForFunction(() => (window.__schedlab!.snapshot()?.time ?? 0) > 3_000);
  const save = async (name: string): Promise<Buffer> => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name }).click();
    return readFile(await (await download).path());
  };
  const svg = (await save('Latency CDF: save SVG')).toString('utf8');
  expect(svg).toContain('SchedLab · Latency CDF (since the run began)');
  expect(svg).toContain('scheduler fifo · 250 jobs/s · 1 GPU + 2 CPU lanes · seed 9');
  const dpr = await page.evaluate(() => devicePixelRatio);
  const cdfCanvas = (await page.getByTestId('chart-cdf').boundingBox())!;
  const png = pngSize(await save('Latency CDF: save PNG'));
  // The chart, and three caption lines under it.
  expect(png.height / dpr).toBeGreaterThan(cdfCanvas.height + 40);
  const gantt = (await page.getByTestId('chart-gantt').boundingBox())!;
  const ganttPng = pngSize(await save('Lanes: save PNG'));
  // The legend over the chart, the caption under it.
  expect(ganttPng.height / dpr).toBeGreaterThan(gantt.height + 60);
  const ganttSvg = (await save('Lanes: save SVG')).toString('utf8');
  expect(ganttSvg).toContain('failed run (lane went down; its jobs re-queued)');
  expect(ganttSvg).toContain('SchedLab · Lanes (Gantt chart)');
});
