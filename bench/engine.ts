// `npm run bench:engine`: simulated jobs per second and events per second for 1,000,000 Poisson jobs
// on 16 lanes with `fifo` and `edf`, with the trace off and with trace.csv written to disk, plus peak
// memory at 250k, 1M and 4M jobs to show that memory does not grow with the run's length. Each case
// runs in a fresh Node process so its peak RSS is its own. Figures are medians of 3 runs. The same
// policies written through the policy API (examples/policies/fifo.js, edf.js) run beside the
// built-ins, with the trace off, to show what the API costs.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/engine/engine.ts';
import { benchConfig } from './engine-config.ts';
import { openTraceFile } from '../cli/trace-file.ts';
import { compilePolicy } from '../src/policy/compile.ts';
import type { SchedulerFactory } from '../src/engine/schedulers/types.ts';
import type { SchedulerName } from '../src/engine/schedulers/registry.ts';

/** A built-in's name, or an example policy's file (`fifo.js`) run through the policy API. */
type Case = SchedulerName | `${string}.js`;

function apiPolicy(file: string): SchedulerFactory {
  const path = fileURLToPath(new URL(`../examples/policies/${file}`, import.meta.url));
  const r = compilePolicy(readFileSync(path, 'utf8'), { file });
  if (!r.ok) throw new Error(`${file}:${r.error.line}: ${r.error.message}`);
  return r.policy.factory();
}

interface CaseResult {
  jobs: number;
  scheduler: Case;
  trace: boolean;
  seconds: number;
  events: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

function runCase(jobs: number, scheduler: Case, trace: boolean): CaseResult {
  const api = scheduler.endsWith('.js');
  const config = benchConfig(jobs, api ? 'fifo' : (scheduler as SchedulerName));
  const dir = trace ? mkdtempSync(join(tmpdir(), 'schedlab-bench-')) : '';
  const traceFile = trace ? openTraceFile(config, join(dir, 'trace.csv')) : undefined;
  const engine = new Engine(config, {
    ...(traceFile ? { trace: traceFile.writer } : {}),
    ...(api ? { scheduler: apiPolicy(scheduler) } : {}),
  });
  let peakRss = 0;
  let peakHeap = 0;
  const t0 = performance.now();
  while (engine.run(100_000)) {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }
  engine.finish();
  const seconds = (performance.now() - t0) / 1000;
  traceFile?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  const m = process.memoryUsage();
  return {
    jobs,
    scheduler,
    trace,
    seconds,
    events: engine.eventCount,
    peakRssMiB: Math.max(peakRss, m.rss) / 2 ** 20,
    peakHeapMiB: Math.max(peakHeap, m.heapUsed) / 2 ** 20,
  };
}

function child(jobs: number, scheduler: Case, trace: boolean): CaseResult {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', self, '--case', String(jobs), scheduler, trace ? 'trace' : 'notrace'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as CaseResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--case') {
    console.log(JSON.stringify(runCase(Number(args[1]), args[2] as Case, args[3] === 'trace')));
    return;
  }
  const repeats = 3;
  console.log(
    `engine benchmark: Poisson 14,000 jobs/s on 16 cpu lanes (87.5% load), median of ${repeats}\n`,
  );
  const load = (): string =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(', ');
  console.log(`load average at start: ${load()}\n`);
  console.log('scheduler  trace   jobs        jobs/s      events/s    peak RSS  peak heap');
  const offJobsPerS = new Map<Case, number>();
  for (const trace of [false, true]) {
    const cases: Case[] = trace ? ['fifo', 'edf'] : ['fifo', 'edf', 'fifo.js', 'edf.js'];
    for (const scheduler of cases) {
      const runs = Array.from({ length: repeats }, () => child(1_000_000, scheduler, trace));
      const jobsPerS = median(runs.map((r) => r.jobs / r.seconds));
      const eventsPerS = median(runs.map((r) => r.events / r.seconds));
      const rss = median(runs.map((r) => r.peakRssMiB));
      const heap = median(runs.map((r) => r.peakHeapMiB));
      if (!trace) offJobsPerS.set(scheduler, jobsPerS);
      console.log(
        `${scheduler.padEnd(10)} ${(trace ? 'csv' : 'off').padEnd(7)} ${'1,000,000'.padEnd(11)} ${Math.round(jobsPerS).toLocaleString('en').padStart(10)}  ${Math.round(eventsPerS).toLocaleString('en').padStart(10)}  ${rss.toFixed(0).padStart(5)} MiB  ${heap.toFixed(0).padStart(5)} MiB`,
      );
    }
  }
  console.log('\nthe same policy through the policy API (examples/policies/*.js), trace off:');
  for (const name of ['fifo', 'edf'] as const) {
    const ratio = offJobsPerS.get(`${name}.js`)! / offJobsPerS.get(name)!;
    console.log(`  ${name}.js runs at ${(ratio * 100).toFixed(0)}% of built-in ${name}'s jobs/s`);
  }
  for (const trace of [false, true]) {
    console.log(`\npeak memory against run length (edf, trace ${trace ? 'csv written' : 'off'}):`);
    for (const jobs of [250_000, 1_000_000, 4_000_000]) {
      const r = child(jobs, 'edf', trace);
      console.log(
        `  ${jobs.toLocaleString('en').padStart(9)} jobs: peak RSS ${r.peakRssMiB.toFixed(0)} MiB, peak heap ${r.peakHeapMiB.toFixed(0)} MiB, ${Math.round(r.jobs / r.seconds).toLocaleString('en')} jobs/s`,
      );
    }
  }
  console.log(`\nload average at end: ${load()}`);
}

main();
