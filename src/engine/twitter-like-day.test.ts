// The Twitter-like day (synthetic; twitter-like-day.ts says why): its documented shape holds (an
// early-morning trough, an evening peak at the given rate, one burst to twice it, the highest
// second about 2.5x the mean like the quoted 12k/4.6k), its counts are the same on every call, and
// `npm run compare:autoscalers -- --scenario twitter_day` runs it on both sides' identical arrivals.

import { describe, expect, it } from 'vitest';
import { compareAutoscalers, scenarioByName } from './autoscale-compare.ts';
import {
  TWITTER_BURST,
  TWITTER_DAY_S,
  twitterLikeCounts,
  twitterLikeRate,
} from './twitter-like-day.ts';

describe('a Twitter-like day', () => {
  it('has its trough, its evening peak and one burst, and the same counts every time', () => {
    const c = twitterLikeCounts(100);
    expect(c).toHaveLength(TWITTER_DAY_S);
    expect(twitterLikeCounts(100)).toEqual(c);
    const mean = c.reduce((a, b) => a + b, 0) / c.length;
    const max = Math.max(...c);
    expect(max / mean).toBeGreaterThan(2.3);
    expect(max / mean).toBeLessThan(2.7);
    // The highest second is the burst's top; before it, the evening peak is the rate.
    expect(c.indexOf(max)).toBe(TWITTER_BURST.at_s + TWITTER_BURST.rise_s);
    // 21 h: the diurnal peak (the rate) plus what is left of the burst 32 s after its top.
    const left = Math.exp(
      -(525 - TWITTER_BURST.at_s - TWITTER_BURST.rise_s) / TWITTER_BURST.decay_s,
    );
    expect(twitterLikeRate(100, (21 / 24) * TWITTER_DAY_S)).toBeCloseTo(100 * (1 + left), 6);
    // The early-morning trough: 44 % of the peak at 5 h.
    expect(twitterLikeRate(100, (5 / 24) * TWITTER_DAY_S)).toBeCloseTo(44, 6);
    // A day later, the same rate (the day loops).
    expect(twitterLikeRate(100, 1234)).toBeCloseTo(twitterLikeRate(100, 1234 - TWITTER_DAY_S), 9);
  });

  it('is a compare scenario: both sides see the same arrivals and every request is served', () => {
    const scenario = scenarioByName('twitter_day')!;
    expect(scenario.description).toMatch(/synthetic/);
    const c = compareAutoscalers(scenario, 'hpa', 'predictive', [1]);
    for (let k = 0; k < 1; k++) {
      expect(c.a.runs[k]!.arrived).toBe(c.b.runs[k]!.arrived);
      expect(c.a.runs[k]!.completed).toBe(c.a.runs[k]!.arrived);
    }
    // The burst is there in the replicas: the HPA's pool is largest after it.
    const replicas = c.a.runs[0]!.replicas;
    const peakAt = replicas.indexOf(Math.max(...replicas)) % TWITTER_DAY_S;
    expect(peakAt).toBeGreaterThan(TWITTER_BURST.at_s);
    expect(peakAt).toBeLessThan(TWITTER_BURST.at_s + 120);
  });
});
