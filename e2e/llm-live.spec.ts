// Live LLM mode on the hosted build (dist/ on a plain static server under a nested sub-path):
// switch the LLM mode to Live, and the engine worker starts a decoder lane worker that makes the
// tiny decoder from its seed. Headless Chromium's WebGPU adapter is SwiftShader (software), which
// a decoder lane refuses: the lane runs on WASM instead and says why. Real steps appear on the
// step Gantt, tokens stream in, and they are the model's: each finished request's tokens equal
// greedy decoding of its prompt alone, computed here in Node with onnxruntime-web's WASM backend
// (as e2e/decoders.spec.ts and src/workers/llm-live.test.ts check the decoder). The ledger
// balances; the run's exports (requests, steps, Chrome trace, summary) carry its measured steps and
// the decoder's token ids; "Check the simulation" replays the run, shows its verdict and exports
// its table.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { csvRecords } from '../src/engine/csv-test-support.ts';
import { serveStatic, type StaticServer } from '../scripts/site/static-server.ts';
import { DecoderLane, memoryDecoderEnv } from '../src/workers/lanes/decoder-lane.ts';
import { FREEZER, openApp } from './helpers.ts';
import { runScript, scriptPrompt } from '../src/workers/lanes/decoder-scenarios.ts';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const PREFIX = '/courses/llm/live/schedlab/';
const VOCAB = 2048;

let server: StaticServer;
test.beforeAll(async () => {
  server = await serveStatic(DIST, { prefix: PREFIX });
});
test.afterAll(() => server.close());

/** Greedy decoding of `prompt` alone on the tiny decoder in Node, `n` tokens. */
async function greedyAlone(lane: DecoderLane, prompt: number[], n: number): Promise<number[]> {
  return (await runScript(lane, [{ prompt, joinAt: 0, outputs: n }])).tokens[0]!;
}

/** Click an export button inside `within` and read the file it downloads, named `name`. */
async function exportFile(page: Page, within: Locator, button: string, name: string) {
  const download = page.waitForEvent('download');
  await within.getByRole('button', { name: button, exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(name);
  return readFileSync((await file.path())!, 'utf8');
}

async function gantBars(page: Page): Promise<number> {
  return Number(await page.getByTestId('llm-step-gantt').getAttribute('data-bars'));
}

test('live LLM mode: real decoder steps on the Gantt, the model’s own tokens, and the simulation checked', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(server.url);
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  await page.getByTestId('mode-llm').click();
  await page.waitForFunction(() => (window.__schedlabLlm?.snapshot()?.time ?? 0) > 200, null, {
    timeout: 60_000,
  });

  // Live: a short run, so that it finishes on a loaded machine.
  const panel = page.getByTestId('llm-live-panel');
  await panel.getByLabel('Requests').fill('12');
  await panel.getByLabel('Arrivals per second').fill('3');
  await page.getByTestId('llm-source-live').click();
  await expect(page.getByTestId('llm-source-live')).toHaveAttribute('aria-pressed', 'true');

  // The lane asked for on WebGPU gets SwiftShader, refuses it, and runs on WASM saying why.
  const lane = page.getByTestId('llm-live-lane').first();
  await expect(lane).toContainText('WASM', { timeout: 120_000 });
  await expect(lane).toContainText('WebGPU could not start');
  await expect(lane).toHaveAttribute('data-down', 'false');

  // Real steps on the step Gantt, and tokens streaming.
  await expect.poll(() => gantBars(page), { timeout: 120_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('llm-live-tokens').first()).toBeVisible({ timeout: 60_000 });
  await expect(lane).toContainText(/median \d+\.\d ms a step/);

  // The run ends once its 12 requests are served.
  const check = page.getByTestId('llm-live-check');
  await expect(check).toBeEnabled({ timeout: 240_000 });
  const snap = await page.evaluate(() => window.__schedlabLlm?.snapshot() ?? null);
  expect(snap).not.toBeNull();
  expect(snap!.completed).toBe(12);
  expect(snap!.arrived).toBe(snap!.completed + snap!.rejected + snap!.queued + snap!.running);

  // The tokens shown are the decoder's: greedy decoding of each finished request's prompt alone.
  const shown = await page.getByTestId('llm-live-tokens').evaluateAll((els) =>
    els.map((e) => ({
      id: Number(e.getAttribute('data-id')),
      promptLength: Number(e.getAttribute('data-prompt-length')),
      tokens: (e.getAttribute('data-tokens') ?? '').split(',').filter(Boolean).map(Number),
      done: e.getAttribute('data-done') === 'true',
      text: e.textContent ?? '',
    })),
  );
  const done = shown.filter((r) => r.done && r.tokens.length > 0);
  expect(done.length).toBeGreaterThanOrEqual(3);
  ort.env.wasm.numThreads = 1;
  const node = new DecoderLane(memoryDecoderEnv(ort));
  await node.init({
    model: 'decoder_tiny',
    provider: 'wasm',
    threads: 1,
    allowSoftwareAdapter: false,
  });
  for (const r of done) {
    const expected = await greedyAlone(
      node,
      scriptPrompt(r.promptLength, r.id, VOCAB),
      r.tokens.length,
    );
    expect(r.tokens, `request ${r.id}`).toEqual(expected);
  }
  await node.close();

  // The live run's exports: npm run sim's files with what was measured. Every request carries the
  // token ids the decoder wrote (those shown above), every step its lane's own time, backend and
  // device; the trace and the summary say the same.
  const controls = page.getByTestId('llm-controls');
  const requests = csvRecords(await exportFile(page, controls, 'Requests CSV', 'llm-requests.csv'));
  expect(requests.header).toEqual(
    expect.arrayContaining(['backend', 'device', 'synthetic_token_ids']),
  );
  expect(requests.rows).toHaveLength(12);
  expect(requests.rows.every((r) => r.outcome === 'completed' && r.backend === 'wasm')).toBe(true);
  expect(requests.rows[0]!.device).toMatch(/^WASM, 1 thread, onnxruntime-web /);
  for (const r of done) {
    const row = requests.rows.find((x) => Number(x.id) === r.id)!;
    expect(row.synthetic_token_ids, `request ${r.id}`).toBe(r.tokens.join(' '));
  }
  await expect(page.getByTestId('llm-export-status')).toContainText('Exported 12 requests up to');
  await expect(page.getByTestId('llm-export-status')).toContainText('of the live run');
  const steps = csvRecords(await exportFile(page, controls, 'Steps CSV', 'llm-steps.csv')).rows;
  expect(steps.length).toBe(snap!.steps);
  for (const st of steps) {
    expect(Number(st.lane_ms)).toBeGreaterThan(0);
    // The lane's own time is within the step as the engine saw it (hand-over to answer).
    expect(Number(st.lane_ms)).toBeLessThanOrEqual(Number(st.duration_ms) + 0.001);
    expect(st.backend).toBe('wasm');
  }
  const trace = JSON.parse(
    await exportFile(page, controls, 'Chrome trace', 'llm-steps.trace.json'),
  ) as { traceEvents: { ph: string; args: Record<string, unknown> }[] };
  const slices = trace.traceEvents.filter((e) => e.ph === 'X');
  expect(slices).toHaveLength(steps.length);
  expect(slices.every((e) => typeof e.args.lane_ms === 'number' && e.args.backend === 'wasm')).toBe(
    true,
  );
  expect(trace.traceEvents[0]!.args.name).toBe('SchedLab LLM (live, decoder_tiny)');
  const summary = JSON.parse(await exportFile(page, controls, 'Summary', 'llm-summary.json')) as {
    ledger: { completed: number };
    live: { weights: string; steps: number; lanes: { backend: string; lane_ms_p50: number }[] };
  };
  expect(summary.ledger.completed).toBe(12);
  expect(summary.live.weights).toMatch(/synthetic/i);
  expect(summary.live.steps).toBe(steps.length);
  expect(summary.live.lanes[0]!.backend).toBe('wasm');
  expect(summary.live.lanes[0]!.lane_ms_p50).toBeGreaterThan(0);

  // Check the simulation: the same requests replayed with step costs fitted on the live steps.
  await check.click();
  const verdict = page.getByTestId('llm-live-verdict');
  await expect(verdict).toBeVisible({ timeout: 60_000 });
  await expect(verdict).toHaveText(/The simulation (is a good guide here|misses here)/);
  await expect(page.getByTestId('llm-live-check-row')).toHaveCount(6);
  await expect(page.getByTestId('llm-live-verdict-box')).toContainText(
    '12 requests served live, 12 simulated',
  );
  // The check's table as CSV (every class and metric) and whole as JSON, with the lane it ran on.
  const box = page.getByTestId('llm-live-verdict-box');
  const table = csvRecords(await exportFile(page, box, 'Check table CSV', 'llm-live-check.csv'));
  const all = table.rows.filter((r) => r.class === 'all');
  expect(all.map((r) => r.metric)).toEqual([
    'ttft_p50',
    'ttft_p99',
    'tpot_p50',
    'tpot_p99',
    'e2e_p50',
    'e2e_p99',
  ]);
  await expect(page.getByTestId('llm-live-check-row').first()).toContainText(
    `${Number(all[0]!.measured_ms).toFixed(1)} ms`,
  );
  const checked = JSON.parse(await exportFile(page, box, 'Check JSON', 'llm-live-check.json')) as {
    verdict: string;
    lanes: { backend: string; device: string }[];
    rows: unknown[];
  };
  await expect(verdict).toHaveText(checked.verdict);
  expect(checked.rows).toHaveLength(table.rows.length);
  expect(checked.lanes[0]!.backend).toBe('wasm');
  expect(checked.lanes[0]!.device).toMatch(/^WASM/);
  await page.screenshot({ path: test.info().outputPath('llm-live-1440.png'), fullPage: true });

  // Back to the simulation: the live panel's run is replaced by a simulated one.
  await page.getByTestId('llm-source-sim').click();
  await expect(page.getByTestId('llm-live-tokens')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('LLM mode connects again after the watchdog replaced the engine worker', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page, '?rate=300&speed=20&seed=19');
  const llmTime = () => page.evaluate(() => window.__schedlabLlm?.snapshot()?.time ?? -1);
  await page.getByTestId('mode-llm').click();
  await expect.poll(llmTime, { timeout: 60_000 }).toBeGreaterThan(200);
  await page.getByTestId('mode-requests').click();
  // Freeze the engine worker in request mode: the watchdog replaces it.
  await page.getByRole('button', { name: 'Write your own policy…' }).click();
  await page.locator('[data-testid="policy-editor"] .cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(FREEZER);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // The request run plays again once LLM mode is left; paused, play it (count() does not wait).
  const playRequests = page.getByRole('button', { name: 'Play', exact: true });
  if ((await playRequests.count()) > 0) await playRequests.click();
  await expect(page.getByText('The engine stopped answering and was replaced')).toBeVisible({
    timeout: 30_000,
  });
  // Back in LLM mode, its run is restored in the new worker (a new run: time from 0) and plays.
  const before = await page.evaluate(() => window.__schedlabLlm!.frames());
  await page.getByTestId('mode-llm').click();
  await expect
    .poll(() => page.evaluate(() => window.__schedlabLlm!.frames()), { timeout: 30_000 })
    .toBeGreaterThan(before);
  const play = page.getByTestId('llm-controls').getByRole('button', { name: 'Play', exact: true });
  if ((await play.count()) > 0) await play.click();
  await expect
    .poll(() => page.evaluate(() => window.__schedlabLlm!.frames()), { timeout: 30_000 })
    .toBeGreaterThan(before + 30);
  await expect.poll(llmTime, { timeout: 30_000 }).toBeGreaterThan(500);
});
