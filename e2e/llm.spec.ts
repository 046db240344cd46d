// The LLM mode on the hosted build (dist/ on a plain static server under a nested sub-path): switch
// to it, see the run draw its block map and numbers, shrink the KV cache and raise the rate past
// what it holds, see preemptions on the block map (cells freed by a preemption) and in the counter,
// switch the scheduler live (same run, new policy), the ledger balanced throughout; export the
// per-request CSV and parse it back; back to request mode. Screenshots at 1440x900, 1280x720 and a
// phone (390x844) go to the test's output folder.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { serveStatic, type StaticServer } from '../scripts/site/static-server.ts';
import type { LlmProbe } from '../app/llm/llm-probe.ts';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const PREFIX = '/courses/llm/schedlab/';

let server: StaticServer;
test.beforeAll(async () => {
  server = await serveStatic(DIST, { prefix: PREFIX });
});
test.afterAll(() => server.close());

type LlmSnapshot = NonNullable<ReturnType<LlmProbe['snapshot']>>;

function llmSnapshot(page: Page): Promise<LlmSnapshot | null> {
  return page.evaluate(() => window.__schedlabLlm?.snapshot() ?? null);
}

async function openLlm(page: Page): Promise<void> {
  await page.goto(server.url);
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  await page.getByTestId('mode-llm').click();
  await page.waitForFunction(() => (window.__schedlabLlm?.snapshot()?.time ?? 0) > 500, null, {
    timeout: 60_000,
  });
}

function llmControls(page: Page) {
  return page.getByTestId('llm-controls');
}

function balanced(s: LlmSnapshot): boolean {
  return s.arrived === s.completed + s.rejected + s.queued + s.running;
}

test('LLM mode: past the KV limit preemptions show on the block map and in the counters; the scheduler switches live', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLlm(page);
  await expect(page.getByTestId('mode-llm')).toHaveAttribute('aria-pressed', 'true');
  const canvas = page.getByTestId('llm-block-map');
  await expect(canvas).toBeVisible();
  await expect(canvas).toHaveAttribute('data-cells', '2048');
  // The step Gantt draws the steps of the last seconds.
  await expect
    .poll(async () => Number(await page.getByTestId('llm-step-gantt').getAttribute('data-bars')))
    .toBeGreaterThan(0);
  const first = (await llmSnapshot(page))!;
  expect(first.scheduler).toBe('continuous');
  expect(first.kvTotal).toBe(2048);
  expect(await page.evaluate(() => window.__schedlab!.snapshot()?.playing)).toBe(false);

  // A small cache (a new run), then a rate it cannot hold, fast.
  await page
    .getByTestId('llm-engine-settings')
    .getByRole('combobox', { name: 'KV blocks per replica' })
    .selectOption('256');
  await page.waitForFunction(() => window.__schedlabLlm!.snapshot()?.kvTotal === 256);
  await expect(canvas).toHaveAttribute('data-cells', '256');
  const run = (await llmSnapshot(page))!.runId;
  await llmControls(page).getByRole('slider', { name: 'Speed' }).fill('700');
  await llmControls(page).getByRole('slider', { name: 'Arrival rate' }).fill('800');
  await expect(llmControls(page).locator('output', { hasText: 'req/s' })).not.toHaveText(
    '4.0 req/s',
  );

  // Preemptions: blocks freed by one on the map, and the counter.
  await page.waitForFunction(() => (window.__schedlabLlm!.snapshot()?.flashing ?? 0) > 0, null, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('llm-preemptions')).not.toHaveText('0');
  const hot = (await llmSnapshot(page))!;
  expect(hot.runId).toBe(run);
  expect(hot.preemptions).toBeGreaterThan(0);
  // The cache ran full: that is what preempts.
  expect(hot.kvPeak).toBeGreaterThan(0.9 * hot.kvTotal);
  expect(balanced(hot)).toBe(true);
  await page.screenshot({
    path: test.info().outputPath('llm-1440x900-preempting.png'),
    fullPage: true,
  });

  // The scheduler, live: the same run goes on under the new policy.
  await llmControls(page).getByRole('combobox', { name: 'Scheduler' }).selectOption('static');
  await page.waitForFunction(() => window.__schedlabLlm!.snapshot()?.scheduler === 'static');
  const t0 = (await llmSnapshot(page))!.time;
  await page.waitForFunction((t) => (window.__schedlabLlm!.snapshot()?.time ?? 0) > t + 2000, t0);
  const after = (await llmSnapshot(page))!;
  expect(after.runId).toBe(run);
  expect(after.scheduler).toBe('static');
  expect(balanced(after)).toBe(true);

  // Every term has its explanation: a "?" opens it in place.
  await page.getByRole('button', { name: 'What is TTFT p99?' }).click();
  await expect(page.getByRole('note')).toContainText('Time to first token');

  for (const [w, h] of [
    [1280, 720],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForFunction(
      (n) => window.__schedlabLlm!.frames() > n + 5,
      await page.evaluate(() => window.__schedlabLlm!.frames()),
    );
    await page.screenshot({ path: test.info().outputPath(`llm-${w}x${h}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // Space pauses the LLM run, not the request run.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.__schedlabLlm!.snapshot()?.playing === false);

  // The per-request CSV, replayed in the worker, parses back to the paused run's requests.
  const paused = (await llmSnapshot(page))!;
  const download = page.waitForEvent('download');
  await llmControls(page).getByRole('button', { name: 'Requests CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('llm-requests.csv');
  const csv = readFileSync((await file.path())!, 'utf8')
    .trim()
    .split('\n');
  const header = csv[0]!.split(',');
  const outcome = header.indexOf('outcome');
  const rows = csv.slice(1).map((l) => l.split(','));
  expect(header).toContain('ttft_ms');
  expect(rows.filter((r) => r[outcome] === 'completed').length).toBe(paused.completed);
  expect(rows.filter((r) => r[outcome] === 'rejected').length).toBe(paused.rejected);
  expect(rows.some((r) => Number(r[header.indexOf('preemptions')]) > 0)).toBe(true);
  await expect(page.getByTestId('llm-export-status')).toContainText(
    `Exported ${rows.length.toLocaleString('en')} requests`,
  );

  // Back to request mode: its page shows again, the LLM run stays paused.
  await page.getByTestId('mode-requests').click();
  await expect(page.getByRole('complementary', { name: 'Controls' })).toBeVisible();
  await expect(page.getByTestId('llm-block-map')).toHaveCount(0);
  expect(errors).toEqual([]);
  const outside = server.requests.filter((r) => !r.path.startsWith(PREFIX));
  expect(outside).toEqual([]);
});

test('LLM mode: an Azure trace preset replays its requests; a preset change is a new run', async ({
  page,
}) => {
  await openLlm(page);
  const before = (await llmSnapshot(page))!.runId;
  await llmControls(page)
    .getByRole('combobox', { name: 'Workload preset' })
    .selectOption('azure_code');
  await page.waitForFunction((r) => (window.__schedlabLlm!.snapshot()?.runId ?? r) !== r, before);
  await llmControls(page).getByRole('slider', { name: 'Speed' }).fill('800');
  await page.waitForFunction(() => (window.__schedlabLlm!.snapshot()?.completed ?? 0) > 20, null, {
    timeout: 60_000,
  });
  const s = (await llmSnapshot(page))!;
  expect(s.rate).toBeGreaterThan(1);
  expect(balanced(s)).toBe(true);
  await expect(page.getByText('Azure LLM inference trace “code”')).toBeVisible();
});

test('LLM mode: ITL CDF, timeline and request view; workload controls; Chrome trace and summary exports; a link reproduces the run', async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLlm(page);
  await expect(page.locator('[data-chart="llm-cdf-itl"]')).toBeVisible();

  // A bad typed value names its field and changes nothing.
  const workload = page.getByTestId('llm-workload-settings');
  const promptMean = workload.getByRole('textbox', { name: 'Prompt length, mean' });
  const run0 = (await llmSnapshot(page))!.runId;
  await promptMean.fill('12abc');
  await promptMean.press('Enter');
  await expect(workload.getByRole('alert')).toContainText(
    'Prompt length, mean: must be a whole number from 1 to 32,768 tokens (got "12abc")',
  );
  await expect(promptMean).toHaveValue('12abc');
  expect((await llmSnapshot(page))!.runId).toBe(run0);
  // Good values: a new run each, carried by the address bar.
  await promptMean.fill('512');
  await promptMean.press('Enter');
  await page.waitForFunction((r) => (window.__schedlabLlm!.snapshot()?.runId ?? r) !== r, run0);
  await expect(workload.getByRole('alert')).toHaveCount(0);
  const share = workload.getByRole('textbox', { name: 'Prefix share (0–1)' });
  await share.fill('0.5');
  await share.press('Tab');
  await page.waitForURL(/l\.ps=0\.5/);
  await page
    .getByTestId('llm-engine-settings')
    .getByRole('combobox', { name: 'KV blocks per replica' })
    .selectOption('256');
  await page.waitForFunction(() => window.__schedlabLlm!.snapshot()?.kvTotal === 256);
  await llmControls(page).getByRole('slider', { name: 'Speed' }).fill('650');
  await llmControls(page).getByRole('slider', { name: 'Arrival rate' }).fill('700');
  await llmControls(page).getByRole('combobox', { name: 'Scheduler' }).selectOption('static');
  await page.waitForURL(/l\.sched=static/);
  await page.waitForFunction(() => (window.__schedlabLlm!.snapshot()?.preemptions ?? 0) > 0, null, {
    timeout: 60_000,
  });

  // The timeline marks the control changes and the preemptions; the ITL CDF has curves.
  const timeline = page.getByTestId('llm-timeline');
  await expect
    .poll(async () => Number(await timeline.getAttribute('data-samples')))
    .toBeGreaterThan(5);
  await expect
    .poll(async () => Number(await timeline.getAttribute('data-controls')))
    .toBeGreaterThan(0);
  await expect
    .poll(async () => Number(await timeline.getAttribute('data-preemptions')))
    .toBeGreaterThan(0);
  // The request view: requests as rows, a tick per token.
  const gantt = page.getByTestId('llm-step-gantt');
  await page.getByRole('button', { name: 'Request view' }).click();
  await expect(gantt).toHaveAttribute('data-view', 'requests');
  await expect.poll(async () => Number(await gantt.getAttribute('data-rows'))).toBeGreaterThan(5);
  await expect.poll(async () => Number(await gantt.getAttribute('data-ticks'))).toBeGreaterThan(0);
  await page.screenshot({
    path: test.info().outputPath('llm-1440x900-charts.png'),
    fullPage: true,
  });

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.__schedlabLlm!.snapshot()?.playing === false);
  const paused = (await llmSnapshot(page))!;
  const exportFile = async (button: string, name: string): Promise<string> => {
    const download = page.waitForEvent('download');
    await llmControls(page).getByRole('button', { name: button }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(name);
    return readFileSync((await file.path())!, 'utf8');
  };
  // The Chrome trace: one complete event per step, on the replica's thread.
  const trace = JSON.parse(await exportFile('Chrome trace', 'llm-steps.trace.json')) as {
    traceEvents: { ph: string; tid: number; args: Record<string, number> }[];
  };
  const slices = trace.traceEvents.filter((e) => e.ph === 'X');
  expect(slices.length).toBe(paused.steps);
  expect(slices.some((e) => e.args.preempted! > 0)).toBe(true);
  await expect(page.getByTestId('llm-export-status')).toContainText(
    `Exported ${slices.length.toLocaleString('en')} steps as a Chrome trace`,
  );
  // The summary: npm run sim's summary.json of the same run, its ledger the paused run's.
  const summary = JSON.parse(await exportFile('Summary', 'llm-summary.json')) as {
    ledger: { completed: number; arrived: number };
    preemptions: number;
    itl_ms: { p99: number };
    llm: { prefix_cache: { enabled: boolean }; classes: { interactive: { count: number } } };
  };
  expect(summary.ledger.completed).toBe(paused.completed);
  expect(summary.ledger.arrived).toBe(paused.arrived);
  expect(summary.preemptions).toBe(paused.preemptions);
  expect(summary.itl_ms.p99).toBeGreaterThan(0);
  expect(summary.llm.prefix_cache.enabled).toBe(true);

  // The address bar is the link: another tab opening it gets the same settings.
  const link = page.url();
  expect(link).toContain('mode=llm');
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForFunction(() => (window.__schedlabLlm?.snapshot()?.time ?? 0) > 0, null, {
    timeout: 60_000,
  });
  const opened = (await other.evaluate(() => window.__schedlabLlm!.snapshot()))!;
  expect(opened.kvTotal).toBe(256);
  expect(opened.scheduler).toBe('static');
  expect(opened.rate).toBeCloseTo(paused.rate, 5);
  const w2 = other.getByTestId('llm-workload-settings');
  await expect(w2.getByRole('textbox', { name: 'Prompt length, mean' })).toHaveValue('512');
  await expect(w2.getByRole('textbox', { name: 'Prefix share (0–1)' })).toHaveValue('0.5');
  await other.close();

  // A link with a bad LLM value: a notice names it, the page stays in request mode.
  const bad = await context.newPage();
  await bad.goto(`${server.url}?mode=llm&l.pm=-3&l.router=nearest`);
  await bad.waitForFunction(() => window.__schedlab?.ready === true);
  const notice = bad.getByTestId('notice').filter({ hasText: 'LLM settings' });
  await expect(notice).toContainText('l.pm: Prompt length, mean: must be a whole number');
  await expect(notice).toContainText('l.router=nearest');
  await expect(bad.getByTestId('mode-requests')).toHaveAttribute('aria-pressed', 'true');
  expect(bad.url()).not.toContain('mode=llm');
  await bad.close();
  expect(errors).toEqual([]);
});
