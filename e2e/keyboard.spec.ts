// Keyboard use: the first Tab offers a skip link straight to Arrival rate, Space plays and pauses
// even while the slider has focus, every control (More settings and the dashboard open) is reachable
// with Tab and shows a focus ring, and the Gantt chart pans, zooms and follows the clock from the
// keyboard, its time axis starting at 0 s.

import { expect, test } from '@playwright/test';
import { openApp, openMore } from './helpers.ts';

test('the first Tab skips to Arrival rate, and Space plays and pauses from the slider', async ({
  page,
}) => {
  await openApp(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to Arrival rate' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Arrival rate')).toBeFocused();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.playing === false);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.playing === true);
  // The arrow keys still move the slider: 1 % of what the lanes serve per press.
  const before = await page.evaluate(() => window.__schedlab!.snapshot()!.rate);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((r) => window.__schedlab!.snapshot()!.rate > r, before);
});

test('Tab reaches every control, each with a visible focus ring, including the Gantt chart', async ({
  page,
}) => {
  await openApp(page, '', { dashboard: true });
  await openMore(page);
  await page.locator('h1').click();
  const seen: string[] = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      // A hidden file input shows its ring on its label (the visible button).
      const shown =
        el instanceof HTMLInputElement && el.type === 'file'
          ? (document.querySelector<HTMLElement>(`label[for="${el.id}"]`) ?? el)
          : el;
      const style = getComputedStyle(shown);
      return {
        name: shown.getAttribute('aria-label') || shown.textContent?.trim() || el.id,
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (focus === null) break;
    expect(focus.ring, `focus ring on "${focus.name}"`).toBe(true);
    seen.push(focus.name);
  }
  for (const name of [
    'Pause',
    'Step',
    'Reset',
    'Failover',
    'Share',
    'Add Backup GPU lane',
    'Fail gpu0',
    'Calibrate',
  ]) {
    expect(seen).toContain(name);
  }
  expect(seen.some((n) => n.startsWith('Lane Gantt chart'))).toBe(true);
  expect(seen).toContain('Import config or trace…');
});

test('the focused Gantt chart pans with the arrow keys and follows the clock again with F', async ({
  page,
}) => {
  await openApp(page, '', { dashboard: true });
  const chart = page.getByTestId('chart-gantt');
  const followButton = page.getByRole('button', { name: /^Follow/ });
  // From the start, the time axis begins at 0 s, not before the run.
  await page.waitForFunction(() => window.__schedlab!.gantt().paints > 2);
  expect(await page.evaluate(() => window.__schedlab!.gantt().axisStartMs)).toBeGreaterThanOrEqual(
    0,
  );
  await chart.focus();
  await expect(followButton).toHaveText('Following');
  await page.keyboard.press('+');
  await expect(followButton).toHaveText('Following');
  await page.keyboard.press('ArrowLeft');
  await expect(followButton).toHaveText('Follow');
  await page.keyboard.press('f');
  await expect(followButton).toHaveText('Following');
});
