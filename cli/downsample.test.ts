import { describe, expect, it } from 'vitest';
import { finiteMax, finiteMin, minMaxColumns } from './downsample.ts';

describe('min-max downsampling of per-second series', () => {
  it('keeps a short series point for point', () => {
    expect(minMaxColumns([1, NaN, 3], 10)).toEqual({ x: [0.5, 1.5, 2.5], y: [1, NaN, 3] });
  });

  it('keeps each column’s extremes in time order, so spikes and dips survive', () => {
    const values = Array.from({ length: 86_400 }, () => 0.5);
    values[1000] = 1;
    values[50_000] = 0;
    const { x, y } = minMaxColumns(values, 460);
    expect(x.length).toBeLessThanOrEqual(920);
    expect(Math.max(...y)).toBe(1);
    expect(Math.min(...y)).toBe(0);
    for (let i = 1; i < x.length; i++) expect(x[i]).toBeGreaterThan(x[i - 1]!);
  });

  it('leaves a gap for a column with no finite value', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i < 500 ? NaN : 1));
    const { y } = minMaxColumns(values, 10);
    expect(y.slice(0, 5).every(Number.isNaN)).toBe(true);
    expect(y.slice(5).every((v) => v === 1)).toBe(true);
  });

  it('finds extents of arrays too long to spread into Math.max', () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => i % 977);
    expect(finiteMax([big, [NaN, Infinity]], -1)).toBe(976);
    expect(finiteMin([big], -1)).toBe(0);
    expect(finiteMax([[], [NaN]], 7)).toBe(7);
  });
});
