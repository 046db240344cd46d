// Export, import and shared links.

import { readFile } from 'node:fs/promises';
import { csvParse } from 'd3-dsv';
import { expect, test } from '@playwright/test';
import { openApp, snapshot, waitSimTime } from './helpers.ts';

test('an exported trace CSV has one row per finished job and parses', async ({ page }) => {
  await openApp(page, '?speed=10&rate=400', { more: true });
  await waitSimTime(page, 5_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.playing === false);
  const paused = await snapshot(page);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Trace CSV' }).click();
  const file = await (await download).path();
  const rows = csvParse(await readFile(file, 'utf8'));
  const ledger = paused.ledger;
  expect(rows.length).toBe(ledger.completed + ledger.rejected + ledger.dropped);
  expect(rows.filter((r) => r['outcome'] === 'completed').length).toBe(ledger.completed);
  expect(rows.columns).toContain('e2e_ms');
  for (const r of rows.slice(0, 200)) {
    expect(Number(r['end_ms'])).toBeGreaterThanOrEqual(Number(r['arrival_ms']));
  }
  await expect(page.getByTestId('export-status')).toContainText(
    `${rows.length.toLocaleString('en-US')} jobs`,
  );
});

test('the Chrome trace export is trace-event JSON with lanes as threads', async ({ page }) => {
  await openApp(page, '?speed=5', { more: true });
  await waitSimTime(page, 2_000);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Chrome trace' }).click();
  const json = JSON.parse(await readFile(await (await download).path(), 'utf8')) as {
    traceEvents: { ph: string; name: string; tid: number; dur?: number }[];
  };
  const threads = json.traceEvents.filter((e) => e.name === 'thread_name');
  expect(threads.length).toBe(3);
  const slices = json.traceEvents.filter((e) => e.ph === 'X');
  expect(slices.length).toBeGreaterThan(100);
  expect(slices.every((s) => s.tid >= 1 && s.tid <= 3 && (s.dur ?? -1) >= 0)).toBe(true);
});

test('the Prometheus export exposes the ledger and per-class quantiles of the run', async ({
  page,
}) => {
  await openApp(page, '?speed=10&rate=400', { more: true });
  await waitSimTime(page, 3_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.playing === false);
  const paused = await snapshot(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Prometheus metrics' }).click();
  const text = await readFile(await (await download).path(), 'utf8');
  expect(text).toContain(`schedlab_jobs_total{outcome="completed"} ${paused.ledger.completed}\n`);
  expect(text).toMatch(/^schedlab_latency_ms\{class="interactive",quantile="0\.99"\} \d/m);
  expect(text).toMatch(/^# TYPE schedlab_lane_utilisation_ratio gauge$/m);
});

test('a shared URL restores the same settings', async ({ page, context }) => {
  await openApp(page, '', { more: true });
  await page.getByLabel('Scheduler').selectOption('priority_slo');
  await page.getByRole('button', { name: 'Add GPU lane' }).click();
  await page.getByLabel('Seed').fill('42');
  await page.getByLabel('Seed').press('Enter');
  await expect(page).toHaveURL(/seed=42/);
  const url = page.url();

  const other = await context.newPage();
  await openApp(other, url.slice(url.indexOf('?')));
  await expect(other.getByLabel('Scheduler')).toHaveValue('priority_slo');
  await expect(other.getByTestId('lanes-gpu')).toHaveText('2');
  await expect(other.getByLabel('Seed')).toHaveValue('42');
  const s = await snapshot(other);
  expect(s.scheduler).toBe('priority_slo');
  await expect(other.getByTestId('notice')).toHaveCount(0);
});

test('a tampered URL falls back to the defaults with a message', async ({ page }) => {
  await openApp(page, '?rate=fast&gpu=999&sched=magic');
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('defaults');
  await expect(notice).toContainText('rate=fast');
  await expect(notice).toContainText('gpu=999');
  await expect(notice).toContainText('sched=magic');
  await expect(page.getByLabel('Scheduler')).toHaveValue('fifo');
  await expect(page.getByTestId('lanes-gpu')).toHaveText('1');
});

test('a bad import shows a message naming the field or line, and changes nothing', async ({
  page,
}) => {
  await openApp(page, '', { more: true });
  const before = await snapshot(page);
  const input = page.getByTestId('import-input');

  await input.setInputFiles({
    name: 'bad-config.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        jobs: 100,
        arrivals: { process: 'poisson', rate_per_s: -5 },
        lanes: [{ kind: 'tpu' }],
        service: { dist: 'exponential', mean_ms: 1 },
      }),
    ),
  });
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('bad-config.json was not imported');
  await expect(notice).toContainText('arrivals.rate_per_s');
  await expect(notice).toContainText('lanes[0].kind');

  await input.setInputFiles({
    name: 'bad-rps.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('10\n20\nlots\n30\n'),
  });
  await expect(notice).toContainText('line 3');

  const after = await snapshot(page);
  expect(after.runId).toBe(before.runId);
  await expect(page.getByLabel('Scheduler')).toHaveValue('fifo');
});

test('a good trace import replays it', async ({ page }) => {
  await openApp(page, '', { more: true });
  const before = await snapshot(page);
  await page.getByTestId('import-input').setInputFiles({
    name: 'load.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('50 80 120 80 50\n'),
  });
  await expect(page.getByTestId('notice')).toContainText('Replaying load.txt');
  await page.waitForFunction((id) => window.__schedlab!.snapshot()!.runId > id, before.runId);
  await expect(page.getByTestId('status-imported')).toContainText('load.txt');
});
