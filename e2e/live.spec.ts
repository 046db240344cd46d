// Live mode in headless Chromium: the engine worker spawns one lane worker per lane, the GPU-class
// lane on WebGPU (SwiftShader here) and the CPU-class lane on WASM, and the engine runs on the wall
// clock with service times measured in the lanes. Then the failure paths: a lost GPU device, a
// session that fails to load and a refused software adapter each leave their lane down with the
// reason shown, and the work is re-queued onto the lanes that still serve, never lost.

import { expect, test, type Page } from '@playwright/test';
import type { ConfigInput } from '../src/engine/config.ts';
import { balanced, ledger, startLive } from './live-helpers.ts';

test.setTimeout(420_000);

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.__schedlab?.ready === true);
}

/** Light live run: the direction classifier and Silero VAD, a few jobs a second. */
function lightConfig(lanes: ConfigInput['lanes'], rate = 6): ConfigInput {
  return {
    seed: 11,
    jobs: 1_000_000,
    arrivals: { process: 'poisson', rate_per_s: rate },
    mix: { interactive_ratio: 0.5, models: { ppocr_cls: 1, silero_vad: 1 } },
    lanes,
    service: { dist: 'deterministic', mean_ms: 10 },
    scheduler: { name: 'least_loaded' },
    queue: { capacity: 10_000 },
  };
}

test('live mode through the page: jobs complete on the WebGPU lane and the WASM lane with measured service times', async ({
  page,
}) => {
  await openApp(page);
  await page.getByLabel('Mode', { exact: true }).selectOption('live');
  await page.waitForFunction(() => window.__schedlab!.live() !== null);
  // Loading is shown with progress until every lane is ready.
  await expect(page.getByTestId('live-lanes')).toBeVisible();
  // ResNet-18's warm-up on SwiftShader dominates; minutes on a busy 2-core machine.
  await page.waitForFunction(() => window.__schedlab!.live()!.settled, null, { timeout: 300_000 });
  const settled = await page.evaluate(() => window.__schedlab!.live()!);
  console.log(JSON.stringify(settled.lanes.map((l) => [l.name, l.health, l.reason ?? '', l.info])));
  // The lanes the controls show (the defaults: 1 GPU, 2 CPU), not a preset of its own.
  expect(settled.lanes.map((l) => [l.provider, l.health])).toEqual([
    ['webgpu', 'ready'],
    ['wasm', 'ready'],
    ['wasm', 'ready'],
  ]);
  expect(settled.lanes[0]!.info?.adapter?.software).toBe(true);
  await expect(page.getByTestId('live-lane-gpu0')).toContainText(/software/i);

  // Work completes on both lanes, with service times measured in the lane workers.
  await page.waitForFunction(
    () => window.__schedlab!.live()!.lanes.every((l) => l.runs >= 2),
    null,
    { timeout: 180_000 },
  );
  const live = await page.evaluate(() => window.__schedlab!.live()!);
  const frame = await page.evaluate(() => window.__schedlab!.snapshot()!);
  for (const lane of live.lanes) {
    console.log(
      `${lane.name} (${lane.provider}): ${lane.runs} runs, ${lane.jobs} jobs, mean service ${lane.meanServiceMs.toFixed(1)} ms, last output ${lane.lastOutput}`,
    );
    expect(lane.meanServiceMs).toBeGreaterThan(0);
    expect(lane.lastOutput).not.toBe('');
  }
  expect(frame.ledger.completed).toBeGreaterThanOrEqual(4);
  expect(balanced(frame.ledger)).toBe(true);
});

test('a lost WebGPU device takes the GPU lane down with the reason and its work moves to the WASM lane', async ({
  page,
}) => {
  await openApp(page);
  await startLive(
    page,
    lightConfig([
      { kind: 'gpu', count: 1 },
      { kind: 'cpu', count: 1 },
    ]),
    { threadsPerCpuLane: 1, warmupRuns: 1 },
  );
  await page.waitForFunction(
    () => window.__schedlab!.live()?.lanes.every((l) => l.runs >= 1),
    null,
    {
      timeout: 180_000,
    },
  );
  await page.evaluate(async () =>
    (await window.__schedlab!.engine()).injectLaneFault(0, 'device-lost'),
  );
  await page.waitForFunction(() => window.__schedlab!.live()!.lanes[0]!.health === 'down');
  const gpu = await page.evaluate(() => window.__schedlab!.live()!.lanes[0]!);
  console.log(`gpu0 down: ${gpu.reason}`);
  expect(gpu.reason).toMatch(/device lost/i);
  await expect(page.getByTestId('live-lane-gpu0')).toContainText(/device lost/i);

  // The WASM lane keeps serving, including whatever the GPU lane had running.
  const cpuRuns = await page.evaluate(() => window.__schedlab!.live()!.lanes[1]!.runs);
  await page.waitForFunction((n) => window.__schedlab!.live()!.lanes[1]!.runs > n + 3, cpuRuns);
  // The ledger of a later frame: the lane's runs and the ledger need not come in the same one.
  await expect
    .poll(async () => {
      const l = await ledger(page);
      return balanced(l) && l.running <= 1;
    })
    .toBe(true);
});

test('a session that fails to load and a refused software adapter leave their lanes down; the healthy lane serves every job', async ({
  page,
}) => {
  await openApp(page);
  await startLive(
    page,
    lightConfig([
      { kind: 'gpu', count: 1 },
      { kind: 'cpu', count: 2 },
    ]),
    {
      threadsPerCpuLane: 1,
      allowSoftwareAdapter: false,
      failLoad: { cpu0: ['silero_vad'] },
    },
  );
  await page.waitForFunction(() => window.__schedlab!.live()?.settled === true, null, {
    timeout: 120_000,
  });
  const live = await page.evaluate(() => window.__schedlab!.live()!);
  console.log(JSON.stringify(live.lanes.map((l) => [l.name, l.health, l.reason ?? ''])));
  expect(live.lanes.map((l) => l.health)).toEqual(['down', 'down', 'ready']);
  expect(live.lanes[0]!.reason).toMatch(/software/i);
  expect(live.lanes[1]!.reason).toMatch(/silero_vad: session failed to load/);
  await expect(page.getByTestId('live-lane-gpu0')).toContainText(/software/i);
  await expect(page.getByTestId('live-lane-cpu0')).toContainText(/failed to load/);

  await page.waitForFunction(() => window.__schedlab!.live()!.lanes[2]!.jobs >= 6);
  // The lane counts a job when its answer arrives, the ledger when the engine handles it: wait for
  // a frame whose ledger has caught up rather than reading the next one once.
  await expect
    .poll(async () => {
      const l = await ledger(page);
      return balanced(l) ? l.completed : -1;
    })
    .toBeGreaterThanOrEqual(6);
});
