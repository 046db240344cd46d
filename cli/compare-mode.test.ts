// Compare mode's sides are the headless runs: fifo against priority_slo near 90 % load, each side's
// summary is byte for byte what `npm run sim` writes for that config, scheduler and seed; and
// `npm run sim:compare` reports the intervals the page computes.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EngineHost, TICK_MS } from '../src/workers/engine-host.ts';
import { capacityPerS } from '../src/engine/capacity.ts';
import { parseConfig, type ConfigInput } from '../src/engine/config.ts';
import type { FrameMessage } from '../src/workers/protocol.ts';
import { VARIANTS, baseConfig, variantConfig } from './compare-workload.ts';
import {
  pairMetrics,
  runSeeds,
  verdictSeeds,
  verdictSentence,
  type PairedMetric,
} from '../src/engine/compare-seeds.ts';
import { wallMs } from '../src/engine/units.ts';

function simSummary(configPath: string, scheduler: string, out: string): string {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'cli/sim.ts',
      '--config',
      configPath,
      '--out',
      out,
      '--scheduler',
      scheduler,
      '--no-trace',
      '--quiet',
    ],
    { encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return readFileSync(join(out, 'summary.json'), 'utf8');
}

describe('compare mode against npm run sim', () => {
  it('fifo vs priority_slo at 90 % load: each side summary is byte-identical to the CLI', () => {
    const base = baseConfig(20_000, 11);
    const config: ConfigInput = {
      ...base,
      arrivals: { process: 'poisson', rate_per_s: 0.9 * capacityPerS(parseConfig(base)) },
    };
    const dir = mkdtempSync(join(tmpdir(), 'schedlab-compare-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify(config));

    vi.useFakeTimers();
    try {
      let wall = 0;
      let last: FrameMessage | undefined;
      const host = new EngineHost(() => wallMs(wall));
      host.connect({ postMessage: (m) => (last = m as FrameMessage) });
      const b = { ...config, scheduler: { name: 'priority_slo' as const } };
      expect(
        host.reset(config, { mode: 'simulated', speed: 1000, playing: true, compare: { b } }),
      ).toEqual({ ok: true, runId: expect.any(Number) });
      for (let i = 0; i < 10_000 && !last?.done; i++) {
        wall += TICK_MS;
        vi.advanceTimersByTime(TICK_MS);
      }
      expect(last?.done).toBe(true);
      const a = JSON.stringify(host.summary('a'), null, 2) + '\n';
      const bs = JSON.stringify(host.summary('b'), null, 2) + '\n';
      host.dispose();
      expect(a).toBe(simSummary(path, 'fifo', join(dir, 'fifo')));
      expect(bs).toBe(simSummary(path, 'priority_slo', join(dir, 'prio')));
      // The sides did differ: the comparison is not of one run with itself.
      expect(a).not.toBe(bs);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('npm run sim:compare, paired', () => {
  it('reports the intervals the page computes for the same configs and seeds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedlab-sim-compare-'));
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/compare.ts', '--jobs', '3000', '--seeds', '3', '--out', dir],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const table = readFileSync(join(dir, 'table.md'), 'utf8');
    expect(table).toContain('## Paired: B = priority_slo against A = fifo, 3 seeds (11..13)');
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      paired: { rows: { load: number; metrics: PairedMetric[] }[] };
    };
    const at90 = results.paired.rows.find((row) => row.load === 0.9)!;
    // What the page's seeds worker computes (compare-seeds.ts) for the same two configs.
    const fifo = VARIANTS.find((v) => v.label === 'fifo')!;
    const prio = VARIANTS.find((v) => v.label === 'priority_slo')!;
    const runs = runSeeds(
      variantConfig(fifo, 0.9, 3000, 11),
      variantConfig(prio, 0.9, 3000, 11),
      verdictSeeds(11, 3),
      3000,
    );
    expect(at90.metrics).toEqual(JSON.parse(JSON.stringify(pairMetrics(runs.a, runs.b))));
    const p99 = at90.metrics.find((m) => m.id === 'interactive.p99')!;
    expect(table).toContain(`- 90%: ${verdictSentence(p99, 3)}`);
  });
});

describe('npm run sim:compare, bad options', () => {
  it('exit with status 2 and a message naming the option, before running anything', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'cli/compare.ts', ...args], {
        encoding: 'utf8',
      });
    const cases: [string[], RegExp][] = [
      [['--seeds', '1e9'], /--seeds: "1e9" is not a whole number from 0 to 100/],
      [['--seeds', '1'], /--seeds: an interval needs 2 seeds or more/],
      [['--jobs', '0x10'], /--jobs: "0x10" is not a whole number from 1 to 10,000,000/],
      [['--seed=-1'], /--seed: "-1" is not a whole number/],
      [['--b', 'nope'], /--b: no variant "nope"/],
      [['--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
