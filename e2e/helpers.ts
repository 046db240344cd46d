// Shared browser-test helpers: every wait is on the app's own signals (window.__schedlab), never
// on a sleep.

import type { Page } from '@playwright/test';

export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await page.waitForFunction(() => window.__schedlab?.ready === true);
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

/** Slider position (0..1000) of a value on the app's log sliders. */
export function logSlider(v: number, min: number, max: number): string {
  return String(Math.round((Math.log(v / min) / Math.log(max / min)) * 1000));
}

export const RATE = { min: 1, max: 20_000 };
