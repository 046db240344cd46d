import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCHEDULER_NAMES } from '../../src/engine/schedulers/registry.ts';
import { NOT_A_POLICY } from '../../src/engine/test-support.ts';
import { parseGrid } from './grid.ts';
import { planSweep, PlanError } from './plan.ts';

const base = {
  jobs: 100,
  arrivals: { process: 'poisson', rate_per_s: 100 },
  lanes: [{ kind: 'gpu' }, { kind: 'cpu', count: 2 }],
  service: { dist: 'exponential', mean_ms: 2 },
};
const sources = { config: 'base.yaml', grid: 'grid.yaml' };

function problems(grid: Record<string, unknown>, over: Record<string, unknown> = {}): string[] {
  try {
    planSweep({ ...base, ...over }, parseGrid(grid, 'grid.yaml'), sources, 'v1');
  } catch (e) {
    if (e instanceof PlanError) return e.problems;
    throw e;
  }
  return [];
}

describe('sweep plans', () => {
  it('makes one keyed run per grid point, and one validated config per point without the seed', () => {
    const plan = planSweep(
      base,
      parseGrid({ 'scheduler.name': ['fifo', 'edf'], 'lanes[1].count': [1, 2], seed: '1..3' }, 'g'),
      sources,
      'v1',
    );
    expect(plan.runs).toHaveLength(12);
    expect(plan.configs).toHaveLength(4);
    expect(new Set(plan.runs.map((r) => r.key)).size).toBe(12);
    expect(plan.runs[4]).toMatchObject({ index: 4, values: ['fifo', 2, 2], seed: 2 });
    expect(plan.configs[plan.runs[4]!.config]!.config.lanes[1]!.count).toBe(2);
  });

  it('keys a run by its config, seed and engine version only', () => {
    const grid = parseGrid({ seed: [1, 2] }, 'g');
    const a = planSweep(base, grid, sources, 'v1');
    // Defaults spelled out change nothing; another engine version changes every key.
    const b = planSweep(
      { ...base, scheduler: { name: 'fifo' }, mix: { interactive_ratio: 0.5 } },
      grid,
      sources,
      'v1',
    );
    const c = planSweep(base, grid, sources, 'v2');
    expect(b.runs.map((r) => r.key)).toEqual(a.runs.map((r) => r.key));
    expect(b.id).toBe(a.id);
    expect(c.runs[0]!.key).not.toBe(a.runs[0]!.key);
  });

  it('keys a replayed trace by its content, not its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedlab-plan-'));
    writeFileSync(join(dir, 'a.txt'), '5 5 5');
    writeFileSync(join(dir, 'b.txt'), '5 5 5');
    writeFileSync(join(dir, 'c.txt'), '5 5 6');
    const plan = (file: string) =>
      planSweep(
        { ...base, jobs: undefined, arrivals: { process: 'trace', format: 'rps', file } },
        parseGrid({ seed: 1 }, 'g'),
        { config: join(dir, 'base.yaml'), grid: 'g' },
        'v1',
      ).runs[0]!.key;
    expect(plan('a.txt')).toBe(plan('b.txt'));
    expect(plan('c.txt')).not.toBe(plan('a.txt'));
  });

  it('reports a bad grid value once, against its entry, before anything runs', () => {
    expect(
      problems({
        'lanes[1].count': [0, 2, 300],
        'scheduler.name': ['fifo', NOT_A_POLICY],
        seed: [1, -1],
      }),
    ).toEqual([
      'grid.yaml: seed = -1: an integer from 0 to 4294967295',
      'grid.yaml: lanes[1].count = 0: Too small: expected number to be >=1',
      `grid.yaml: scheduler.name = ${NOT_A_POLICY}: Invalid option: expected one of ${SCHEDULER_NAMES.map((n) => `"${n}"`).join('|')}`,
      'grid.yaml: lanes[1].count = 300: Too big: expected number to be <=256',
    ]);
  });

  it('names a path the base config cannot take, and problems of the base config itself', () => {
    expect(problems({ 'lanes[2].count': [1, 2] })).toEqual([
      "grid.yaml: lanes[2].count: the base config's lanes has 2 entries (lanes[0]..lanes[1])",
    ]);
    expect(
      problems({ 'scheduler.name': ['fifo', 'edf'] }, { service: { dist: 'exponential' } }),
    ).toEqual(['base.yaml: service.mean_ms: required (number)']);
    // A combination the engine refuses, found by building it.
    expect(problems({ 'lanes[1].count': [1, 2] }, { faults: [{ lane: 2, at_ms: 10 }] })).toEqual([
      'grid.yaml: run 0 (lanes[1].count=1): faults: lane 2 does not exist (the config has 2 lanes)',
    ]);
  });

  it('refuses a grid value that changes nothing', () => {
    expect(problems({ 'scheduler.name': ['fifo', 'fifo'] })[0]).toMatch(
      /runs 0 .* and 1 .* are the same config/,
    );
  });
});

describe('examples/sweep', () => {
  it('plans its 100 runs (it is documentation: docs/sweeps.md)', () => {
    const base = parse(readFileSync('examples/sweep/base.yaml', 'utf8')) as Record<string, unknown>;
    const grid = parseGrid(parse(readFileSync('examples/sweep/grid.yaml', 'utf8')), 'grid.yaml');
    const plan = planSweep(
      base,
      grid,
      { config: 'examples/sweep/base.yaml', grid: 'grid.yaml' },
      'v',
    );
    expect(plan.runs).toHaveLength(100);
  });
});
