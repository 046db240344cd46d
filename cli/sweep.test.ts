// `npm run sweep` and `npm run sweep:merge` end to end, as separate processes, the way a user (or a
// cluster) runs them. The CLI is compiled once for these tests (the same build `npm run sweep` uses).

import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { csvParse } from 'd3-dsv';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from './build-cli.mjs';

const ROOT = resolve('.');
const OUT = `.cache/cli-test-${process.pid}`;
const bin = (name: string): string => join(ROOT, OUT, `${name}.mjs`);

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, ...args: string[]): Result {
  const r = spawnSync(process.execPath, [bin(command), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sweep(...args: string[]): Result {
  return run('sweep', ...args);
}

/** Spawn without blocking, for commands that run side by side. */
function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin(command), ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

const BASE = [
  'jobs: 2000',
  'arrivals: { process: poisson, rate_per_s: 300 }',
  'mix: { interactive_ratio: 0.5 }',
  'lanes: [{ kind: gpu }, { kind: cpu, count: 2 }]',
  'service: { dist: exponential, mean_ms: 4 }',
].join('\n');

const GRID = ['scheduler.name: [fifo, edf]', 'arrivals.rate_per_s: [300, 600]', 'seed: 1..3'].join(
  '\n',
);

let dir: string;

function files(grid = GRID, base = BASE): { config: string; grid: string } {
  const config = join(dir, `base-${Math.random().toString(36).slice(2)}.yaml`);
  const gridFile = config.replace('base-', 'grid-');
  writeFileSync(config, base);
  writeFileSync(gridFile, grid);
  return { config, grid: gridFile };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schedlab-sweep-'));
  await buildCli(ROOT, OUT);
}, 120_000);

afterAll(() => {
  rmSync(join(ROOT, OUT), { recursive: true, force: true });
});

describe('npm run sweep', () => {
  it('gives an LLM sweep its TTFT, TPOT, ITL, token and preemption columns, per run and over seeds', () => {
    const base = [
      'jobs: 300',
      'arrivals: { process: poisson, rate_per_s: 20 }',
      'mix: { interactive_ratio: 1 }',
      'lanes: [{ kind: gpu }]',
      'llm:',
      '  prompt: { dist: lognormal, mean: 600, cv: 1 }',
      '  output: { dist: lognormal, mean: 150, cv: 1 }',
      '  blocks: 600',
    ].join('\n');
    const f = files('llm.scheduler.name: [static, continuous]\nseed: 1..2', base);
    const out = join(dir, 'llm');
    const r = sweep('--config', f.config, '--grid', f.grid, '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = csvParse(readFileSync(join(out, 'results.csv'), 'utf8'));
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.completed).toBe('300');
      for (const c of [
        'ttft_p99',
        'tpot_p99',
        'itl_p99',
        'generated_tokens_per_s',
        'kv_blocks_peak',
      ])
        expect(Number(row[c]), c).toBeGreaterThan(0);
      expect(Number(row.kv_blocks_peak)).toBeLessThanOrEqual(600);
    }
    // Continuous batching answers sooner than request-level batching on the same requests.
    const ttft = (name: string) =>
      rows.filter((row) => row['llm.scheduler.name'] === name).map((row) => Number(row.ttft_p99));
    const [s1, s2] = ttft('static');
    const [c1, c2] = ttft('continuous');
    expect(c1!).toBeLessThan(s1!);
    expect(c2!).toBeLessThan(s2!);
    const agg = csvParse(readFileSync(join(out, 'aggregate.csv'), 'utf8'));
    expect(agg).toHaveLength(2);
    for (const row of agg) expect(Number(row.ttft_p99_mean)).toBeGreaterThan(0);
  });

  it('runs every grid point on worker threads: results per run, aggregates over seeds, plots', () => {
    const f = files();
    const out = join(dir, 'one');
    const r = sweep(
      '--config',
      f.config,
      '--grid',
      f.grid,
      '--out',
      out,
      '--workers',
      '2',
      '--quiet',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^12 runs: 12 ran, 0 done before/);
    const rows = csvParse(readFileSync(join(out, 'results.csv'), 'utf8'));
    expect(rows).toHaveLength(12);
    expect(rows.columns.slice(0, 6)).toEqual([
      'run',
      'key',
      'scheduler.name',
      'arrivals.rate_per_s',
      'seed',
      'arrived',
    ]);
    expect(rows.map((row) => row['scheduler.name'])).toEqual([
      ...Array(6).fill('fifo'),
      ...Array(6).fill('edf'),
    ]);
    expect(rows.every((row) => row.arrived === '2000' && row.completed === '2000')).toBe(true);
    expect(rows.columns).not.toContain('ttft_p99');
    const agg = csvParse(readFileSync(join(out, 'aggregate.csv'), 'utf8'));
    expect(agg).toHaveLength(4);
    for (const row of agg) {
      expect(row.runs).toBe('3');
      expect(Number(row.latency_p99_ci95_lo)).toBeLessThanOrEqual(Number(row.latency_p99_mean));
      expect(Number(row.latency_p99_ci95_hi)).toBeGreaterThanOrEqual(Number(row.latency_p99_mean));
      expect(Number(row.pooled_latency_p99)).toBeGreaterThan(0);
    }
    expect(readdirSync(join(out, 'plots')).sort()).toEqual([
      'goodput_per_s-vs-arrivals.rate_per_s.svg',
      'latency_p99-vs-arrivals.rate_per_s.svg',
      'slo_violation_rate-vs-arrivals.rate_per_s.svg',
    ]);
    // A second call finds every run done and redoes none.
    const again = sweep('--config', f.config, '--grid', f.grid, '--out', out, '--quiet');
    expect(again.stdout).toMatch(/^12 runs: 0 ran, 12 done before/);
  });

  it('checks every expanded config before running anything, naming the bad grid entries', () => {
    const f = files('lanes[1].count: [2, 0]\nscheduler.name: [fifo, sjf]\nseed: [1, 2]');
    const out = join(dir, 'bad');
    const r = sweep('--config', f.config, '--grid', f.grid, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `sweep: ${f.grid}: lanes[1].count = 0: Too small: expected number to be >=1`,
    );
    expect(r.stderr).toContain(`sweep: ${f.grid}: scheduler.name = sjf: Invalid option`);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(existsSync(out)).toBe(false);
  });

  it('n shards run as separate processes merge into results byte-identical to one machine’s', async () => {
    const f = files();
    const whole = join(dir, 'whole');
    expect(
      sweep('--config', f.config, '--grid', f.grid, '--out', whole, '--workers', '1', '--quiet')
        .status,
    ).toBe(0);
    const shards = [0, 1, 2].map((i) => join(dir, `shard-${i}`));
    const results = await Promise.all(
      shards.map((out, i) =>
        start('sweep', [
          '--config',
          f.config,
          '--grid',
          f.grid,
          '--out',
          out,
          '--shard',
          String(i),
          '--shards',
          '3',
          '--workers',
          '1',
          '--quiet',
        ]),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([0, 0, 0]);
    expect(results[1]!.stdout).toMatch(/^4 runs \(shard 1 of 3, 12 in the grid\)/);
    const merged = join(dir, 'merged');
    // Shards out of order: the merge orders runs by the grid, not by folder.
    const m = run('sweep-merge', shards[2]!, shards[0]!, shards[1]!, '--out', merged);
    expect(m.stderr).toBe('');
    expect(m.status).toBe(0);
    for (const file of [
      'results.csv',
      'results.json',
      'aggregate.csv',
      'plots/latency_p99-vs-arrivals.rate_per_s.svg',
    ]) {
      expect(readFileSync(join(merged, file), 'utf8')).toBe(
        readFileSync(join(whole, file), 'utf8'),
      );
    }
    // Two shards only: the merge says what is missing and exits 1.
    const partial = run('sweep-merge', shards[0]!, shards[1]!, '--out', join(dir, 'partial'));
    expect(partial.status).toBe(1);
    expect(partial.stderr).toMatch(/4 runs missing: 2 \(shard 2\), 5 \(shard 2\)/);
    // Folders of different sweeps do not merge.
    const other = files('scheduler.name: [fifo]\nseed: [1]');
    expect(
      sweep('--config', other.config, '--grid', other.grid, '--out', join(dir, 'other'), '--quiet')
        .status,
    ).toBe(0);
    const mixed = run('sweep-merge', shards[0]!, join(dir, 'other'), '--out', join(dir, 'mixed'));
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/not shards of one sweep/);
  });

  it('resumes an interrupted sweep and redoes nothing that finished', async () => {
    const f = files(
      'arrivals.rate_per_s: [200, 400, 600]\nseed: 1..8',
      BASE.replace('jobs: 2000', 'jobs: 40000'),
    );
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, [
      bin('sweep'),
      '--config',
      f.config,
      '--grid',
      f.grid,
      '--out',
      out,
      '--workers',
      '1',
      '--quiet',
    ]);
    const runs = join(out, 'runs');
    const finished = (): string[] =>
      existsSync(runs) ? readdirSync(runs).filter((n) => n.endsWith('.json')) : [];
    while (finished().length < 3) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const before = finished();
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(24);
    // What the killed sweep left is whole: every result parses.
    for (const name of before)
      expect(JSON.parse(readFileSync(join(runs, name), 'utf8')).key).toBe(name.slice(0, -5));
    const mtimes = new Map(before.map((n) => [n, statSync(join(runs, n)).mtimeMs]));

    const resumed = sweep(
      '--config',
      f.config,
      '--grid',
      f.grid,
      '--out',
      out,
      '--workers',
      '2',
      '--quiet',
    );
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(
      new RegExp(`^24 runs: ${24 - before.length} ran, ${before.length} done before`),
    );
    for (const [n, t] of mtimes) expect(statSync(join(runs, n)).mtimeMs).toBe(t);
    expect(readdirSync(runs).filter((n) => !n.endsWith('.json'))).toEqual([]);

    const fresh = join(dir, 'unbroken');
    expect(
      sweep('--config', f.config, '--grid', f.grid, '--out', fresh, '--workers', '2', '--quiet')
        .status,
    ).toBe(0);
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(
      readFileSync(join(fresh, 'results.csv'), 'utf8'),
    );
  });

  it('--max-events: runs past the budget stop, say why in results.csv, and the sweep exits 3', () => {
    const f = files('jobs: [200, 5000]\nseed: 1..2');
    const out = join(dir, 'budget');
    const args = ['--config', f.config, '--grid', f.grid, '--out', out, '--quiet'];
    const r = sweep(...args, '--max-events', '3000');
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^4 runs: 4 ran, 0 done before/);
    const err = r.stderr.trim().split('\n');
    expect(err[0]).toBe(
      'sweep: 2 runs stopped early at a resource limit; their figures cover the run up to that point (results.csv, column stopped):',
    );
    expect(err[1]).toMatch(
      /^sweep: {3}run 2 \(jobs=5000, seed=1\): the run stopped at .* 3,000 events/,
    );
    expect(err[2]).toMatch(/^sweep: {3}run 3 \(jobs=5000, seed=2\): /);
    const rows = csvParse(readFileSync(join(out, 'results.csv'), 'utf8'));
    expect(rows.map((row) => row.stopped === '')).toEqual([true, true, false, false]);
    expect(rows.map((row) => Number(row.arrived) < 5000)).toEqual([true, true, true, true]);
    expect(rows[2]!.stopped).toMatch(/event budget/);
    const agg = csvParse(readFileSync(join(out, 'aggregate.csv'), 'utf8'));
    expect(agg.map((row) => row.stopped_runs)).toEqual(['0', '2']);

    // The budget is part of the run keys: the same budget resumes, another one runs again.
    expect(sweep(...args, '--max-events', '3000').stdout).toMatch(/^4 runs: 0 ran, 4 done before/);
    const whole = sweep(...args);
    expect(whole.stderr).toBe('');
    expect(whole.status).toBe(0);
    expect(whole.stdout).toMatch(/^4 runs: 4 ran, 0 done before/);
    const all = csvParse(readFileSync(join(out, 'results.csv'), 'utf8'));
    expect(all.map((row) => row.arrived)).toEqual(['200', '200', '5000', '5000']);
    expect(all.every((row) => row.stopped === '')).toBe(true);
  });

  it('finds the fewest lanes meeting a p99 target, as a sweep over every count confirms', () => {
    const base = [
      'jobs: 3000',
      'arrivals: { process: poisson, rate_per_s: 900 }',
      'lanes: [{ kind: cpu, count: 1 }]',
      'service: { dist: exponential, mean_ms: 4 }',
    ].join('\n');
    const f = files('seed: [1, 2]', base);
    const out = join(dir, 'search');
    const r = sweep(
      '--config',
      f.config,
      '--grid',
      f.grid,
      '--search',
      'lanes[0].count',
      '--p99-ms',
      '25',
      '--within',
      '1..12',
      '--out',
      out,
      '--workers',
      '2',
      '--quiet',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const found = csvParse(readFileSync(join(out, 'search.csv'), 'utf8'))[0]!;
    expect(found.monotone).toBe('true');
    // Brute force: every count, seeds pooled the same way.
    const all = files('lanes[0].count: 1..12\nseed: [1, 2]', base);
    const bruteOut = join(dir, 'brute');
    expect(
      sweep(
        '--config',
        all.config,
        '--grid',
        all.grid,
        '--out',
        bruteOut,
        '--workers',
        '2',
        '--quiet',
      ).status,
    ).toBe(0);
    const agg = csvParse(readFileSync(join(bruteOut, 'aggregate.csv'), 'utf8'));
    const fewest = agg.find((row) => Number(row.pooled_latency_p99) <= 25)!;
    expect(found['fewest_lanes[0].count']).toBe(fewest['lanes[0].count']);
    expect(Number(found.p99_ms_at_fewest)).toBe(Number(fewest.pooled_latency_p99));
    // Bisection ran far fewer counts than the brute force's 12.
    expect(csvParse(readFileSync(join(out, 'results.csv'), 'utf8')).length).toBeLessThan(2 * 7);
    expect(r.stdout).toMatch(
      new RegExp(`^the config: lanes\\[0\\]\\.count = ${fewest['lanes[0].count']} \\(p99 `),
    );
  });
});

describe('a sweep on a cluster', () => {
  it('emits an Indexed Job and a ConfigMap that validate as Kubernetes objects and run the same sweep', async () => {
    mkdirSync(join(dir, 'k'), { recursive: true });
    writeFileSync(join(dir, 'k', 'load.txt'), '20 40 60 40 20\n'.repeat(4));
    const base = BASE.replace('jobs: 2000\n', '').replace(
      '{ process: poisson, rate_per_s: 300 }',
      '{ process: trace, format: rps, file: load.txt }',
    );
    writeFileSync(join(dir, 'k', 'base.yaml'), base);
    writeFileSync(
      join(dir, 'k', 'grid.yaml'),
      'scheduler.name: [fifo, edf, least_loaded]\narrivals.rate_scale: [1, 4]\nseed: 1..2',
    );
    const args = ['--config', join(dir, 'k', 'base.yaml'), '--grid', join(dir, 'k', 'grid.yaml')];
    const manifests = join(dir, 'k', 'manifests');
    const r = sweep(
      ...args,
      '--emit',
      'k8s',
      '--shards',
      '3',
      '--image',
      'registry.example/schedlab-sweep:1',
      '--out',
      manifests,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(manifests).sort()).toEqual([
      'configmap.yaml',
      'fetch-pod.yaml',
      'job.yaml',
      'pvc.yaml',
    ]);

    const job = new Job(parseYaml(readFileSync(join(manifests, 'job.yaml'), 'utf8')));
    job.validate();
    expect(job.spec!.completionMode).toBe('Indexed');
    expect(job.spec!.completions).toBe(3);
    const container = job.spec!.template.spec!.containers[0]!;
    expect(container.image).toBe('registry.example/schedlab-sweep:1');
    const env = Object.fromEntries(container.env!.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      SWEEP_SHARDS: '3',
      SWEEP_CONFIG: '/sweep/base.json',
      SWEEP_GRID: '/sweep/grid.json',
    });
    const configMap = new ConfigMap(
      parseYaml(readFileSync(join(manifests, 'configmap.yaml'), 'utf8')),
    );
    configMap.validate();
    expect(job.spec!.template.spec!.volumes![0]!.configMap!.name).toBe(configMap.metadata!.name);
    // A bad object is refused by the same types: they really check.
    expect(() =>
      new Job({ ...job.toJSON(), spec: { ...job.spec!, completionMode: 'Indexd' } }).validate(),
    ).toThrow(/completionMode/);

    // The pods, emulated: the image's files (deploy/sweep/Dockerfile copies exactly these) and
    // run-shard.sh with the environment Kubernetes gives pod i.
    const app = join(dir, 'k', 'app');
    cpSync(join(ROOT, OUT), join(app, 'dist-cli'), { recursive: true });
    cpSync(join(ROOT, 'node_modules', 'tinypool'), join(app, 'node_modules', 'tinypool'), {
      recursive: true,
    });
    const input = join(dir, 'k', 'sweep');
    mkdirSync(input);
    const data = configMap.data!;
    expect(JSON.parse(data['base.json']!).arrivals.data).toContain('20 40 60');
    writeFileSync(join(input, 'base.json'), data['base.json']!);
    writeFileSync(join(input, 'grid.json'), data['grid.json']!);
    const pods = await Promise.all(
      [0, 1, 2].map(
        (i) =>
          new Promise<number | null>((done) => {
            const child = spawn('sh', [join(ROOT, 'deploy', 'sweep', 'run-shard.sh')], {
              env: {
                ...process.env,
                ...env,
                JOB_COMPLETION_INDEX: String(i),
                SWEEP_APP: app,
                SWEEP_CONFIG: join(input, 'base.json'),
                SWEEP_GRID: join(input, 'grid.json'),
                SWEEP_OUT: join(dir, 'k', 'results'),
              },
              stdio: 'ignore',
            });
            child.on('close', done);
          }),
      ),
    );
    expect(pods).toEqual([0, 0, 0]);
    const merged = join(dir, 'k', 'merged');
    const shardDirs = [0, 1, 2].map((i) => join(dir, 'k', 'results', `shard-${i}`));
    expect(run('sweep-merge', ...shardDirs, '--out', merged).status).toBe(0);
    // Identical to the sweep run here from the YAML config and its trace file.
    const local = join(dir, 'k', 'local');
    expect(sweep(...args, '--out', local, '--quiet').status).toBe(0);
    expect(readFileSync(join(merged, 'results.csv'), 'utf8')).toBe(
      readFileSync(join(local, 'results.csv'), 'utf8'),
    );
  });
});
