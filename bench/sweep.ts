// `npm run bench:sweep`: what experiments at scale cost around the engine.
//   1. Start-up: wall time of a 10-job `sim` run through the compiled CLI (cli/launch.mjs with its
//      freshness check, as `npm run sim` runs it), beside bare `node -e 0` on this machine, the
//      same run transpiled on every call (tsx, as `npm run sim` did before), and `npm run sim`
//      itself (npm adds its own start-up). Medians of 9 (3 for the slow ones).
//   2. Sweep throughput: runs per second of a 48-run grid (100,000 jobs each) with 1 and 2 worker
//      threads, as the sweep reports it (pool start to last result written). Medians of 3.
//   3. A 10-job run replaying a 1,000,000-row timestamps trace: parsing dominates (once, now).
//   4. A day-long per-second load file (5.5 M jobs) replayed whole, with plots.
// Prints the load average before and after: this machine is shared, read ratios before absolutes.
// `--quick`: smaller runs; `--startup`: part 1 only.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'schedlab-bench-sweep-'));
const quick = process.argv.includes('--quick');
// `--startup`: only part 1 (a minute), to repeat when the machine is quiet.
const startupOnly = process.argv.includes('--startup');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function wall(command: string, args: string[]): number {
  return timed(command, args).wall;
}

/**
 * Wall and CPU seconds (user + system, the command and its children) of one command, from bash's
 * `time`. CPU time is less disturbed than wall time by other work on a shared machine.
 */
function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { wall: number; cpu: number } {
  const r = spawnSync(
    'bash',
    ['-c', 'TIMEFORMAT="%R %U %S"; { time "$@" > /dev/null 2>&1; } 2>&1', 'bash', command, ...args],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  );
  const m = /([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stdout);
  if (r.status !== 0 || !m)
    throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]) };
}

function medianTimes(n: number, command: string, args: string[]): { wall: number; cpu: number } {
  const runs = Array.from({ length: n }, () => timed(command, args));
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

console.log(`load average (1, 5, 15 min) at start: ${load()}`);

// Fresh build first, so the start-up figures never include a rebuild.
execFileSync(process.execPath, ['cli/build-cli.mjs'], { stdio: 'inherit' });

const ten = join(dir, 'ten.json');
writeFileSync(
  ten,
  JSON.stringify({
    seed: 7,
    jobs: 10,
    arrivals: { process: 'poisson', rate_per_s: 800 },
    lanes: [{ kind: 'cpu', count: 1 }],
    service: { dist: 'exponential', mean_ms: 1 },
  }),
);
const simArgs = ['--config', ten, '--out', join(dir, 'ten'), '--quiet'];
const n = quick ? 3 : 9;
const startup = {
  node: medianTimes(n, process.execPath, ['-e', '0']),
  compiled: medianTimes(n, process.execPath, ['cli/launch.mjs', 'sim', ...simArgs]),
  transpiled: medianTimes(3, process.execPath, ['--import', 'tsx', 'cli/sim.ts', ...simArgs]),
  npm: medianTimes(3, 'npm', ['run', '--silent', 'sim', '--', ...simArgs]),
};
const row = (label: string, t: { wall: number; cpu: number }, note = ''): void =>
  console.log(`  ${label.padEnd(38)} ${t.wall.toFixed(3)}   ${t.cpu.toFixed(3)}${note}`);
console.log('\nstart-up of a 10-job sim run (medians, seconds):          wall    CPU');
row("node -e 0 (Node's own start-up)", startup.node);
row('compiled CLI (node cli/launch.mjs sim)', startup.compiled, '   target: wall <= 0.3');
row('transpiled each call (tsx, as before)', startup.transpiled);
row('npm run sim (npm, then the compiled CLI)', startup.npm);
console.log(
  `  compiled vs transpiled: ${(startup.transpiled.wall / startup.compiled.wall).toFixed(1)}x less wall, ${(startup.transpiled.cpu / startup.compiled.cpu).toFixed(1)}x less CPU; compiled minus bare Node: ${(startup.compiled.wall - startup.node.wall).toFixed(3)} s wall`,
);

if (startupOnly) {
  console.log(`\nload average at end: ${load()}`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

const base = join(dir, 'base.json');
writeFileSync(
  base,
  JSON.stringify({
    jobs: quick ? 20_000 : 100_000,
    arrivals: { process: 'poisson', rate_per_s: 3000 },
    mix: { interactive_ratio: 0.5, models: { resnet18: 2, resnet50: 1 } },
    lanes: [
      { kind: 'gpu', count: 1, concurrency: 2 },
      { kind: 'cpu', count: 4 },
    ],
    service: { dist: 'exponential', mean_ms: 2 },
  }),
);
const grid = join(dir, 'grid.json');
writeFileSync(
  grid,
  JSON.stringify({
    'scheduler.name': ['fifo', 'edf', 'least_loaded', 'dynamic'],
    'arrivals.rate_per_s': [1500, 3000, 4500],
    seed: '1..4',
  }),
);
const reps = quick ? 1 : 3;
const rates: Record<number, number[]> = { 1: [], 2: [] };
// CPU seconds (user + system, all threads) per run: equal for 1 and 2 workers when the pool adds
// no work; wall-clock gains then depend only on the cores the machine has free.
const cpuPerRun: Record<number, number[]> = { 1: [], 2: [] };
for (let r = 0; r < reps; r++) {
  for (const workers of [1, 2]) {
    const out = join(dir, `sweep-${workers}-${r}`);
    const log = join(dir, 'sweep-stdout.txt');
    const t = timed(
      'bash',
      [
        '-c',
        '"$0" "$@" > "$SWEEP_LOG"',
        process.execPath,
        ...[
          'cli/launch.mjs',
          'sweep',
          '--config',
          base,
          '--grid',
          grid,
          '--out',
          out,
          '--workers',
          String(workers),
          '--quiet',
        ],
      ],
      { SWEEP_LOG: log },
    );
    const stdout = readFileSync(log, 'utf8');
    const m = /\(([\d.]+) runs\/s\)/.exec(stdout);
    if (!m) throw new Error(`no rate in: ${stdout}`);
    rates[workers]!.push(Number(m[1]));
    cpuPerRun[workers]!.push(t.cpu / 48);
    rmSync(out, { recursive: true, force: true });
  }
}
const r1 = median(rates[1]!);
const r2 = median(rates[2]!);
console.log(
  `\nsweep of 48 runs x ${quick ? '20,000' : '100,000'} jobs (median runs/s of ${reps}):`,
);
const c1 = median(cpuPerRun[1]!);
const c2 = median(cpuPerRun[2]!);
console.log(`  1 worker   ${r1.toFixed(2)} runs/s   ${c1.toFixed(3)} CPU s per run`);
console.log(
  `  2 workers  ${r2.toFixed(2)} runs/s   ${c2.toFixed(3)} CPU s per run   (${(r2 / r1).toFixed(2)}x runs/s)`,
);

const rows = quick ? 200_000 : 1_000_000;
let csv = 'arrival_ms\n';
for (let i = 0; i < rows; i++) csv += `${i * 2}\n`;
writeFileSync(join(dir, 'big.csv'), csv);
const bigConfig = join(dir, 'big.json');
writeFileSync(
  bigConfig,
  JSON.stringify({
    jobs: 10,
    arrivals: { process: 'trace', format: 'timestamps', file: 'big.csv' },
    lanes: [{ kind: 'cpu' }],
    service: { dist: 'exponential', mean_ms: 1 },
  }),
);
const big = median(
  Array.from({ length: 3 }, () =>
    wall(process.execPath, [
      'cli/launch.mjs',
      'sim',
      '--config',
      bigConfig,
      '--out',
      join(dir, 'big'),
      '--quiet',
      '--no-trace',
    ]),
  ),
);
console.log(
  `\n10-job run replaying a ${rows.toLocaleString('en')}-row timestamps trace: ${big.toFixed(2)} s (median of 3)`,
);

// 4. The day: a per-second load file of 86,400 lines (a diurnal curve averaging about 64
//    requests/s, 5.5 M jobs) replayed whole, no stop condition, through the compiled CLI with its
//    plots (no trace.csv: 5.5 M rows would be half a GB). It used to die in the plots.
const dayScale = quick ? 0.1 : 1;
const dayLines: string[] = [];
for (let s = 0; s < 86_400; s++) {
  const rps = 64 * (1 - 0.6 * Math.cos((2 * Math.PI * s) / 86_400)) * dayScale;
  dayLines.push(String(Math.round(rps)));
}
writeFileSync(join(dir, 'day.txt'), dayLines.join('\n') + '\n');
const dayConfig = join(dir, 'day.json');
writeFileSync(
  dayConfig,
  JSON.stringify({
    arrivals: { process: 'trace', format: 'rps', file: 'day.txt' },
    lanes: [{ kind: 'cpu', count: 2 }],
    service: { dist: 'exponential', mean_ms: 10 },
  }),
);
const dayOut = join(dir, 'day');
const dayRun = spawnSync(
  process.execPath,
  ['cli/launch.mjs', 'sim', '--config', dayConfig, '--out', dayOut, '--quiet', '--no-trace'],
  { encoding: 'utf8' },
);
const dayWall = /in ([\d.]+) s wall/.exec(dayRun.stdout)?.[1];
const dayJobs = /^(\d+) arrived/.exec(dayRun.stdout)?.[1];
const sizes = ['slo-timeline.svg', 'throughput-timeline.svg']
  .map((f) => `${f} ${(statSync(join(dayOut, f)).size / 1024).toFixed(1)} KB`)
  .join(', ');
console.log(
  `\na day-long per-second load file replayed whole (${Number(dayJobs).toLocaleString('en')} jobs, plots, no trace.csv): exit ${dayRun.status}, ${dayWall} s in the run; ${sizes}`,
);
console.log(`\nload average at end: ${load()}`);
rmSync(dir, { recursive: true, force: true });
