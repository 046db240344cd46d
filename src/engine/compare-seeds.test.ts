// A and B over seeds: identical schedulers give identical figures on every seed and a zero-width
// interval; a scheduler that really helps interactive jobs gets an interval that excludes zero, and
// the sentences say so.

import { describe, expect, it } from 'vitest';
import {
  COMPARE_METRICS,
  headlineMetric,
  jain,
  pairMetrics,
  runSeeds,
  verdictSeeds,
  verdictSentence,
  verdictSummary,
  type PairedMetric,
} from './compare-seeds.ts';
import { changePhrase, signedChange, SLOWER_FASTER } from './change-words.ts';
import { testConfig } from './test-support.ts';
import type { SchedulerName } from './schedulers/registry.ts';

/** Mixed workload at 85 % load on one lane, where class priority matters. */
const mixed = (name: SchedulerName) =>
  testConfig({
    seed: 5,
    jobs: 5_000,
    arrivals: { process: 'poisson', rate_per_s: 85 },
    mix: { interactive_ratio: 0.3, models: { resnet18: 1 } },
    service: { dist: 'exponential', mean_ms: 10 },
    scheduler: { name },
  });

describe('paired seeds', () => {
  it('fifo against fifo: the same figures on every seed, a zero-width interval', () => {
    const runs = runSeeds(mixed('fifo'), mixed('fifo'), verdictSeeds(1, 4), 3_000);
    expect(runs.a).toEqual(runs.b);
    const paired = pairMetrics(runs.a, runs.b);
    expect(paired).toHaveLength(COMPARE_METRICS.length);
    for (const m of paired) {
      expect(m.identical).toBe(true);
      expect(m.interval).toMatchObject({ lo: 0, hi: 0 });
    }
    expect(verdictSentence(headlineMetric(paired)!, 4)).toBe(
      'A and B give the same interactive p99 on every seed (4)',
    );
  });

  it('sides that differ in their seed run on their own seeds, so fifo no longer matches fifo', () => {
    const runs = runSeeds(
      mixed('fifo'),
      mixed('fifo'),
      verdictSeeds(1, 3),
      2_000,
      undefined,
      verdictSeeds(50, 3),
    );
    const p99 = pairMetrics(runs.a, runs.b).find((m) => m.id === 'interactive.p99')!;
    expect(p99.identical).toBe(false);
    expect(runs.b[0]).toEqual(runSeeds(mixed('fifo'), mixed('fifo'), [50, 51], 2_000).a[0]);
  });

  it('priority_slo against fifo: interactive p99 falls, with an interval below zero', () => {
    const runs = runSeeds(mixed('fifo'), mixed('priority_slo'), verdictSeeds(10, 8), 8_000);
    const paired = pairMetrics(runs.a, runs.b);
    const p99 = paired.find((m) => m.id === 'interactive.p99')!;
    expect(p99.interval!.n).toBe(8);
    expect(p99.interval!.hi).toBeLessThan(-0.3);
    expect(p99.b).toBeLessThan(p99.a);
    // Past a third of A's, the change reads as a factor rather than "-71 %".
    expect(verdictSentence(p99, 8)).toMatch(
      /^B makes interactive p99 \d\.\d× lower \(95 % CI \d\.\d-\d\.\d×\) over 8 seeds$/,
    );
    const viol = paired.find((m) => m.id === 'violation.interactive')!;
    expect(viol.interval!.hi).toBeLessThan(0);
    // The verdict names what got worse too: priority makes the batch class wait longer.
    expect(verdictSummary(paired, 8)).toMatch(
      /^B makes interactive p99 .* over 8 seeds, but (raises|makes) batch p(50|95|99) /,
    );
  });
});

describe('verdict sentences', () => {
  const base: PairedMetric = {
    id: 'goodput',
    label: 'goodput',
    kind: 'difference',
    unit: 'jobs/s',
    better: 'higher',
    a: 100,
    b: 112,
    estimate: 12.3,
    interval: { lo: 10.14, hi: 14.5, n: 10, level: 0.95 },
    identical: false,
  };

  it('name the direction, the size and the interval', () => {
    expect(verdictSentence(base, 10)).toBe(
      'B raises goodput by 12.3 jobs/s (95 % CI 10.1-14.5 jobs/s) over 10 seeds',
    );
    const ratio: PairedMetric = {
      ...base,
      id: 'interactive.p99',
      label: 'interactive p99',
      kind: 'ratio',
      unit: 'ms',
      estimate: -0.63,
      interval: { lo: -0.7, hi: -0.55, n: 10, level: 0.95 },
    };
    expect(verdictSentence(ratio, 10)).toBe(
      'B cuts interactive p99 by 63 % (95 % CI 55-70 %) over 10 seeds',
    );
  });

  it('say there is no clear difference when the interval spans zero', () => {
    const m = { ...base, estimate: 0.5, interval: { lo: -1.2, hi: 2.2, n: 10, level: 0.95 } };
    expect(verdictSentence(m, 10)).toBe(
      'No clear difference in goodput over 10 seeds: B − A +0.500 jobs/s (95 % CI −1.20 to +2.20 jobs/s)',
    );
  });

  const p99 = (cls: string, estimate: number, lo: number, hi: number): PairedMetric => ({
    ...base,
    id: `${cls}.p99`,
    label: `${cls} p99`,
    kind: 'ratio',
    unit: 'ms',
    better: 'lower',
    estimate,
    interval: { lo, hi, n: 10, level: 0.95 },
  });

  it('read a change past 3x as a factor, not as "+51094 %"', () => {
    expect(verdictSentence(p99('batch', 510.94, 300, 870), 10)).toBe(
      'B makes batch p99 about 510× higher (95 % CI 300-870×) over 10 seeds',
    );
    expect(signedChange(511.94, SLOWER_FASTER)).toBe('about 510× slower');
    expect(signedChange(0.19, SLOWER_FASTER)).toBe('5.3× faster');
    expect(signedChange(1.4)).toBe('+40 %');
    expect(changePhrase(0.6)).toBe('40 % lower');
    expect(changePhrase(0.19)).toBe('5.3× lower');
  });

  it('name what got worse beside what got better, or say nothing did', () => {
    const better = p99('interactive', -0.81, -0.84, -0.78);
    const worse = p99('batch', 0.4, 0.31, 0.5);
    const same = {
      ...base,
      id: 'goodput',
      estimate: 0.1,
      interval: { lo: -1, hi: 1.2, n: 10, level: 0.95 },
    };
    expect(verdictSummary([better, worse, same], 10)).toBe(
      'B makes interactive p99 5.3× lower (95 % CI 4.5-6.2×) over 10 seeds, but raises batch p99 by 40 % (95 % CI 31-50 %)',
    );
    expect(verdictSummary([better, same], 10)).toBe(
      'B makes interactive p99 5.3× lower (95 % CI 4.5-6.2×) over 10 seeds; nothing measured got clearly worse',
    );
  });
});

describe('jain', () => {
  it('is 1 for equal shares and 1/n for one share only', () => {
    expect(jain([0.9, 0.9])).toBeCloseTo(1, 12);
    expect(jain([1, 0])).toBeCloseTo(0.5, 12);
  });
});
