// Issue 19: a hostile policy cannot hurt the runs after it. A policy that pollutes the engine
// worker's built-ins, schedules a loop for after its decision and throws a Proxy whose traps throw,
// and then a policy that freezes the worker in a regular expression that backtracks for ever: after
// each, the page's next run on a built-in scheduler is identical, figure for figure, to the same
// run on a fresh page. The frozen worker is noticed by the watchdog, replaced, the run restored on
// the built-in scheduler, and the page says what happened.

import { expect, test, type Page } from '@playwright/test';
import { FREEZER, openApp, snapshot, waitSimTime } from './helpers.ts';

const QUERY = '?rate=300&speed=20&seed=19';

/** Pause, Reset (the page's own path to a fresh run), then 3,000 engine events: the summary. */
async function builtInRun(page: Page): Promise<string> {
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.isEnabled()) await pause.click();
  const before = (await snapshot(page)).runId;
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.waitForFunction((id) => {
    const s = window.__schedlab!.snapshot();
    return s !== null && s.runId !== id && s.time === 0;
  }, before);
  return page.evaluate(async () => {
    const api = await window.__schedlab!.engine();
    for (let i = 0; i < 3000; i++) await api.step();
    const s = await api.summary();
    return JSON.stringify(s);
  });
}

async function runPolicy(page: Page, source: string): Promise<void> {
  const content = page.locator('[data-testid="policy-editor"] .cm-content');
  if (!(await content.isVisible())) {
    await page.getByRole('button', { name: 'Write your own policy…' }).click();
  }
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(source);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
}

const POLLUTER = [
  'export default {',
  '  name: "polluter",',
  '  decide(ctx) {',
  '    Array.prototype.sort = function () { return this; };',
  '    Object.prototype.hostile = 1;',
  '    Promise.resolve().then(() => { for (;;) {} });',
  '    if (ctx.queue.length > 2) throw new Proxy({}, { getPrototypeOf() { throw 1; }, get() { throw 2; } });',
  '    const lane = ctx.lanes.find((l) => l.available);',
  '    return lane ? { job: ctx.queue[0], lane } : null;',
  '  },',
  '};',
].join('\n');

test('after a hostile policy, the next built-in run is identical to a run on a fresh page', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const fresh = await browser.newPage();
  await openApp(fresh, QUERY);
  const reference = await builtInRun(fresh);
  await fresh.close();
  expect(JSON.parse(reference).ledger.arrived).toBeGreaterThan(100);

  await openApp(page, QUERY);
  // A policy that pollutes the worker's built-ins, leaves a loop behind and throws exotic values.
  await runPolicy(page, POLLUTER);
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.scheduler === 'polluter');
  const at = (await snapshot(page)).time;
  await waitSimTime(page, at + 2000);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  expect(await builtInRun(page)).toBe(reference);

  // A policy that freezes the worker: the watchdog replaces it and restores the run.
  await runPolicy(page, FREEZER);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByText('The engine stopped answering and was replaced')).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('notice')).toContainText(
    'on the built-in scheduler fifo; freezer is still in the editor',
  );
  // The restored run moves on the built-in scheduler (playing already, or paused with a Play button:
  // count() does not wait for a button that is not there).
  const play = page.getByRole('button', { name: 'Play', exact: true });
  if ((await play.count()) > 0) await play.click();
  const restored = await snapshot(page);
  const moved = await waitSimTime(page, restored.time + 1000);
  expect(moved.scheduler).toBe('fifo');
  expect(await builtInRun(page)).toBe(reference);
});
