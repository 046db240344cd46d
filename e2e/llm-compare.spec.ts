// LLM compare mode and the LLM policy editor on the hosted build (dist/ on a plain static server
// under a nested sub-path): compare static against continuous batching on the identical requests
// and see the verdict (goodput first, with its paired interval) and both sides' figures and CDFs;
// load an LLM template in the editor, run it on the live run and see it decide; a syntax error is
// shown by line and changes nothing. Screenshots at 1440x900 and a phone go to the output folder.

import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { serveStatic, type StaticServer } from '../scripts/site/static-server.ts';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const PREFIX = '/courses/llm/schedlab/';

let server: StaticServer;
test.beforeAll(async () => {
  server = await serveStatic(DIST, { prefix: PREFIX });
});
test.afterAll(() => server.close());

async function openLlm(page: Page): Promise<void> {
  await page.goto(server.url);
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  await page.getByTestId('mode-llm').click();
  await page.waitForFunction(() => (window.__schedlabLlm?.snapshot()?.time ?? 0) > 500, null, {
    timeout: 60_000,
  });
}

test('LLM compare: static against continuous on identical requests gives a verdict with paired intervals', async ({
  page,
}, info) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLlm(page);
  // A (the page's settings) runs continuous batching; B starts as static batching.
  await page.getByLabel(/Compare A \(your settings\) with B/).check();
  await expect(page.getByRole('combobox', { name: /^Scheduler B/ })).toHaveValue('static');
  // Make A static and B continuous, as the lesson puts it.
  await page.getByRole('combobox', { name: /^Scheduler B/ }).selectOption('continuous');
  await page
    .getByTestId('llm-controls')
    .getByLabel('Scheduler', { exact: true })
    .selectOption('static');
  const verdict = page.getByTestId('llm-verdict');
  await expect(verdict).toBeVisible({ timeout: 90_000 });
  await expect(verdict).toContainText(
    /^B raises goodput by [\d.]+ jobs\/s \(95 % CI [\d.]+-[\d.]+ jobs\/s\) over 10 seeds/,
  );
  const table = page.getByTestId('llm-compare-table');
  for (const id of ['goodput', 'ttft.p99', 'tpot.p99', 'preemptions'])
    await expect(table.locator(`tr[data-metric="${id}"]`)).toHaveCount(1);
  // TTFT p99 falls on B: its change is negative and so is its whole interval.
  const ttft = table.locator('tr[data-metric="ttft.p99"] td');
  await expect(ttft.nth(3)).toContainText(/−|lower/);
  for (const m of ['ttft', 'tpot'])
    await expect(page.getByTestId(`llm-compare-cdf-${m}`).locator('path')).toHaveCount(2);
  // The live run went on meanwhile (the comparison runs in its own worker).
  const t = await page.evaluate(() => window.__schedlabLlm?.snapshot()?.time ?? 0);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.__schedlabLlm?.snapshot()?.time ?? 0)).toBeGreaterThan(t);
  await page.getByTestId('llm-verdict').screenshot({ path: info.outputPath('llm-verdict.png') });
  await page.screenshot({ path: info.outputPath('llm-compare-1440x900.png'), fullPage: true });
  // The same config on both sides: every figure the same.
  await page.getByRole('combobox', { name: /^Scheduler B/ }).selectOption('static');
  await expect(verdict).toContainText('A and B give the same goodput on every seed (10)', {
    timeout: 90_000,
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: info.outputPath('llm-compare-390x844.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('LLM policy editor: a template runs on the live run; a syntax error names its line and changes nothing', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLlm(page);
  await page.getByRole('button', { name: 'Write your own step scheduler…' }).click();
  const content = page.locator('[data-testid="llm-policy-editor"] .cm-content');
  await expect(content).toBeVisible();
  await page.getByLabel('Start from an LLM template').selectOption('shortest-prompt-first');
  await expect(content).toContainText("name: 'shortest-prompt-first.js'");
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const status = page.getByTestId('llm-policy-status');
  await expect(status).toContainText('Running shortest-prompt-first.js');
  await expect
    .poll(
      async () =>
        Number(
          (await status.textContent())?.match(/([\d,]+) answers/)?.[1]?.replace(/,/g, '') ?? 0,
        ),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThan(0);
  await expect(page.getByTestId('llm-policy-problems')).toHaveCount(0);
  // A syntax error on line 3: shown by line, the policy in place goes on.
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(
    'export default {\n  llm: {\n    rank(request) { return request.prompt +; },\n  },\n};\n',
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('llm-policy-compile-error')).toContainText(
    /^Line 3, column \d+: .*The run was left unchanged/,
  );
  await expect(status).toContainText('Running shortest-prompt-first.js');
  await page.screenshot({ path: info.outputPath('llm-policy-1440x900.png'), fullPage: true });
  // Stop: back to the scheduler the controls show.
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(status).toHaveCount(0, { timeout: 10_000 });
  expect(errors).toEqual([]);
});
