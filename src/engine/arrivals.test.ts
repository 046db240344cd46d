import { describe, expect, it } from 'vitest';
import { createArrivalSource } from './arrivals.ts';
import { arrivalsSchema } from './config.ts';
import { uniformStream } from './rng.ts';

/** Mean rate (per s) and coefficient of variation of the gaps of n arrivals. */
function gapStats(input: unknown, n = 200_000): { rate: number; cv: number } {
  const source = createArrivalSource(arrivalsSchema.parse(input), uniformStream(3, 'arrivals'));
  let prev = 0;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) {
    const t = source.next();
    const gap = t - prev;
    prev = t;
    sum += gap;
    sum2 += gap * gap;
  }
  const mean = sum / n;
  return { rate: 1000 / mean, cv: Math.sqrt(sum2 / n - mean * mean) / mean };
}

describe('arrival processes', () => {
  it('Poisson has the configured rate and exponential gaps (cv 1)', () => {
    const { rate, cv } = gapStats({ process: 'poisson', rate_per_s: 250 });
    expect(rate).toBeCloseTo(250, -1);
    expect(cv).toBeCloseTo(1, 1);
  });

  it.each([0.5, 1, 3])('gamma renewal has the configured rate and cv %s', (target) => {
    const { rate, cv } = gapStats({ process: 'gamma', rate_per_s: 100, cv: target });
    expect(Math.abs(rate / 100 - 1)).toBeLessThan(0.02);
    expect(Math.abs(cv / target - 1)).toBeLessThan(0.05);
  });

  it('bursty on/off averages the phase rates by phase length and is burstier than Poisson', () => {
    const { rate, cv } = gapStats({
      process: 'bursty',
      rate_per_s: 900,
      off_rate_per_s: 100,
      on_ms: 50,
      off_ms: 150,
    });
    expect(Math.abs(rate / 300 - 1)).toBeLessThan(0.05);
    expect(cv).toBeGreaterThan(1.2);
  });

  it('rate_scale multiplies the rate of any process', () => {
    const { rate } = gapStats({ process: 'poisson', rate_per_s: 100, rate_scale: 3 });
    expect(Math.abs(rate / 300 - 1)).toBeLessThan(0.02);
  });

  it('replays a trace and can loop it', () => {
    const source = createArrivalSource(
      arrivalsSchema.parse({ process: 'trace', format: 'rps', data: '2', loop: true }),
      uniformStream(1, 'x'),
    );
    expect([source.next(), source.next(), source.next(), source.next()]).toEqual([
      250, 750, 1250, 1750,
    ]);
  });

  it('rescales the pending gap of a trace when the rate changes, skipping nothing', () => {
    const source = createArrivalSource(
      arrivalsSchema.parse({ process: 'trace', format: 'rps', data: '1\n1\n1' }),
      uniformStream(1, 'x'),
    );
    expect(source.next()).toBe(500);
    const pending = source.next(); // 1500
    expect(source.setRate(2, 500, pending)).toBe(1000);
    expect(source.next()).toBe(1500);
    expect(source.next()).toBe(Infinity);
  });
});
