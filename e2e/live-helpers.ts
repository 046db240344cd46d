// Helpers shared by the live-mode browser tests: start a live run through the page's probe, and
// read and check the job ledger.

import { expect, type Page } from '@playwright/test';
import type { ConfigInput } from '../src/engine/config.ts';
import type { Ledger } from '../src/engine/engine.ts';
import type { LiveOptions } from '../src/workers/lanes/lane-protocol.ts';

/** Reset the engine into a live run of `config` on real lanes, playing at wall-clock speed. */
export async function startLive(page: Page, config: ConfigInput, live: LiveOptions): Promise<void> {
  const result = await page.evaluate(
    async ({ config, live }) =>
      (await window.__schedlab!.engine()).reset(config, {
        mode: 'live',
        speed: 1,
        playing: true,
        live,
      }),
    { config, live },
  );
  expect(result).toMatchObject({ ok: true });
}

export function balanced(l: Ledger): boolean {
  return l.arrived === l.completed + l.rejected + l.dropped + l.queued + l.running;
}

/** The ledger of the page's latest frame. */
export async function ledger(page: Page): Promise<Ledger> {
  return page.evaluate(() => window.__schedlab!.snapshot()!.ledger);
}
