import { describe, expect, it } from 'vitest';
import { GridError, gridPoint, parseGrid, parseRange } from './grid.ts';

describe('sweep grids', () => {
  it('expands ranges inclusively, with decimals rounded to the step', () => {
    expect(parseRange('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseRange('200..1000 step 400')).toEqual([200, 600, 1000]);
    expect(parseRange('0.1..0.3 step 0.1')).toEqual([0.1, 0.2, 0.3]);
    expect(parseRange('0.5..2')).toMatch(/needs "step"/);
    expect(parseRange('5..1')).toMatch(/backwards/);
    expect(parseRange('fifo')).toBeUndefined();
  });

  it('takes lists, ranges and fixed values, and nests them in file order (last fastest)', () => {
    const grid = parseGrid(
      { 'scheduler.name': ['fifo', 'edf'], 'lanes[1].count': '1..3', 'batching.enabled': true },
      'g.yaml',
    );
    expect(grid.size).toBe(6);
    expect(grid.axes.map((a) => a.path)).toEqual([
      'scheduler.name',
      'lanes[1].count',
      'batching.enabled',
    ]);
    expect(gridPoint(grid, 0).values).toEqual(['fifo', 1, true]);
    expect(gridPoint(grid, 1).values).toEqual(['fifo', 2, true]);
    expect(gridPoint(grid, 5).values).toEqual(['edf', 3, true]);
  });

  it('lists every problem with the grid entry it is in', () => {
    try {
      parseGrid(
        {
          'lanes[x]': [1],
          seed: [],
          'arrivals.rate_per_s': '10..1',
          mix: 1,
          'mix.interactive_ratio': [0.5],
        },
        'g.yaml',
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GridError);
      const problems = (e as GridError).problems;
      expect(problems).toEqual([
        expect.stringMatching(/^g\.yaml: "lanes\[x\]": not a config path/),
        'g.yaml: seed: an empty list (give at least one value)',
        expect.stringMatching(
          /^g\.yaml: arrivals\.rate_per_s: "10\.\.1": the range runs backwards/,
        ),
        'g.yaml: mix.interactive_ratio: overlaps mix; sweep one or the other',
      ]);
    }
    expect(() => parseGrid([1, 2], 'g.yaml')).toThrow(/a grid is a mapping/);
    expect(() => parseGrid({}, 'g.yaml')).toThrow(/the grid is empty/);
    expect(() =>
      parseGrid({ seed: '1..2000', 'arrivals.rate_per_s': '1..1000' }, 'g.yaml'),
    ).toThrow(/2,000,000 runs, more than 1,000,000/);
  });
});
