// The headless contract, end to end: `npm run sim` as a user runs it.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { SCHEDULER_NAMES } from '../src/engine/schedulers/registry.ts';
import { NOT_A_POLICY } from '../src/engine/test-support.ts';

function sim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/sim.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'schedlab-cli-'));
}

describe('npm run sim', () => {
  it('runs the contract config and writes summary.json, trace.csv and plots', () => {
    const dir = tempDir();
    const config = JSON.parse(readFileSync('examples/contract.json', 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...config, jobs: 5000 }));
    const r = sim('--config', join(dir, 'c.json'), '--out', join(dir, 'out'), '--quiet');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.ledger).toMatchObject({ arrived: 5000, completed: 5000 });
    for (const key of ['p50', 'p95', 'p99', 'mean']) {
      expect(summary.overall.latency[key]).toBeGreaterThan(0);
      expect(summary.classes.interactive.wait).toHaveProperty(key);
    }
    expect(summary.overall.throughput_per_s).toBeGreaterThan(700);
    expect(summary.lanes[0].utilisation).toBeGreaterThan(0.7);
    const rows = csvParse(readFileSync(join(dir, 'out', 'trace.csv'), 'utf8'));
    expect(rows).toHaveLength(5000);
    expect(rows.columns).toContain('batch_size');
    expect(Number(rows[0]!.e2e_ms)).toBeCloseTo(
      Number(rows[0]!.end_ms) - Number(rows[0]!.arrival_ms),
      2,
    );
    for (const plot of [
      'latency-cdf.svg',
      'percentiles.svg',
      'slo-timeline.svg',
      'wait-histogram.svg',
    ]) {
      expect(readFileSync(join(dir, 'out', plot), 'utf8')).toMatch(/^<svg/);
    }
  });

  it('reads YAML and replays a per-second trace file named relative to the config', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'load.txt'), '10 20 30\n0 40\n');
    writeFileSync(
      join(dir, 'c.yaml'),
      [
        'seed: 3',
        'duration_s: 60',
        'arrivals: { process: trace, format: rps, file: load.txt }',
        'lanes: [{ kind: gpu }, { kind: cpu, count: 2 }]',
        'service: { dist: lognormal, mean_ms: 5, cv: 0.5 }',
        'scheduler: { name: least_loaded }',
      ].join('\n'),
    );
    const r = sim('--config', join(dir, 'c.yaml'), '--out', join(dir, 'out'), '--quiet');
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.ledger.arrived).toBe(100);
    expect(summary.scheduler).toBe('least_loaded');
  });

  it('replays a trace file whole when the config has no stop condition', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'load.txt'), '10 20 30\n0 40\n');
    writeFileSync(
      join(dir, 'c.yaml'),
      [
        'arrivals: { process: trace, format: rps, file: load.txt }',
        'lanes: [{ kind: cpu, count: 2 }]',
        'service: { dist: exponential, mean_ms: 5 }',
      ].join('\n'),
    );
    const r = sim('--config', join(dir, 'c.yaml'), '--out', join(dir, 'out'), '--quiet');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.ledger).toMatchObject({ arrived: 100, completed: 100 });
    expect(csvParse(readFileSync(join(dir, 'out', 'trace.csv'), 'utf8'))).toHaveLength(100);

    writeFileSync(
      join(dir, 'loop.yaml'),
      readFileSync(join(dir, 'c.yaml'), 'utf8').replace(
        'file: load.txt',
        'file: load.txt, loop: true',
      ),
    );
    const looped = sim('--config', join(dir, 'loop.yaml'), '--out', join(dir, 'loop'));
    expect(looped.status).toBe(2);
    expect(looped.stderr).toMatch(/arrivals\.loop: a looped trace replays forever/);
    expect(existsSync(join(dir, 'loop'))).toBe(false);
  });

  it('rejects a bad config with every problem named and writes nothing', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({
        jobs: 10,
        arrivals: { process: 'poisson' },
        lanes: [{ kind: 'tpu' }],
        service: { dist: 'exponential', mean_ms: 1 },
      }),
    );
    const r = sim('--config', join(dir, 'bad.json'), '--out', join(dir, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/arrivals\.rate_per_s: required/);
    expect(r.stderr).toMatch(/lanes\[0\]\.kind: .*"gpu"\|"cpu"/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('names the line of a bad trace file and writes nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'load.txt'), '10\n20\nlots\n');
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({
        duration_s: 5,
        arrivals: { process: 'trace', format: 'rps', file: 'load.txt' },
        lanes: [{ kind: 'cpu' }],
        service: { dist: 'exponential', mean_ms: 1 },
      }),
    );
    const r = sim('--config', join(dir, 'c.json'), '--out', join(dir, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/arrivals\.file: line 3: "lots"/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('overrides the seed and the scheduler from the command line, and names a bad override', () => {
    const dir = tempDir();
    const config = JSON.parse(readFileSync('examples/contract.json', 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...config, jobs: 500 }));
    const args = ['--config', join(dir, 'c.json'), '--quiet', '--no-trace'];
    const r = sim(...args, '--out', join(dir, 'a'), '--seed', '8', '--scheduler', 'edf');
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ seed: 8, scheduler: 'edf' });
    const bad = sim(...args, '--out', join(dir, 'b'), '--seed', '1.5', '--scheduler', NOT_A_POLICY);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--seed: "1.5" is not a whole number from 0 to 4,294,967,295/);
    expect(bad.stderr).toContain(
      `--scheduler: "${NOT_A_POLICY}" is not one of ${SCHEDULER_NAMES.join(', ')}`,
    );
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });

  it('points at the line of broken JSON', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), '{\n  "seed": 1,\n  "jobs": ,\n}');
    const r = sim('--config', join(dir, 'c.json'), '--out', join(dir, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/c\.json:3: not valid JSON/);
  });

  it('--policy: fifo.js and edf.js give the built-ins’ trace.csv byte for byte', () => {
    const dir = tempDir();
    // Mixed classes and models at ~90% load on GPU and CPU lanes, with a lane failure.
    writeFileSync(
      join(dir, 'c.yaml'),
      [
        'seed: 42',
        'jobs: 4000',
        'arrivals: { process: poisson, rate_per_s: 570 }',
        'mix: { interactive_ratio: 0.3, models: { resnet18: 2, resnet50: 1, vit_s16: 1 } }',
        'lanes: [{ kind: gpu, count: 1 }, { kind: cpu, count: 2 }]',
        'service: { dist: lognormal, mean_ms: 6, cv: 0.7, model_ms: { resnet50: 12, vit_s16: 14 } }',
        'faults: [{ lane: 1, at_ms: 2000, duration_ms: 1500 }]',
      ].join('\n'),
    );
    for (const name of ['fifo', 'edf']) {
      const args = ['--config', join(dir, 'c.yaml'), '--quiet', '--seed', '9'];
      expect(sim(...args, '--out', join(dir, `b-${name}`), '--scheduler', name).status).toBe(0);
      const r = sim(
        ...args,
        '--out',
        join(dir, `p-${name}`),
        '--policy',
        `examples/policies/${name}.js`,
      );
      expect(r.status).toBe(0);
      const builtin = readFileSync(join(dir, `b-${name}`, 'trace.csv'), 'utf8');
      expect(readFileSync(join(dir, `p-${name}`, 'trace.csv'), 'utf8')).toBe(builtin);
      const summary = JSON.parse(readFileSync(join(dir, `p-${name}`, 'summary.json'), 'utf8'));
      expect(summary.scheduler).toBe(`${name}.js`);
      expect(summary.policy).toMatchObject({ fallbacks: 0, problems: [] });
    }
    // The two policies differ on this workload: the comparison is not trivially equal.
    expect(readFileSync(join(dir, 'b-fifo', 'trace.csv'), 'utf8')).not.toBe(
      readFileSync(join(dir, 'b-edf', 'trace.csv'), 'utf8'),
    );
    // Four runs of the CLI, each a fresh Node process: slow on a loaded machine.
  }, 180_000);

  it('--policy: a syntax error exits 2 naming file, line and column; a runtime error is reported', () => {
    const dir = tempDir();
    const args = ['--config', 'examples/contract.json', '--quiet', '--no-trace'];
    writeFileSync(
      join(dir, 'bad.js'),
      'export default {\n  decide(ctx) {\n    return [;\n  },\n};\n',
    );
    const bad = sim(...args, '--out', join(dir, 'bad'), '--policy', join(dir, 'bad.js'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.js:3:13: SyntaxError: Unexpected token/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    writeFileSync(
      join(dir, 'throws.js'),
      'export default {\n  decide(ctx) {\n    return ctx.queue[0].lane.name;\n  },\n};\n',
    );
    const config = JSON.parse(readFileSync('examples/contract.json', 'utf8')) as object;
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...config, jobs: 300 }));
    const r = sim(
      '--config',
      join(dir, 'c.json'),
      '--quiet',
      '--out',
      join(dir, 'o'),
      '--policy',
      join(dir, 'throws.js'),
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/300 decisions, 300 fell back to FIFO/);
    expect(r.stderr).toMatch(/throws\.js:3:\d+: TypeError: .* \(300 times\)/);
    const summary = JSON.parse(readFileSync(join(dir, 'o', 'summary.json'), 'utf8'));
    expect(summary.ledger).toMatchObject({ arrived: 300, completed: 300 });
  }, 120_000);
});
