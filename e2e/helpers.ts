// Shared browser-test helpers: every wait is on the app's own signals (window.__schedlab), never
// on a sleep.

import { expect, type Page } from '@playwright/test';
import { rateToPosition } from '../app/components/rate-scale.ts';

export interface OpenOptions {
  /** Open "More settings" (lanes, batching, seed, compare, export and import...). */
  more?: boolean;
  /** Show the dashboard (the Gantt chart and every other chart), as a returning user who chose it. */
  dashboard?: boolean;
}

export async function openApp(page: Page, query = '', options: OpenOptions = {}): Promise<void> {
  if (options.dashboard) {
    await page.addInitScript(() => localStorage.setItem('schedlab-dashboard', '1'));
  }
  await page.goto(`/${query}`);
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  if (options.more) await openMore(page);
}

/** Open "More settings" if it is closed. */
export async function openMore(page: Page): Promise<void> {
  const more = page.getByRole('button', { name: /^More settings/ });
  if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
}

export type Snapshot = NonNullable<ReturnType<NonNullable<Window['__schedlab']>['snapshot']>>;

export function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => window.__schedlab!.snapshot()!);
}

/** Wait until the engine clock passes `ms` (simulated). */
export async function waitSimTime(page: Page, ms: number): Promise<Snapshot> {
  await page.waitForFunction((t) => (window.__schedlab!.snapshot()?.time ?? 0) > t, ms, {
    timeout: 90_000,
  });
  return snapshot(page);
}

export const RATE = { min: 1, max: 20_000 };
/** What the default lanes (1 GPU + 2 CPU) serve of the default mix, jobs/s. */
export const DEFAULT_CAPACITY = (1000 / ((8 + 20 + 30) / 3)) * 6;

/** The Arrival rate slider's position (0..1000) for a rate, on lanes of `capacity` jobs/s. */
export function sliderPosition(rate: number, capacity = DEFAULT_CAPACITY): string {
  return String(rateToPosition(rate, { ...RATE, capacity }));
}

/** A policy that freezes the engine worker in a regular expression that backtracks for ever (the
 * watchdog replaces the worker). */
export const FREEZER = [
  'export default {',
  '  name: "freezer",',
  '  decide() {',
  "    /(a+)+$/.test('a'.repeat(40) + 'b');",
  '    return null;',
  '  },',
  '};',
].join('\n');

/** Replace the editor's text by typing (insertText: as a paste would, without auto-indent). */
export async function typePolicy(page: Page, source: string): Promise<void> {
  const content = page.locator('[data-testid="policy-editor"] .cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(source);
  await expect(content).toContainText(source.split('\n')[0]!);
}
