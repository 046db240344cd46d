// Keyboard use: every control is reachable with Tab and shows a focus ring, and the Gantt chart
// pans, zooms and follows the clock from the keyboard.

import { expect, test } from '@playwright/test';
import { openApp } from './helpers.ts';

test('Tab reaches every control, each with a visible focus ring, including the Gantt chart', async ({
  page,
}) => {
  await openApp(page);
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
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
  for (const name of ['Pause', 'Reset', 'Failover', 'Add Backup GPU lane', 'Fail gpu0']) {
    expect(seen).toContain(name);
  }
  expect(seen.some((n) => n.startsWith('Lane Gantt chart'))).toBe(true);
  expect(seen).toContain('Import config or trace…');
});

test('the focused Gantt chart pans with the arrow keys and follows the clock again with F', async ({
  page,
}) => {
  await openApp(page);
  const chart = page.getByTestId('chart-gantt');
  const followButton = page.getByRole('button', { name: /^Follow/ });
  await chart.focus();
  await expect(followButton).toHaveText('Following');
  await page.keyboard.press('+');
  await expect(followButton).toHaveText('Following');
  await page.keyboard.press('ArrowLeft');
  await expect(followButton).toHaveText('Follow');
  await page.keyboard.press('f');
  await expect(followButton).toHaveText('Following');
});
