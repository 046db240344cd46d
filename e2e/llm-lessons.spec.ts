// An LLM lesson in the browser, against the built page: static against continuous batching, played
// with the keyboard alone. The player switches the page to LLM serving mode and sets up its run; the
// learner predicts with the arrow keys, switches the LLM Scheduler select from the keyboard (the
// learner's own action, live), and the reveal shows this run's figures with every claim holding.
// Closing the player puts the page back in the request mode it was in. Waits are on the player's
// own status, never on sleeps.

import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers.ts';

const player = (page: Page) => page.getByRole('region', { name: 'Lesson player' });

function lesson(page: Page) {
  return page.evaluate(() => window.__schedlab!.lesson());
}

async function revealed(page: Page): Promise<void> {
  await expect(player(page).getByTestId('lesson-reveal')).toBeVisible({ timeout: 120_000 });
}

test('the continuous-batching LLM lesson, played with the keyboard alone', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await expect(page.getByTestId('mode-requests')).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Lessons' }).focus();
  await page.keyboard.press('Enter');
  const start = player(page).getByRole('button', {
    name: /^Start lesson 10: LLM: static against continuous batching/,
  });
  await start.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/lesson=llm-continuous-batching&step=1/);
  // The step's run is in LLM serving mode, with the lesson's scheduler in the page's control.
  await expect(page.getByTestId('mode-llm')).toHaveAttribute('aria-pressed', 'true');
  const scheduler = page.getByTestId('llm-controls').getByLabel('Scheduler', { exact: true });
  await expect(scheduler).toHaveValue('static');

  // Step 1: a choice prediction by arrow keys, then the run.
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('Static batching');
  await player(page).getByRole('radio', { name: 'yes' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(player(page).getByRole('radio', { name: 'no: requests queue' })).toBeChecked();
  await player(page).getByRole('button', { name: 'Lock in my prediction' }).focus();
  await page.keyboard.press('Enter');
  await revealed(page);
  const s1 = await lesson(page);
  expect(s1.figures['static_waiting']).toBeGreaterThan(10);
  await expect(player(page).getByTestId('lesson-verdict')).toContainText('Right');
  const next = player(page).getByRole('button', { name: 'Next' });
  await next.focus();
  await page.keyboard.press('Enter');

  // Step 2: the learner switches Scheduler to continuous from the keyboard.
  await expect(player(page).getByTestId('lesson-step-title')).toHaveText('Continuous batching');
  await expect(player(page).getByTestId('lesson-status')).toContainText(
    'switch Scheduler to continuous',
  );
  await scheduler.focus();
  await page.keyboard.press('ArrowDown');
  await expect(scheduler).toHaveValue('continuous');
  await revealed(page);
  const s2 = await lesson(page);
  expect(s2.figures['cont_good']!).toBeGreaterThan(2 * s2.figures['static_good']!);
  const claims = player(page)
    .getByRole('list', { name: 'Claims checked against this run' })
    .getByRole('listitem');
  await expect(claims).toHaveCount(3);
  for (const c of await claims.all()) await expect(c).toHaveAttribute('data-holds', 'true');
  // The reveal prints this run's figures.
  await expect(player(page).getByTestId('lesson-reveal')).toContainText(
    `Goodput ${s2.figures['cont_good']!.toFixed(2)} req/s`,
  );
  const finish = player(page).getByRole('button', { name: 'Finish lesson' });
  await finish.focus();
  await page.keyboard.press('Enter');
  await expect(player(page).getByTestId('progress-llm-continuous-batching')).toHaveText('✓ done');

  // Closing the player gives back the request mode.
  await page.getByRole('button', { name: 'Close lessons' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('mode-requests')).toHaveAttribute('aria-pressed', 'true');
});

for (const [width, height] of [
  [1440, 900],
  [1280, 720],
  [390, 844],
] as const) {
  test(`an LLM lesson step opened from its link stays readable and in view at ${width}x${height}`, async ({
    page,
  }, info) => {
    await page.setViewportSize({ width, height });
    await openApp(page, '?lesson=llm-kv-paging&step=2');
    await expect(page.getByTestId('mode-llm')).toHaveAttribute('aria-pressed', 'true');
    await expect(player(page).getByTestId('lesson-step-title')).toHaveText(
      'Reserving the maximum length',
    );
    // LLM serving mode's targets are on the page (lessons point at them).
    // (The LLM view is a lazy chunk: its charts mount a moment after the mode switch.)
    for (const t of ['KV-cache block map', 'Step Gantt', 'LLM headline numbers'])
      await expect
        .poll(async () => (await page.evaluate(() => window.__schedlab!.lessonTargets()))[t], {
          message: t,
        })
        .toBe(true);
    // The step set up its run: the engine settings show its KV blocks and max_num_seqs.
    const engine = page.getByTestId('llm-engine-settings');
    await expect(engine.getByLabel('KV blocks per replica', { exact: true })).toHaveValue('2048');
    await expect(engine.getByLabel('max_num_seqs', { exact: true })).toHaveValue('8');
    // The step's title and the way on (Back, Next) are on screen, inside the viewport; on a wide
    // screen the question too (a phone's sheet scrolls to it).
    const lock = player(page).getByRole('button', { name: 'Lock in my prediction' });
    for (const el of [
      player(page).getByTestId('lesson-step-title'),
      player(page).getByRole('navigation', { name: 'Lesson steps' }),
      ...(width > 1000 ? [lock] : []),
    ]) {
      await expect(el).toBeInViewport();
      const box = (await el.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
    }
    // Text at a readable size.
    const size = await player(page)
      .getByTestId('lesson-step-title')
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(14);
    await lock.scrollIntoViewIfNeeded();
    await expect(lock).toBeInViewport();
    await page.screenshot({ path: info.outputPath(`llm-lesson-${width}x${height}.png`) });
  });
}
