// The paired t-interval: its t quantiles match the published table, and over many replications of
// normal differences it covers the true mean about 95 % of the time (the property the verdict's
// "95 % CI" claims).

import { describe, expect, it } from 'vitest';
import { pairedInterval, tCdf, tQuantile } from './paired.ts';
import { normalVariate, uniformStream } from './rng.ts';

describe('Student t quantiles', () => {
  it('match the two-sided 95 % table values', () => {
    // Published t(0.975, df): 12.706, 4.303, 2.571, 2.262, 2.042, 1.984, 1.962.
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [5, 2.571],
      [9, 2.262],
      [30, 2.042],
      [100, 1.984],
      [1000, 1.962],
    ];
    for (const [df, t] of table) expect(tQuantile(0.975, df)).toBeCloseTo(t, 3);
    expect(tQuantile(0.995, 9)).toBeCloseTo(3.25, 2);
  });

  it('are symmetric and invert the CDF', () => {
    expect(tCdf(0, 7)).toBeCloseTo(0.5, 12);
    for (const q of [0.6, 0.9, 0.99]) {
      const t = tQuantile(q, 7);
      expect(tCdf(t, 7)).toBeCloseTo(q, 9);
      expect(tQuantile(1 - q, 7)).toBeCloseTo(-t, 9);
    }
  });
});

describe('pairedInterval', () => {
  it('is mean ± t·sd/√n', () => {
    const iv = pairedInterval([1, 2, 3, 4, 5])!;
    // mean 3, sd √2.5, se √0.5, t(0.975, 4) = 2.776.
    expect(iv.mean).toBe(3);
    expect(iv.hi - iv.mean).toBeCloseTo(2.776445 * Math.sqrt(0.5), 5);
    expect(iv.mean - iv.lo).toBeCloseTo(iv.hi - iv.mean, 12);
  });

  it('is a single point when every difference is the same, and absent with one value', () => {
    expect(pairedInterval([0, 0, 0])).toEqual({ n: 3, mean: 0, lo: 0, hi: 0, level: 0.95 });
    expect(pairedInterval([2])).toBeNull();
  });

  it('covers the true mean of normal differences about 95 % of the time with 10 seeds', () => {
    const u = uniformStream(42, 'coverage');
    const trials = 4000;
    let covered = 0;
    for (let k = 0; k < trials; k++) {
      const diffs = Array.from({ length: 10 }, () => 1.5 + 0.7 * normalVariate(u));
      const iv = pairedInterval(diffs)!;
      if (iv.lo <= 1.5 && 1.5 <= iv.hi) covered++;
    }
    // Binomial sd of the share at 95 %: √(0.95·0.05/4000) = 0.0034; allow four of them.
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(4 * 0.0034);
  });
});
