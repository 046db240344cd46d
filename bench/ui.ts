// UI benchmark (not a test): drives the built app in Chromium at 5,000 simulated jobs/s for 20 s and
// prints the frame-interval p50/p95, long tasks, worker-to-page messages per second and the page's
// JS heap at start and end. Targets: p95 frame interval <= 20 ms, no long task > 50 ms after
// start-up, <= 1 engine message per frame, heap flat.
//
// Wall-clock figures suffer on a busy machine: a page thread that waits for a core shows long
// frames and long tasks that are not its own work. So the run is also traced (Chrome's `toplevel`
// category, which carries each task's thread CPU time), and the report gives the page main thread's
// CPU per frame and the CPU time of its longest task beside the wall-clock ones, with the load
// average before and after.
//
// Then it runs ~1,000,000 jobs, exports them as trace CSV from the page (the export replays the run
// in the worker and streams it) and checks that the file has one row per finished job of the
// ledger, and that the page kept drawing meanwhile (frame intervals, long tasks during the export).
//
// With --compare the page runs compare mode: sides A (least_loaded) and B (edf) each at the rate
// (5,000 jobs/s each by default), two engines in lockstep in the worker, both Gantt charts and the
// compare charts drawn; the target is then p95 <= 16.7 ms (one 60 Hz frame). Recording starts once
// the verdict's background seeds are done, and the export check is off unless asked for.
//
// With --llm the page runs its LLM serving mode (app/llm/): 4 replicas x 8,192 KV blocks, the
// chat preset at 200 requests/s (far past what the cache holds: the block map churns), the block
// map, step Gantt, timeline, numbers and CDFs drawn; the export check is off. --request-view shows
// the step Gantt's request view (each request a row) instead of its step view.
//
// --dashboard opens the dashboard (every chart) beside the first look; without it the page shows
// what a first visit shows. --dist DIR serves another build (paired runs against an older dist/ copy), --gpu/--cpu/--mix set
// the lanes and model mix (at --rate 10000 the default lanes would be overloaded: use e.g.
// --gpu 20 --cpu 16 --mix 1,0,0, ResNet-18 only, ~12,000 jobs/s of capacity, 83 % load).
//
//   npm run build && npm run bench:ui [-- --seconds 20 --rate 5000 --export-jobs 1000000]
//   npm run build && npm run bench:ui -- --compare
//   npm run bench:ui -- --rate 10000 --gpu 20 --cpu 16 --mix 1,0,0 --export-jobs 0 [--dist DIR]
//   npm run build && npm run bench:ui -- --llm [--request-view]

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const textArg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const COMPARE = args.includes('--compare');
const LLM = args.includes('--llm');
/** LLM mode: the step Gantt in its request view (each request a row) instead of its step view. */
const REQUEST_VIEW = args.includes('--request-view');
/** Open the dashboard (every chart) beside the first look; without it the page shows the first
 * look only, as a newcomer's first visit does. */
const DASHBOARD = args.includes('--dashboard');
const SECONDS = arg('seconds', 20);
const RATE = arg('rate', 5000);
const PORT = arg('port', 4179);
/** Jobs to run before the trace CSV export check; 0 skips it. */
const EXPORT_JOBS = arg('export-jobs', COMPARE || LLM ? 0 : 1_000_000);
/** p95 frame interval target, ms: one 60 Hz frame in compare mode. */
const P95_TARGET = COMPARE ? 16.7 : 20;
// The 5k preset: 24 GPU + 16 CPU lanes serve ~5,800 jobs/s of the default mix (~85 % load).
const GPU = arg('gpu', 24);
const CPU = arg('cpu', 16);
const MIX = textArg('mix', '');
/** The build to serve (vite preview's --outDir). */
const DIST = textArg('dist', 'dist');
const QUERY = LLM
  ? ''
  : `?rate=${RATE}&gpu=${GPU}&cpu=${CPU}&sched=least_loaded` +
    (MIX !== '' ? `&mix=${MIX}` : '') +
    (COMPARE ? '&cmp=1&b.sched=edf' : '');

/** LLM mode: switch to it and set up 4 replicas x 8,192 blocks at 200 requests/s. */
async function startLlm(page: Page): Promise<void> {
  await page.getByTestId('mode-llm').click();
  await page.waitForFunction(() => (window.__schedlabLlm?.frames() ?? 0) > 0);
  const engine = page.getByTestId('llm-engine-settings');
  await engine.getByRole('combobox', { name: 'Replicas' }).selectOption('4');
  await engine.getByRole('combobox', { name: 'KV blocks per replica' }).selectOption('8192');
  await page.waitForFunction(() => window.__schedlabLlm!.snapshot()?.cells === 4 * 8192);
  await page.getByTestId('llm-controls').getByRole('slider', { name: 'Arrival rate' }).fill('1000');
  await page.waitForFunction(() => window.__schedlabLlm!.snapshot()?.rate === 200);
  if (REQUEST_VIEW) await page.getByRole('button', { name: 'Request view' }).click();
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not start at ${url} (did you run npm run build?)`);
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The page main thread's top-level tasks in a trace: wall and thread-CPU durations, ms. */
async function mainThreadTasks(path: string): Promise<{ wall: number; cpu: number }[]> {
  const parsed = JSON.parse(await readFile(path, 'utf8')) as
    TraceEvent[] | { traceEvents: TraceEvent[] };
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set<string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      main.add(`${e.pid}:${e.tid}`);
  }
  return events
    .filter(
      (e) =>
        e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`),
    )
    .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }));
}

/** Newlines in a file, streamed (the trace of a million jobs is ~110 MB). */
async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}

/** Run EXPORT_JOBS jobs as fast as the engine goes, export the trace CSV, check it. */
async function exportCheck(page: Page, base: string): Promise<[string, string, string][]> {
  await page.goto(`${base}${QUERY}&speed=1000`);
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  await page.waitForFunction(
    (n) => (window.__schedlab!.snapshot()?.ledger.arrived ?? 0) >= n,
    EXPORT_JOBS,
    { timeout: 600_000 },
  );
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()?.playing === false);
  const ledger = (await page.evaluate(() => window.__schedlab!.snapshot()!.ledger))!;
  await page.evaluate(`
    window.__export = { intervals: [], longTasks: [], stop: false };
    let last = performance.now();
    const tick = (t) => {
      window.__export.intervals.push(t - last);
      last = t;
      if (!window.__export.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__export.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  `);
  const t0 = Date.now();
  const download = page.waitForEvent('download', { timeout: 600_000 });
  await page.getByRole('button', { name: 'Trace CSV' }).click();
  const file = await (await download).path();
  const exportS = (Date.now() - t0) / 1000;
  const during = await page.evaluate(() => {
    const w = window as unknown as {
      __export: { intervals: number[]; longTasks: number[]; stop: boolean };
    };
    w.__export.stop = true;
    return w.__export;
  });
  const record = await page.evaluate(() => window.__schedlab!.lastExport());
  const lines = await countLines(file);
  const finished = ledger.completed + ledger.rejected + ledger.dropped;
  const rows = record?.result?.rows ?? NaN;
  const iv = during.intervals.slice(1).sort((a, b) => a - b);
  const maxLong = during.longTasks.length > 0 ? Math.max(...during.longTasks) : 0;
  const fmt = (n: number): string => n.toLocaleString('en-US');
  return [
    [
      'export: trace CSV',
      `${fmt(rows)} rows, ${((record?.bytes ?? 0) / 1e6).toFixed(0)} MB in ${exportS.toFixed(1)} s`,
      '',
    ],
    [
      'export: vs ledger',
      `${fmt(finished)} finished (completed + rejected + dropped), ${fmt(lines - 1)} lines in the file`,
      rows === finished && lines - 1 === finished ? 'ok (one row per finished job)' : 'MISMATCH',
    ],
    [
      'export: page frames',
      `p95 ${quantile(iv, 0.95).toFixed(1)} ms, max ${iv[iv.length - 1]?.toFixed(1)} ms; ${during.longTasks.length} long tasks (max ${maxLong.toFixed(0)} ms)`,
      quantile(iv, 0.95) <= 20 ? 'ok (the page kept drawing)' : 'MISSED (p95 > 20 ms)',
    ],
  ];
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const server = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--port',
      String(PORT),
      '--strictPort',
      '--host',
      '127.0.0.1',
      '--outDir',
      DIST,
    ],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const base = `http://127.0.0.1:${PORT}/`;
  try {
    await waitForServer(base);
    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    if (DASHBOARD) await page.addInitScript(() => localStorage.setItem('schedlab-dashboard', '1'));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    };

    await page.goto(base + QUERY);
    await page.waitForFunction(() => window.__schedlab?.ready === true);
    if (LLM) await startLlm(page);
    // The frames of the mode being measured (LLM frames in LLM mode).
    const frames = (): Promise<number> =>
      page.evaluate(() =>
        window.__schedlabLlm?.mode() === 'llm'
          ? window.__schedlabLlm.frames()
          : window.__schedlab!.frames(),
      );
    // Start-up over: the first frames are in (and, comparing, the verdict's seeds have run in
    // their worker); begin recording.
    const framesBefore = await frames();
    await page.waitForFunction(
      (n) =>
        (window.__schedlabLlm?.mode() === 'llm'
          ? window.__schedlabLlm.frames()
          : window.__schedlab!.frames()) >
        n + 30,
      framesBefore,
    );
    const verdictT0 = Date.now();
    if (COMPARE) {
      await page.waitForFunction(
        () => window.__schedlab!.compare()?.verdict.status === 'ready',
        null,
        { timeout: 300_000 },
      );
    }
    const verdictS = (Date.now() - verdictT0) / 1000;
    const heapStart = await heap();
    // A string, not a function: tsx would wrap named functions in a helper the page lacks.
    await page.evaluate(`
      window.__bench = { intervals: [], longTasks: [] };
      let last = performance.now();
      const tick = (t) => {
        window.__bench.intervals.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    `);
    const tracePath = join(tmpdir(), `schedlab-bench-ui-${process.pid}.json`);
    await browser.startTracing(page, { path: tracePath, categories: ['toplevel'] });
    const framesStart = await frames();
    const t0 = Date.now();
    const perSecond: number[] = [];
    let lastFrames = framesStart;
    for (let s = 0; s < SECONDS; s++) {
      await page.waitForTimeout(1000);
      if (LLM) {
        const n = await frames();
        perSecond.push(n - lastFrames);
        lastFrames = n;
      } else perSecond.push(await page.evaluate(() => window.__schedlab!.messagesPerSecond()));
    }
    const wallS = (Date.now() - t0) / 1000;
    const result = await page.evaluate(() => {
      const w = window as unknown as { __bench: { intervals: number[]; longTasks: number[] } };
      return {
        ...w.__bench,
        snapshot: window.__schedlab!.snapshot(),
        llm: window.__schedlabLlm?.snapshot() ?? null,
        llmFrames: window.__schedlabLlm?.frames() ?? 0,
        compare: window.__schedlab!.compare(),
        frames: window.__schedlab!.frames(),
        raf: window.__schedlab!.rafStats(),
      };
    });
    await browser.stopTracing();
    const tasks = await mainThreadTasks(tracePath);
    await rm(tracePath, { force: true });
    const heapEnd = await heap();
    const exportRows = EXPORT_JOBS > 0 ? await exportCheck(page, base) : [];
    await browser.close();
    const loadAfter = loadavg();

    const intervals = result.intervals.slice(1).sort((a, b) => a - b);
    const rafCount = intervals.length;
    const messages = (LLM ? result.llmFrames : result.frames) - framesStart;
    const msgPerS = messages / wallS;
    const rafPerS = rafCount / wallS;
    const snap = result.snapshot!;
    const mib = (b: number): string => `${(b / 1048576).toFixed(1)} MiB`;
    const p95 = quantile(intervals, 0.95);
    const maxLong = result.longTasks.length > 0 ? Math.max(...result.longTasks) : 0;
    const mainCpu = tasks.reduce((a, t) => a + t.cpu, 0);
    const longByWall = tasks.filter((t) => t.wall > 50);
    const maxTaskCpu = tasks.reduce((a, t) => Math.max(a, t.cpu), 0);
    const load = (l: number[]): string => l.map((v) => v.toFixed(2)).join(' ');
    const cmp = result.compare;
    const rows: [string, string, string][] = [
      [
        'scenario',
        LLM
          ? `LLM mode: chat preset, 200 requests/s, 4 replicas x 8,192 KV blocks, ${SECONDS} s${REQUEST_VIEW ? ', request view' : ''} (${DIST})`
          : COMPARE
            ? `compare: A least_loaded, B edf, ${RATE} jobs/s each, ${GPU} GPU + ${CPU} CPU lanes each, ${SECONDS} s`
            : `${RATE} jobs/s, ${GPU} GPU + ${CPU} CPU lanes${MIX ? `, mix ${MIX}` : ''}, ${SECONDS} s (${DIST}${DASHBOARD ? ', dashboard open' : ''})`,
        '',
      ],
      [
        'load average',
        `${load(loadBefore)} before, ${load(loadAfter)} after (${cpus().length} cores)`,
        loadAfter[0]! > cpus().length ? 'busy machine: read the CPU rows' : '',
      ],
      LLM && result.llm
        ? [
            'simulated',
            `${(result.llm.time / 1000).toFixed(1)} s, ${result.llm.completed.toLocaleString('en-US')} requests completed, ${result.llm.preemptions.toLocaleString('en-US')} preemptions, KV ${((result.llm.kvUsed / result.llm.kvTotal) * 100).toFixed(0)} % in use`,
            '',
          ]
        : [
            'simulated',
            `${(snap.time / 1000).toFixed(1)} s, ${snap.ledger.completed.toLocaleString('en-US')} jobs completed`,
            '',
          ],
      ...(COMPARE && cmp
        ? ([
            [
              'side B',
              `${(cmp.b.time / 1000).toFixed(1)} s, ${cmp.b.ledger.completed.toLocaleString('en-US')} jobs completed; ${cmp.pairs.toLocaleString('en-US')} pairs sampled`,
              cmp.b.time === cmp.a.time ? 'ok (one clock)' : 'CLOCKS DIFFER',
            ],
            [
              'verdict',
              `ready ${verdictS.toFixed(1)} s after start-up: ${cmp.verdict.headline}`,
              '',
            ],
          ] as [string, string, string][])
        : []),
      ['frame interval p50', `${quantile(intervals, 0.5).toFixed(1)} ms`, ''],
      [
        'frame interval p95',
        `${p95.toFixed(1)} ms`,
        p95 <= P95_TARGET ? `ok (<= ${P95_TARGET} ms)` : `MISSED (target <= ${P95_TARGET} ms)`,
      ],
      ['frame interval max', `${intervals[intervals.length - 1]?.toFixed(1)} ms`, ''],
      [
        'long tasks',
        `${result.longTasks.length} (max ${maxLong.toFixed(0)} ms)`,
        maxLong <= 50 ? 'ok (none > 50 ms)' : 'MISSED (target: none > 50 ms)',
      ],
      [
        'main thread CPU',
        `${(mainCpu / rafCount).toFixed(1)} ms per frame (${((mainCpu / (wallS * 1000)) * 100).toFixed(0)} % of one core)`,
        mainCpu / rafCount <= 12 ? 'ok (room in a 16.7 ms frame)' : 'MISSED (> 12 ms per frame)',
      ],
      [
        'tasks > 50 ms wall',
        `${longByWall.length}; longest task's CPU ${maxTaskCpu.toFixed(1)} ms`,
        maxTaskCpu <= 50
          ? 'ok by CPU (any long wall time was waiting for a core)'
          : 'MISSED (a task used > 50 ms of CPU)',
      ],
      [
        'engine messages/s',
        `${msgPerS.toFixed(1)} (per-second samples ${Math.min(...perSecond).toFixed(0)}..${Math.max(...perSecond).toFixed(0)})`,
        '',
      ],
      [
        'animation frames/s',
        rafPerS.toFixed(1),
        msgPerS <= rafPerS * 1.02
          ? 'ok (<= 1 message per frame)'
          : 'MISSED (> 1 message per frame)',
      ],
      // The request mode's own rAF scheduler (idle in LLM mode, whose canvases draw themselves).
      ...(LLM
        ? []
        : ([
            [
              'rAF work',
              `${(result.raf.totalWorkMs / result.raf.frames).toFixed(2)} ms mean, ${result.raf.maxWorkMs.toFixed(1)} ms max per frame`,
              '',
            ],
          ] as [string, string, string][])),
      [
        'heap start / end',
        `${mib(heapStart)} / ${mib(heapEnd)}`,
        heapEnd - heapStart < 8 * 1048576 ? 'ok (flat, < 8 MiB growth)' : 'MISSED (grew)',
      ],
    ];
    rows.push(...exportRows);
    for (const [k, v, verdict] of rows) console.log(`${k.padEnd(20)} ${v.padEnd(58)} ${verdict}`);
  } finally {
    if (server.pid !== undefined) process.kill(-server.pid);
  }
}

await main();
