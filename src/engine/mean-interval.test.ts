import { describe, expect, it } from 'vitest';
import { meanInterval95, tQuantile975 } from './mean-interval.ts';
import { uniformStream } from './rng.ts';

describe('95 % t-interval of a mean', () => {
  it("uses Student t quantiles, the same as compare mode's paired intervals", () => {
    expect(tQuantile975(1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile975(9)).toBeCloseTo(2.26216, 5);
    // Published values: t(0.975, 31) = 2.039513, 40: 2.021075, 60: 2.000298, 120: 1.979930.
    expect(tQuantile975(31)).toBeCloseTo(2.039513, 5);
    expect(tQuantile975(40)).toBeCloseTo(2.021075, 5);
    expect(tQuantile975(60)).toBeCloseTo(2.000298, 5);
    expect(tQuantile975(120)).toBeCloseTo(1.97993, 5);
    expect(tQuantile975(1e9)).toBeCloseTo(1.959964, 6);
  });

  it('gives mean ± t × sd / √n', () => {
    const r = meanInterval95([1, 2, 3, 4]);
    expect(r.mean).toBe(2.5);
    expect(r.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(r.hi - r.mean).toBeCloseTo((3.182446305 * Math.sqrt(5 / 3)) / 2, 9);
    expect(r.mean - r.lo).toBeCloseTo(r.hi - r.mean, 12);
  });

  it('has no interval for one replication, and a zero-width one for identical values', () => {
    expect(Number.isNaN(meanInterval95([5]).lo)).toBe(true);
    expect(meanInterval95([5, 5, 5])).toMatchObject({ lo: 5, hi: 5 });
  });

  it('covers the true mean about 95 % of the time with 5 normal replications', () => {
    const u = uniformStream(11, 'coverage');
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    const trials = 4000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const r = meanInterval95(Array.from({ length: 5 }, () => 10 + 3 * normal()));
      if (r.lo <= 10 && 10 <= r.hi) covered++;
    }
    // Binomial standard error at p = 0.95 over 4000 trials is 0.0034; allow four of them.
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(4 * 0.0034);
  });
});
