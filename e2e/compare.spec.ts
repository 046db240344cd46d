// Compare mode, driven through its labelled controls: A and B on one clock and the same arrivals,
// each side's scheduler switched live without touching the other, a setting made to differ on B
// alone, the verdict over extra seeds, a link that reproduces the comparison, and exports of both
// sides.

import { readFile } from 'node:fs/promises';
import { csvParse } from 'd3-dsv';
import { expect, test, type Page } from '@playwright/test';
import { openApp, openMore } from './helpers.ts';

type Compare = NonNullable<ReturnType<NonNullable<Window['__schedlab']>['compare']>>;

function compare(page: Page): Promise<Compare | null> {
  return page.evaluate(() => window.__schedlab!.compare());
}

/** Wait until both sides' shared clock passes `ms` (simulated). */
async function waitBoth(page: Page, ms: number): Promise<Compare> {
  await page.waitForFunction((t) => (window.__schedlab!.compare()?.a.time ?? 0) > t, ms, {
    timeout: 90_000,
  });
  return (await compare(page))!;
}

test('compare mode runs A and B on the same requests, switched and edited per side', async ({
  page,
}) => {
  await openApp(page, '?speed=10&rate=300&ir=0.3', { more: true });
  await page.getByLabel('Compare A and B side by side').check();
  await expect(page.getByLabel('Scheduler A')).toHaveValue('fifo');
  await expect(page.getByLabel('Scheduler B')).toHaveValue('priority_slo');
  await expect(page.getByTestId('differs-scheduler')).toContainText('fifo → priority_slo');
  await expect(page).toHaveURL(/cmp=1/);
  await expect(page).toHaveURL(/b\.sched=priority_slo/);

  // One clock, the same arrivals: both sides read, and they agree on what arrived.
  let c = await waitBoth(page, 3_000);
  expect(c.b.time).toBe(c.a.time);
  expect(c.b.ledger.arrived).toBe(c.a.ledger.arrived);
  expect(c.a.scheduler).toBe('fifo');
  expect(c.b.scheduler).toBe('priority_slo');
  await expect(page.getByTestId('side-title-a')).toHaveText('A · fifo');
  await expect(page.getByTestId('side-title-b')).toHaveText('B · priority_slo');
  await expect(page.getByTestId('figure-completed')).not.toHaveText('–');
  await expect(page.getByTestId('figure-b-completed')).not.toHaveText('–');
  await page.waitForFunction(() => (window.__schedlab!.compare()?.pairs ?? 0) > 20);
  expect((await page.evaluate(() => window.__schedlab!.gantt())).sections).toBe(2);

  // The verdict comes from extra seeds in the background.
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-status', 'ready', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('verdict-headline')).toContainText('over 10 seeds');
  await expect(page.getByTestId('verdict-headline')).toContainText('interactive p99');
  // Interactive first helps interactive jobs at the batch jobs' cost: the sentence says both ways.
  await expect(page.getByTestId('verdict-headline')).toContainText(
    /, but |; nothing measured got clearly worse/,
  );
  // Its terms explain themselves on a tap.
  const ci = page.getByTestId('verdict').getByTestId('term-ci');
  await ci.getByRole('button').click();
  await expect(ci.getByRole('tooltip')).toContainText('cannot tell A and B apart');
  await page.keyboard.press('Escape');

  // B's scheduler switches live; A keeps its own.
  const before = await compare(page);
  await page.getByLabel('Scheduler B').selectOption('edf');
  await page.waitForFunction(() => window.__schedlab!.compare()?.b.scheduler === 'edf');
  c = (await compare(page))!;
  expect(c.a.scheduler).toBe('fifo');
  // The same run went on (no restart): A's clock kept moving from where it was.
  expect(c.a.time).toBeGreaterThanOrEqual(before!.a.time);
  await expect(page).toHaveURL(/b\.sched=edf/);

  // A setting made to differ on B alone: one more GPU lane, and a fresh run of both sides.
  await page.getByLabel('B only').check();
  await expect(page.getByTestId('editing-side')).toContainText('side B only');
  await page.getByRole('button', { name: 'Add GPU lane' }).click();
  await expect(page.getByTestId('differs-gpuLanes')).toContainText('GPU lanes: 1 → 2');
  await expect(page.getByTestId('lanes-gpu')).toHaveText('2');
  await page.getByLabel('Both sides').check();
  await expect(page.getByTestId('lanes-gpu')).toHaveText('1');
  await page.waitForFunction(() => {
    const x = window.__schedlab!.compare();
    return x !== null && x.b.time > 500 && x.a.time === x.b.time;
  });
  await expect(page).toHaveURL(/b\.gpu=2/);

  // The link reproduces the comparison.
  await page.reload();
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  await expect(page.getByLabel('Compare A and B side by side')).toBeChecked();
  await expect(page.getByLabel('Scheduler B')).toHaveValue('edf');
  await expect(page.getByTestId('differs-gpuLanes')).toBeVisible();
  c = await waitBoth(page, 1_000);
  expect(c.b.scheduler).toBe('edf');

  // Make B like A again in its lanes (the chip's ×), then pause and export both sides.
  await page.getByRole('button', { name: "Make B's GPU lanes match A" }).click();
  await expect(page.getByTestId('differs-gpuLanes')).toHaveCount(0);
  await waitBoth(page, 2_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.playing === false);
  c = (await compare(page))!;
  await openMore(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Trace CSV' }).click();
  const rows = csvParse(await readFile(await (await download).path(), 'utf8'));
  expect(rows.columns[0]).toBe('side');
  const ended = (l: Compare['a']['ledger']) => l.completed + l.rejected + l.dropped;
  expect(rows.filter((r) => r['side'] === 'a').length).toBe(ended(c.a.ledger));
  expect(rows.filter((r) => r['side'] === 'b').length).toBe(ended(c.b.ledger));
  await expect(page.getByTestId('export-status')).toContainText('of A and B');
});

test('unticking compare goes back to one run; a bad side-B link names the parameter', async ({
  page,
}) => {
  await openApp(page, '?cmp=1&b.sched=edf&speed=5');
  await expect(page.getByLabel('Scheduler B')).toHaveValue('edf');
  await page.getByLabel('Compare A and B side by side').uncheck();
  await expect(page.getByLabel('Scheduler', { exact: true })).toBeVisible();
  await page.waitForFunction(() => window.__schedlab!.compare() === null);
  await expect(page).not.toHaveURL(/cmp=1/);

  await openApp(page, '?cmp=1&b.sched=nope');
  await expect(page.getByTestId('notice')).toContainText('b.sched=nope: not a scheduler');
  await expect(page.getByLabel('Compare A and B side by side')).not.toBeChecked();

  // Read as strictly as A's parameters: a repeat, a hex number, and A's own problem in one list.
  await openApp(page, '?rate=x&cmp=1&b.sched=edf&b.sched=fifo&b.gpu=0x2');
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('rate=x: not a number');
  await expect(notice).toContainText('"b.sched" is given 2 times (b.sched=edf, b.sched=fifo)');
  await expect(notice).toContainText('b.gpu=0x2: not a number');
  await expect(page.getByLabel('Compare A and B side by side')).not.toBeChecked();
});

test('every compare control is reachable by keyboard, with a visible focus ring', async ({
  page,
}) => {
  await openApp(page, '?cmp=1&b.sched=edf&b.gpu=2&speed=5');
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : el.closest('label');
      return {
        name:
          el.getAttribute('aria-label') ||
          label?.textContent?.trim() ||
          el.textContent?.trim() ||
          el.id,
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (focus === null) break;
    expect(focus.ring, `focus ring on "${focus.name}"`).toBe(true);
    seen.push(focus.name);
  }
  for (const name of [
    'Compare A and B side by side',
    'Scheduler A',
    'Scheduler B',
    "Make B's scheduler match A",
    "Make B's GPU lanes match A",
  ]) {
    expect(seen.some((n) => n.includes(name))).toBe(true);
  }
  // The radio group takes one Tab stop; arrow keys move within it.
  expect(seen.some((n) => n === 'Both sides')).toBe(true);
  await page.getByLabel('Both sides').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('A only')).toBeChecked();
  await expect(page.getByTestId('editing-side')).toContainText('side A only');
});

test("a policy written in the editor runs on side B against A's built-in", async ({ page }) => {
  await openApp(page, '?cmp=1&b.sched=edf&speed=10&rate=250');
  await page.getByRole('button', { name: 'Write your own policy…' }).click();
  const content = page.locator('[data-testid="policy-editor"] .cm-content');
  await expect(content).toBeVisible();
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(
    [
      'export default {',
      '  name: "typed-fifo",',
      '  decide({ queue, lanes }) {',
      '    const lane = lanes.find((l) => l.available);',
      '    return lane ? { job: queue[0], lane } : null;',
      '  },',
      '};',
    ].join('\n'),
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => window.__schedlab!.compare()?.b.scheduler === 'typed-fifo');
  await expect(page.getByTestId('policy-running')).toContainText('on side B instead of edf');
  const c = await waitBoth(page, 3_000);
  expect(c.a.scheduler).toBe('fifo');
  expect(c.b.scheduler).toBe('typed-fifo');
  await expect(page.getByTestId('side-title-b')).toHaveText('B · typed-fifo');
  // Back to B's built-in; A never changed.
  await page.getByRole('button', { name: 'Back to edf' }).click();
  await page.waitForFunction(() => window.__schedlab!.compare()?.b.scheduler === 'edf');
  expect((await compare(page))!.a.scheduler).toBe('fifo');
});
