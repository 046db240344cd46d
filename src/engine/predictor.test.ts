// The latency predictor: it learns latency over batch size from observations alone, extrapolates to
// batch sizes it has not seen (where a lookup table or a forest cannot), seeds itself from the
// profile, and reports its error in summary.json.

import { describe, expect, it } from 'vitest';
import { predictorSchema } from './config.ts';
import { Engine } from './engine.ts';
import { CPU, GPU } from './lanes.ts';
import { LatencyPredictor } from './predictor.ts';
import { uniformStream } from './rng.ts';
import { testConfig } from './test-support.ts';

/** A concave batch curve like measured GPU latency: launch cost, per-sample work, amortisation. */
const truth = (b: number): number => 3 + 1.5 * b + 2 * Math.log(b);

function trained(learner: 'rls' | 'table'): LatencyPredictor {
  const p = new LatencyPredictor(predictorSchema.parse({ learner, offline: false }), 1);
  const u = uniformStream(3, 'predictor-test');
  for (let i = 0; i < 2000; i++) {
    const b = 1 + Math.floor(u() * 8);
    const y = truth(b) * (1 + 0.1 * (u() - 0.5));
    p.observe(0, GPU, 1, b, 0, p.predict(0, GPU, 1, b, 0), y);
  }
  return p;
}

describe('the latency predictor', () => {
  it('learns latency over batch size online to within a few percent', () => {
    const p = trained('rls');
    for (let b = 1; b <= 8; b++) {
      expect(Math.abs(p.predict(0, GPU, 1, b, 0) / truth(b) - 1)).toBeLessThan(0.02);
    }
    // Speed-normalised: a lane twice as fast is predicted twice as fast.
    expect(p.predict(0, GPU, 2, 4, 0)).toBeCloseTo(p.predict(0, GPU, 1, 4, 0) / 2, 9);
  });

  it('extrapolates to unseen batch sizes better than a lookup table', () => {
    const rls = trained('rls');
    const table = trained('table');
    const err = (p: LatencyPredictor, b: number) =>
      Math.abs(p.predict(0, GPU, 1, b, 0) / truth(b) - 1);
    for (const b of [12, 16, 24]) {
      expect(err(rls, b)).toBeLessThan(0.03);
      expect(err(rls, b)).toBeLessThan(err(table, b));
    }
  });

  it('scores each prediction before learning from the observation', () => {
    const p = trained('rls');
    expect(Number.isNaN(p.predict(0, CPU, 1, 1, 0))).toBe(false);
    const s = p.stats();
    expect(s.observations).toBe(2000);
    // The noise is uniform +-5%: mean |error| 2.5% at best.
    expect(s.mape_recent).toBeLessThan(4);
    expect(s.mape).toBeLessThan(5);
  });

  it('starts accurate when seeded from the profile, and reports MAPE in summary.json', () => {
    const config = testConfig({
      jobs: 3000,
      arrivals: { process: 'poisson', rate_per_s: 300 },
      mix: { interactive_ratio: 0.5, models: { a: 1, b: 1 } },
      lanes: [
        { kind: 'gpu', count: 1, speed: 1 },
        { kind: 'cpu', count: 2 },
      ],
      service: {
        dist: 'profile',
        cv: 0.05,
        profile: {
          a: { gpu: { '1': 2, '4': 4, '8': 7 }, cpu: { '1': 8, '8': 60 } },
          b: { gpu: { '1': 4, '4': 7, '8': 12 }, cpu: { '1': 15, '8': 110 } },
        },
      },
      scheduler: { name: 'dynamic' },
      batching: { enabled: true, max_batch: 8, window_ms: 1 },
    });
    const engine = new Engine(config);
    engine.runToEnd();
    const s = engine.summary();
    expect(s.predictor?.learner).toBe('rls');
    expect(s.predictor!.observations).toBeGreaterThan(1000);
    // The profile's own jitter (cv 5%) is the floor: mean |error| about 4%.
    expect(s.predictor!.mape).toBeLessThan(8);
  });

  it('is off, and absent from summary.json, when nothing uses it', () => {
    const engine = new Engine(testConfig({}));
    engine.runToEnd();
    expect(engine.predictor).toBeUndefined();
    expect('predictor' in engine.summary()).toBe(false);
  });
});
