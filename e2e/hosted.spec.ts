// The hosted page: the built dist/ on a plain static server (no COOP/COEP headers, no rewrite
// rules) under a nested sub-path, as a course page or a code host's project page serves it. The
// page draws and simulates from a deep link, becomes cross-origin isolated through its service
// worker (one reload), serves live jobs on a 2-thread WASM lane, and no request fails. dist/ stays
// within its size budget.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { balanced, ledger, startLive } from './live-helpers.ts';
import { hostedSite } from './site-helpers.ts';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const server = hostedSite('/a/b/schedlab/');
const PREFIX = server.prefix;

/** Every request of the page and its workers that failed or was answered with an error. */
function watchFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('requestfailed', (r) => failures.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.url()}: HTTP ${r.status()}`);
  });
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  return failures;
}

test('from a nested sub-path of a plain static server: a deep link draws and runs, the service worker isolates the page, a WASM lane serves on 2 threads, no request fails', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const failures = watchFailures(page);
  // A deep link: settings in the query string, no rewrite rules needed.
  // The first visit registers the service worker and reloads once; open waits through it.
  await server.open(page, '?rate=321&sched=edf&speed=10');
  expect(await page.evaluate(() => window.__schedlab!.isolation())).toEqual({
    mode: 'service-worker',
  });
  const sw = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
  expect(sw).toBe(`${server.url}coi-sw.js`);
  await expect(page.getByTestId('status-isolated')).toContainText('yes (service worker)');
  await expect(page.getByTestId('status-threads')).toContainText('yes');
  expect(new URL(page.url()).pathname).toBe(PREFIX);
  expect(new URL(page.url()).searchParams.get('rate')).toBe('321');

  // The simulation runs with the link's settings and the charts draw.
  await page.waitForFunction(() => (window.__schedlab!.snapshot()?.ledger.completed ?? 0) > 100);
  const snap = await page.evaluate(() => window.__schedlab!.snapshot()!);
  expect(snap.rate).toBe(321);
  expect(snap.scheduler).toBe('edf');
  expect(balanced(snap.ledger)).toBe(true);
  expect(await page.evaluate(() => window.__schedlab!.firstChartFrameAt)).not.toBeNull();
  // The first look's drawn queue paints, its dots in flight.
  await page.waitForFunction(() => window.__schedlab!.queueView().paints > 10);
  // The favicon resolves against the sub-path too.
  const icon = await page.locator('link[rel="icon"]').evaluate((l) => (l as HTMLLinkElement).href);
  expect(icon).toBe(`${server.url}favicon.svg`);
  expect((await page.request.get(icon)).status()).toBe(200);

  // Live mode on a WASM lane with 2 threads (SharedArrayBuffer through the service worker).
  await startLive(
    page,
    {
      seed: 3,
      jobs: 1_000_000,
      arrivals: { process: 'poisson', rate_per_s: 8 },
      mix: { interactive_ratio: 0.5, models: { ppocr_cls: 1, silero_vad: 1 } },
      lanes: [{ kind: 'cpu', count: 1 }],
      service: { dist: 'deterministic', mean_ms: 10 },
      scheduler: { name: 'fifo' },
      queue: { capacity: 10_000 },
    },
    { threadsPerCpuLane: 2, warmupRuns: 2 },
  );
  await page.waitForFunction(() => (window.__schedlab!.live()?.lanes[0]?.jobs ?? 0) >= 6, null, {
    timeout: 60_000,
  });
  const lane = await page.evaluate(() => window.__schedlab!.live()!.lanes[0]!);
  console.log(
    `hosted: cpu0 ${lane.info?.threads} threads, ${lane.jobs} jobs, mean ${lane.meanServiceMs.toFixed(2)} ms; files ${JSON.stringify(lane.info?.files)}`,
  );
  expect(lane.info).toMatchObject({ provider: 'wasm', isolated: true, threads: 2 });
  expect(lane.meanServiceMs).toBeGreaterThan(0);
  expect(balanced(await ledger(page))).toBe(true);

  // Every request stayed under the sub-path and none failed.
  expect(failures).toEqual([]);
  const outside = server.requests.filter((r) => !r.path.startsWith(PREFIX));
  expect(outside).toEqual([]);
  expect(server.requests.filter((r) => r.status >= 400)).toEqual([]);
});

test('dist/ is small: at most 30 MB in all, no file over 20 MiB, no model folder, no source maps', () => {
  const files: { path: string; bytes: number }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ path: path.slice(DIST.length), bytes: statSync(path).size });
    }
  };
  walk(DIST);
  const total = files.reduce((a, f) => a + f.bytes, 0);
  const largest = files.reduce((a, f) => (f.bytes > a.bytes ? f : a));
  console.log(
    `dist/: ${files.length} files, ${(total / 1e6).toFixed(1)} MB; largest ${largest.path} ${(largest.bytes / 2 ** 20).toFixed(1)} MiB`,
  );
  expect(total).toBeLessThanOrEqual(30e6);
  expect(largest.bytes).toBeLessThanOrEqual(20 * 2 ** 20);
  expect(files.filter((f) => f.path.endsWith('.map') || f.path.endsWith('.onnx'))).toEqual([]);
});
