// Live LLM mode on the hosted build (dist/ on a plain static server under a nested sub-path):
// switch the LLM mode to Live, and the engine worker starts a decoder lane worker that makes the
// tiny decoder from its seed. Headless Chromium's WebGPU adapter is SwiftShader (software), which
// a decoder lane refuses: the lane runs on WASM instead and says why. Real steps appear on the
// step Gantt, tokens stream in, and they are the model's: each finished request's tokens equal
// greedy decoding of its prompt alone, computed here in Node with onnxruntime-web's WASM backend
// (as e2e/decoders.spec.ts and src/workers/llm-live.test.ts check the decoder). The ledger
// balances; "Check the simulation" replays the run and shows its verdict.

import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { expect, test, type Page } from '@playwright/test';
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

  // Check the simulation: the same requests replayed with step costs fitted on the live steps.
  await check.click();
  const verdict = page.getByTestId('llm-live-verdict');
  await expect(verdict).toBeVisible({ timeout: 60_000 });
  await expect(verdict).toHaveText(/The simulation (is a good guide here|misses here)/);
  await expect(page.getByTestId('llm-live-check-row')).toHaveCount(6);
  await expect(page.getByTestId('llm-live-verdict-box')).toContainText(
    '12 requests served live, 12 simulated',
  );
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
