// Live-mode lanes beyond the first run: the "WASM threads per CPU lane" control reaches the lanes
// (2 threads under `vite preview`, which sends COOP/COEP), the page served WITHOUT cross-origin
// isolation (no headers, no service worker) runs its WASM lanes single-threaded and says so, the warm-up is shown run by run, and
// "Recover" restarts a down lane in a fresh worker that serves again (a permanent cause, a refused
// software adapter, leaves it down with the same reason). WASM lanes and light models only.

import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { serveStatic, type StaticServer } from '../scripts/site/static-server.ts';
import type { ConfigInput } from '../src/engine/config.ts';
import { balanced, ledger, startLive } from './live-helpers.ts';

test.setTimeout(60_000);

function lightConfig(lanes: ConfigInput['lanes'], models: Record<string, number>): ConfigInput {
  return {
    seed: 7,
    jobs: 1_000_000,
    arrivals: { process: 'poisson', rate_per_s: 8 },
    mix: { interactive_ratio: 0.5, models },
    lanes,
    service: { dist: 'deterministic', mean_ms: 10 },
    scheduler: { name: 'least_loaded' },
    queue: { capacity: 10_000 },
  };
}

async function openApp(page: Page, url = '/'): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  // The threads control, the device's status and the lane faults are under More settings.
  await page.getByRole('button', { name: /^More settings/ }).click();
}

/** Collect, in the page, every distinct detail line a lane shows in frames and in the panel. */
async function watchDetails(page: Page, lane: number, name: string): Promise<void> {
  await page.evaluate(
    ({ lane, name }) => {
      const seen = new Set<string>();
      (window as unknown as { __details: Set<string> }).__details = seen;
      const poll = (): void => {
        const d = window.__schedlab!.live()?.lanes[lane]?.detail;
        if (d) seen.add(`frame:${d}`);
        const row = document.querySelector(`[data-testid="live-lane-${name}"]`);
        if (row?.textContent) seen.add(`panel:${row.textContent}`);
        requestAnimationFrame(poll);
      };
      poll();
      new MutationObserver(() => {
        const row = document.querySelector(`[data-testid="live-lane-${name}"]`);
        if (row?.textContent) seen.add(`panel:${row.textContent}`);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    },
    { lane, name },
  );
}

async function details(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { __details: Set<string> }).__details]);
}

test('the WASM threads control reaches the CPU lane: 2 threads, warm-up shown run by run, jobs served with measured times', async ({
  page,
}) => {
  // ResNet-18 is made in the lane from its seed on first use: a few seconds more on a busy machine.
  test.setTimeout(150_000);
  await openApp(page);
  await expect(page.getByTestId('status-isolated')).toContainText('yes');
  const control = page.getByLabel('WASM threads per CPU lane');
  await expect(control).toBeEnabled();
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(control.locator('option')).toHaveCount(cores);
  await control.selectOption('2');
  const live = await page.evaluate(() => window.__schedlab!.liveOptions());
  expect(live.threadsPerCpuLane).toBe(2);

  await watchDetails(page, 0, 'cpu0');
  const t0 = Date.now();
  // resnet18 (47 MB) makes the warm-up long enough to watch; the default is 8 runs per model.
  await startLive(
    page,
    lightConfig([{ kind: 'cpu', count: 1 }], { ppocr_cls: 2, silero_vad: 2, resnet18: 1 }),
    live,
  );
  await page.waitForFunction(() => window.__schedlab!.live()?.settled === true, null, {
    timeout: 120_000,
  });
  console.log(`cpu0 ready after ${Date.now() - t0} ms`);
  const lane = await page.evaluate(() => window.__schedlab!.live()!.lanes[0]!);
  expect(lane.health).toBe('ready');
  expect(lane.info).toMatchObject({ provider: 'wasm', isolated: true, threadsRequested: 2 });
  expect(lane.info?.threads).toBe(2);
  await expect(page.getByTestId('live-lane-cpu0')).toContainText('WASM, 2 threads');

  const seen = await details(page);
  const warm = seen.filter((d) => /warming up \w+ \d\/8/.test(d));
  console.log(`warm-up lines seen: ${warm.length}, e.g. ${warm.slice(0, 3).join(' | ')}`);
  expect(warm.some((d) => d.startsWith('frame:warming up resnet18 '))).toBe(true);
  expect(warm.some((d) => d.startsWith('panel:') && /warming up resnet18 \d\/8/.test(d))).toBe(
    true,
  );

  await page.waitForFunction(() => window.__schedlab!.live()!.lanes[0]!.jobs >= 6, null, {
    timeout: 30_000,
  });
  const done = await page.evaluate(() => window.__schedlab!.live()!.lanes[0]!);
  console.log(
    `cpu0, 2 threads: ${done.runs} runs, ${done.jobs} jobs, mean service ${done.meanServiceMs.toFixed(2)} ms`,
  );
  expect(done.meanServiceMs).toBeGreaterThan(0);
  expect(balanced(await ledger(page))).toBe(true);
});

test('changing the threads while live restarts the lanes with the new count', async ({ page }) => {
  await openApp(page);
  const control = page.getByLabel('WASM threads per CPU lane');
  await control.selectOption('2');
  await page.getByLabel('Mode', { exact: true }).selectOption('live');
  // The lane reports its runtime (threads) as soon as ONNX Runtime is loaded, before any model.
  await page.waitForFunction(
    () => window.__schedlab!.live()?.lanes.find((l) => l.name === 'cpu0')?.info?.threads === 2,
  );
  const first = await page.evaluate(() => window.__schedlab!.snapshot()!.runId);
  await control.selectOption('1');
  await page.waitForFunction(
    (first) =>
      window.__schedlab!.snapshot()!.runId > first &&
      window.__schedlab!.live()?.lanes.find((l) => l.name === 'cpu0')?.info?.threadsRequested === 1,
    first,
  );
  const cpu = await page.evaluate(
    () => window.__schedlab!.live()!.lanes.find((l) => l.name === 'cpu0')!.info!,
  );
  expect(cpu.threads).toBe(1);
  // Back to simulated: the live lanes stop.
  await page.getByLabel('Mode', { exact: true }).selectOption('simulated');
  await page.waitForFunction(() => window.__schedlab!.live() === null);
});

test.describe('served without COOP/COEP, where no service worker can run', () => {
  // A plain static server (no COOP/COEP) and no service workers (as in a private window): the
  // page cannot be isolated and must say so.
  test.use({ serviceWorkers: 'block' });
  let server: StaticServer;
  let origin = '';

  test.beforeAll(async () => {
    server = await serveStatic(fileURLToPath(new URL('../dist/', import.meta.url)));
    origin = server.origin;
  });

  test.afterAll(() => server.close());

  test('the page says single-threaded and a WASM lane still serves jobs on 1 thread', async ({
    page,
  }) => {
    await openApp(page, `${origin}/`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(page.getByTestId('status-isolated')).toContainText('no');
    await expect(page.getByTestId('status-threads')).toContainText('no (single-threaded)');
    const control = page.getByLabel('WASM threads per CPU lane');
    await expect(control).toBeDisabled();
    await expect(control).toHaveAccessibleDescription(/not cross-origin isolated/);
    await expect(page.getByTestId('live-threads-hint')).toBeVisible();

    // Ask for 2 threads anyway: the lane clamps to 1 and says why.
    await startLive(
      page,
      lightConfig([{ kind: 'cpu', count: 1 }], { ppocr_cls: 1, silero_vad: 1 }),
      {
        threadsPerCpuLane: 2,
      },
    );
    await page.waitForFunction(() => (window.__schedlab!.live()?.lanes[0]?.jobs ?? 0) >= 4, null, {
      timeout: 40_000,
    });
    const live = await page.evaluate(() => window.__schedlab!.live()!);
    const lane = live.lanes[0]!;
    console.log(
      `not isolated: cpu0 ${lane.info?.threads} thread(s) (asked ${lane.info?.threadsRequested}), ${lane.jobs} jobs, mean service ${lane.meanServiceMs.toFixed(2)} ms`,
    );
    expect(live.isolated).toBe(false);
    expect(lane.info).toMatchObject({ isolated: false, threadsRequested: 2, threads: 1 });
    expect(lane.meanServiceMs).toBeGreaterThan(0);
    await expect(page.getByTestId('live-single-threaded')).toBeVisible();
    await expect(page.getByTestId('live-lane-cpu0')).toContainText('single-threaded');
    expect(balanced(await ledger(page))).toBe(true);
  });
});

test('Recover restarts a down live lane: it reloads, serves again and the ledger balances; a refused adapter stays down', async ({
  page,
}) => {
  await openApp(page);
  await startLive(
    page,
    lightConfig(
      [
        { kind: 'gpu', count: 1 },
        { kind: 'cpu', count: 2 },
      ],
      { ppocr_cls: 1, silero_vad: 1 },
    ),
    { threadsPerCpuLane: 1, allowSoftwareAdapter: false, warmupRuns: 2 },
  );
  await page.waitForFunction(
    () => {
      const l = window.__schedlab!.live()?.lanes;
      return l !== undefined && l[1]!.runs >= 1 && l[2]!.runs >= 1;
    },
    null,
    { timeout: 40_000 },
  );
  const gpuReason = await page.evaluate(() => window.__schedlab!.live()!.lanes[0]!.reason);
  expect(gpuReason).toMatch(/software/);

  // A fault on a WASM lane: down with the reason, its work re-queued.
  await page.evaluate(async () =>
    (await window.__schedlab!.engine()).injectLaneFault(1, 'device-lost'),
  );
  await page.waitForFunction(() => window.__schedlab!.laneStates()[1]?.up === false);
  const down = await page.evaluate(() => window.__schedlab!.live()!.lanes[1]!);
  expect(down.health).toBe('down');
  expect(down.reason).toMatch(/device lost/);
  await expect(page.getByTestId('live-lane-cpu0')).toContainText(/device lost/);
  expect(balanced(await ledger(page))).toBe(true);

  // Recover through the Lanes control group.
  await page.getByLabel('Lane', { exact: true }).selectOption({ label: 'cpu0 (down)' });
  await page.getByRole('button', { name: 'Recover cpu0' }).click();
  await page.waitForFunction(() => window.__schedlab!.live()!.lanes[1]!.restarts === 1);
  // Not back on the engine until the fresh worker is ready.
  const during = await page.evaluate(() => ({
    health: window.__schedlab!.live()!.lanes[1]!.health,
    up: window.__schedlab!.laneStates()[1]!.up,
  }));
  console.log(`restarting cpu0: ${JSON.stringify(during)}`);
  if (during.health !== 'ready') expect(during.up).toBe(false);
  await page.waitForFunction(() => window.__schedlab!.laneStates()[1]?.up === true, null, {
    timeout: 30_000,
  });
  expect(await page.evaluate(() => window.__schedlab!.live()!.lanes[1]!.health)).toBe('ready');
  await expect(page.getByTestId('live-lane-cpu0-restarts')).toHaveText('restarted 1×');
  const runs = await page.evaluate(() => window.__schedlab!.live()!.lanes[1]!.runs);
  await page.waitForFunction((n) => window.__schedlab!.live()!.lanes[1]!.runs >= n + 3, runs, {
    timeout: 30_000,
  });
  expect(balanced(await ledger(page))).toBe(true);

  // A worker crash, recovered through the API, comes back too.
  await page.evaluate(async () => (await window.__schedlab!.engine()).injectLaneFault(2, 'crash'));
  await page.waitForFunction(() => window.__schedlab!.laneStates()[2]?.up === false);
  await page.evaluate(async () => (await window.__schedlab!.engine()).recoverLane(2));
  await page.waitForFunction(() => window.__schedlab!.laneStates()[2]?.up === true, null, {
    timeout: 30_000,
  });

  // The refused software adapter is permanent: recovering shows the same reason again.
  await page.evaluate(async () => (await window.__schedlab!.engine()).recoverLane(0));
  await page.waitForFunction(() => {
    const l = window.__schedlab!.live()!.lanes[0]!;
    return l.restarts === 1 && l.health === 'down';
  });
  const gpu = await page.evaluate(() => window.__schedlab!.live()!.lanes[0]!);
  expect(gpu.reason).toBe(gpuReason);
  expect(await page.evaluate(() => window.__schedlab!.laneStates()[0]!.up)).toBe(false);
  await expect(page.getByTestId('live-lane-gpu0')).toContainText(/software/);

  const final = await ledger(page);
  console.log(`ledger after recoveries: ${JSON.stringify(final)}`);
  expect(balanced(final)).toBe(true);
  expect(final.completed).toBeGreaterThanOrEqual(8);
});
