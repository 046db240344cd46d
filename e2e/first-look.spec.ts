// The first minute, as a newcomer meets the page: dist/ on a plain static server under a sub-path,
// at 1440x900, 1280x720 (a projector) and 390x844 (a phone). At each size: the drawn queue and the
// narration are on the first screen, nothing is wider than the screen or clipped, and dragging the
// rate past capacity makes the page say that arrivals are being turned away and how many; and a
// lesson is completed with its text and Next in view at every step, its predictions judged, and
// closing it gives the person their own run back.

import { expect, test, type Page } from '@playwright/test';
import { hostedSite, VIEWPORTS } from './site-helpers.ts';

const site = hostedSite();

/** Whether `locator`'s box lies within the viewport, top to bottom. */
async function inView(page: Page, selector: ReturnType<Page['locator']>): Promise<boolean> {
  const box = await selector.boundingBox();
  const vh = page.viewportSize()!.height;
  return box !== null && box.y >= 0 && box.y + box.height <= vh + 0.5;
}

/** Buttons on screen whose label does not fit their box. */
function clippedButtons(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a.btn, label.btn')]
      .filter((b) => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
      .map((b) => b.textContent?.trim() ?? ''),
  );
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('the drawn queue and the narration come first; past capacity the page says arrivals are turned away, and how many', async ({
      page,
    }) => {
      await site.open(page, '?speed=10');
      const picture = page.getByTestId('queue-view');
      const narration = page.getByTestId('narration');
      await expect(narration).toContainText('jobs/s arrive');
      // On the first screen: the sentence whole, the picture at least half of it.
      expect(await inView(page, narration)).toBe(true);
      const box = (await picture.boundingBox())!;
      expect(box.y + box.height / 2).toBeLessThan(viewport.height);
      await page.waitForFunction(() => window.__schedlab!.queueView().paints > 5);
      // Nothing wider than the screen, no button whose label does not fit.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      expect(await clippedButtons(page)).toEqual([]);

      // Past capacity: 1,000 jobs/s on lanes that serve ~310.
      const exact = page.getByLabel('Exact rate (jobs/s)');
      await exact.fill('1000');
      await exact.press('Enter');
      await expect(page.getByTestId('load-hint')).toContainText('322 % load');
      await expect(narration).toHaveAttribute('data-kind', 'overload');
      await expect(narration).toContainText(/the line grows by about \d+ jobs a second/);
      // At 10x the line (20,000) is full within a few seconds: arrivals are turned away.
      await expect(narration).toHaveAttribute('data-kind', 'turning-away', { timeout: 60_000 });
      await expect(narration).toContainText(
        /about [\d.,k]+ arrivals a second are turned away, [\d,]+ so far/,
      );
      const turned = Number(
        (await page.getByTestId('figure-turned-away').textContent())!.replace(/,/g, ''),
      );
      expect(turned).toBeGreaterThan(0);
      // The picture shows it: the line full, the bin counting, dots falling into it.
      await page.waitForFunction(() => window.__schedlab!.queueView().turnedDots > 0);
      const drawn = await page.evaluate(() => window.__schedlab!.chartText('queue')!);
      const labels = drawn.labels.map((l) => l.text).join(' | ');
      expect(labels).toContain('FULL');
      expect(labels).toMatch(/turned away: [\d,]+/);
      // Back under capacity, the backlog drains and the page says when it clears.
      await exact.fill('100');
      await exact.press('Enter');
      await expect(narration).toHaveAttribute('data-kind', 'draining', { timeout: 60_000 });
      await expect(narration).toContainText(
        /A backlog of [\d,]+ jobs is draining at about [\d.,k]+ a second: clear in about .+ at 10× speed\)/,
      );
      // Every job still accounted for.
      const l = await page.evaluate(() => window.__schedlab!.snapshot()!.ledger);
      expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    });

    test("a lesson completed with its text and Next in view at every step; closing it gives back the person's own run", async ({
      page,
    }) => {
      test.setTimeout(180_000);
      // The person's own settings before the lesson.
      await site.open(page, '?rate=123&seed=42&speed=2');
      await page.getByRole('button', { name: 'Lessons' }).click();
      const player = page.getByRole('region', { name: 'Lesson player' });
      await expect(player).toBeVisible();
      expect(await inView(page, player.getByRole('button', { name: /^Start lesson 1:/ }))).toBe(
        true,
      );
      await player.getByRole('button', { name: /^Start lesson 1: Little's law/ }).click();

      const title = player.getByTestId('lesson-step-title');
      const next = player.getByRole('button', { name: /^(Next|Finish lesson)$/ });
      const expectInView = async (what: string): Promise<void> => {
        expect(await inView(page, title), `${what}: the step's title`).toBe(true);
        expect(await inView(page, next), `${what}: Next`).toBe(true);
      };

      // Step 1: predict a number; the step's text, its Next, and then its reveal stay in view.
      await expect(title).toHaveText('How many jobs are in the system?');
      await expect(page.locator('[data-lesson-target="Live figures"]')).toBeVisible();
      await expectInView('step 1');
      await player.getByLabel(/Predict: On average, how many jobs/).fill('3');
      await player.getByRole('button', { name: 'Lock in my prediction' }).click();
      await expect(player.getByTestId('lesson-reveal')).toBeVisible({ timeout: 90_000 });
      await expectInView('step 1 revealed');
      await expect(player.getByTestId('lesson-verdict')).toContainText(/The run gave|Close/);
      await expect(player.getByTestId('lesson-reveal')).not.toContainText('jobs jobs');
      await next.click();

      // Step 2: a choice, judged against this run.
      await expect(title).toHaveText('At a higher load');
      await expectInView('step 2');
      await player.getByRole('radio', { name: 'still hold' }).check();
      await player.getByRole('button', { name: 'Lock in my prediction' }).click();
      await expect(player.getByTestId('lesson-reveal')).toBeVisible({ timeout: 90_000 });
      await expectInView('step 2 revealed');
      await expect(player.getByTestId('lesson-verdict')).toHaveAttribute('data-right', 'true');
      const claims = player
        .getByRole('list', { name: 'Claims checked against this run' })
        .getByRole('listitem');
      for (const c of await claims.all()) await expect(c).toHaveAttribute('data-holds', 'true');
      await next.click();
      await expect(player.getByTestId('progress-littles-law')).toHaveText('✓ done');

      // Closing the player gives back the person's own settings and run.
      await player.getByRole('button', { name: 'Close lessons' }).click();
      await expect(player).toHaveCount(0);
      await page.waitForFunction(() => window.__schedlab!.snapshot()!.rate === 123);
      const url = new URL(page.url());
      expect(url.searchParams.get('rate')).toBe('123');
      expect(url.searchParams.get('seed')).toBe('42');
      expect(url.searchParams.get('lesson')).toBeNull();
      await expect(page.getByLabel('Exact rate (jobs/s)')).toHaveValue('123');
    });
  });
}
