// Load benchmark (not a test): a cold and a warm visit to the built site served as the simplest
// static hosts serve it (scripts/site/static-server.ts: no COOP/COEP, no caching headers, under
// /a/b/schedlab/), in Debian's Chromium. For each visit it reports the time to the first chart
// frame (from navigation, through the service worker's one reload on a cold visit), the time from
// switching to live mode to every live lane ready or down (the default live preset: a WebGPU lane
// and a WASM lane, PP-OCR classifier, Silero VAD and ResNet-18, warm-up included), and the bytes
// the server sent for each. A cold visit is a fresh browser profile; the warm one reopens the page
// in the same profile (service worker registered, files in Cache Storage). Medians over --runs
// (the upper one of two).
//
//   npm run build && npm run bench:load [-- --runs 3]

import { loadavg } from 'node:os';
import type { BrowserContext } from '@playwright/test';
import { launchChromium } from '../scripts/site/chromium.ts';
import { serveStatic, type StaticServer } from '../scripts/site/static-server.ts';
import type { AssetLoad } from '../src/workers/lanes/verified-assets.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = arg('runs', 3);

interface Visit {
  firstChartMs: number;
  pageBytes: number;
  /** The WASM (CPU) lane ready; every lane ready (the WebGPU one runs on SwiftShader here). */
  cpuReadyMs: number;
  liveReadyMs: number;
  liveBytes: number;
  files: string[];
}

const sentBytes = (server: StaticServer, from: number): number =>
  server.requests.slice(from).reduce((a, r) => a + r.bytes, 0);

async function visit(context: BrowserContext, server: StaticServer): Promise<Visit> {
  const page = await context.newPage();
  let mark = server.requests.length;
  const t0 = Date.now();
  await page.goto(server.url);
  await page.waitForFunction(
    () => crossOriginIsolated && window.__schedlab?.firstChartFrameAt != null,
    null,
    { timeout: 60_000 },
  );
  const firstChartAt = await page.evaluate(
    () => performance.timeOrigin + window.__schedlab!.firstChartFrameAt!,
  );
  const pageBytes = sentBytes(server, mark);
  mark = server.requests.length;
  const t1 = Date.now();
  await page.getByLabel('Mode', { exact: true }).selectOption('live');
  // Each lane's first moment ready (or down), polled from here.
  const laneReady: Record<string, number> = {};
  for (;;) {
    const live = await page.evaluate(() => window.__schedlab!.live());
    for (const l of live?.lanes ?? []) {
      if ((l.health === 'ready' || l.health === 'down') && laneReady[l.name] === undefined) {
        laneReady[l.name] = Date.now() - t1;
      }
    }
    if (live?.settled) break;
    if (Date.now() - t1 > 300_000) throw new Error('live lanes not ready after 300 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const liveReadyMs = Date.now() - t1;
  const cpuReadyMs = laneReady['cpu0'] ?? NaN;
  const lanes = await page.evaluate(() => window.__schedlab!.live()!.lanes);
  const files = lanes.flatMap((l) =>
    (l.info?.files ?? []).map(
      (f: AssetLoad) =>
        `${l.name} ${f.key.replace(/^\w+\//, '')} ${f.from} ${(f.ms / 1000).toFixed(2)} s${f.obtainMs === undefined ? '' : ` (${f.from === 'made' ? 'making' : 'fetching'} ${(f.obtainMs / 1000).toFixed(2)} s)`}`,
    ),
  );
  const down = lanes.filter((l) => l.health === 'down').map((l) => `${l.name}: ${l.reason}`);
  if (down.length > 0) console.log(`  (lanes down: ${down.join('; ')})`);
  const liveBytes = sentBytes(server, mark);
  await page.close();
  return {
    firstChartMs: Math.round(firstChartAt - t0),
    pageBytes,
    cpuReadyMs,
    liveReadyMs,
    liveBytes,
    files,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const server = await serveStatic('dist', { prefix: '/a/b/schedlab/' });
const browser = await launchChromium();
const version = browser.version();
const load0 = loadavg()[0]!;
const cold: Visit[] = [];
const warm: Visit[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const context = await browser.newContext();
    cold.push(await visit(context, server));
    warm.push(await visit(context, server));
    await context.close();
    const c = cold.at(-1)!;
    const w = warm.at(-1)!;
    console.log(
      `run ${run}: cold first chart ${c.firstChartMs} ms, WASM lane ${c.cpuReadyMs} ms, all lanes ${c.liveReadyMs} ms; warm ${w.firstChartMs} ms, ${w.cpuReadyMs} ms, ${w.liveReadyMs} ms`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}

const mb = (b: number): string => (b / 1e6).toFixed(2);
const row = (name: string, v: Visit[]): string =>
  `| ${name} | ${median(v.map((x) => x.firstChartMs))} | ${mb(median(v.map((x) => x.pageBytes)))} | ${median(v.map((x) => x.cpuReadyMs))} | ${median(v.map((x) => x.liveReadyMs))} | ${mb(median(v.map((x) => x.liveBytes)))} |`;
console.log(
  `\nbench:load: dist/ on a plain static server under /a/b/schedlab/, Chromium ${version}, ${RUNS} runs, medians; load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}\n`,
);
console.log(
  '| visit | first chart frame (ms) | page MB sent | WASM lane ready (ms) | all live lanes ready (ms) | live MB sent |',
);
console.log(
  '| ----- | ---------------------: | -----------: | -------------------: | ------------------------: | -----------: |',
);
console.log(row('cold', cold));
console.log(row('warm', warm));
console.log(`\nfiles of the last cold visit:\n  ${cold.at(-1)!.files.join('\n  ')}`);
console.log(`files of the last warm visit:\n  ${warm.at(-1)!.files.join('\n  ')}`);
