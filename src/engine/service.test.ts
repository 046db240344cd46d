// What a calibration against live lanes can tell the service model, and that runs then take that
// long: a fixed overhead per run, each model's measured spread in place of an assumed one, and
// lanes sharing cores slowing each other down.

import { describe, expect, it } from 'vitest';
import { checkConfig, parseConfig } from './config.ts';
import { Engine } from './engine.ts';
import { uniformStream } from './rng.ts';
import { createServiceModel, quantileMean } from './service.ts';
import { RecordingSink, testConfig } from './test-support.ts';

const profile = { a: { cpu: { '1': 10, '2': 16 } }, b: { cpu: { '1': 2 } } };

describe('service model', () => {
  it('adds the overhead once per run, on top of the batch cost curve', () => {
    const s = createServiceModel(
      parseConfig({
        jobs: 1,
        arrivals: { process: 'poisson', rate_per_s: 1 },
        lanes: [{ kind: 'cpu' }],
        service: { dist: 'profile', profile, overhead_ms: 0.5 },
      }).service,
      ['a', 'b'],
    );
    expect(s.base(0, 'cpu', 1, 1)).toBeCloseTo(10.5);
    expect(s.base(0, 'cpu', 1, 2)).toBeCloseTo(16.5);
    expect(s.sample(0, 'cpu', 1, 2, 1.5, 1)).toBeCloseTo(16 * 1.5 + 0.5);
  });

  it("draws a model's jobs from its measured spread: mean 1, the table's shape", () => {
    // A skewed measured distribution: most runs near the median, a long tail.
    const q = [0.8, 0.9, 0.95, 1, 1, 1.05, 1.1, 1.2, 1.5, 2, 4];
    const s = createServiceModel(
      parseConfig({
        jobs: 1,
        arrivals: { process: 'poisson', rate_per_s: 1 },
        lanes: [{ kind: 'cpu' }],
        service: { dist: 'profile', profile, cv: 0.3, spread: { a: q } },
      }).service,
      ['a', 'b'],
    );
    const u = uniformStream(9, 'test');
    const draws = Array.from({ length: 200_000 }, () => s.unit(u, 0)).sort((x, y) => x - y);
    const mean = draws.reduce((x, y) => x + y, 0) / draws.length;
    expect(mean).toBeCloseTo(1, 2);
    const scale = quantileMean(q);
    // Deciles of the draws are the table's points over its mean.
    for (let i = 1; i < q.length - 1; i++) {
      const d = draws[Math.floor((i / (q.length - 1)) * draws.length)]!;
      expect(d).toBeCloseTo(q[i]! / scale, 1);
    }
    expect(draws[draws.length - 1]!).toBeLessThanOrEqual(4 / scale + 1e-9);
    // Model b has no table: the profile's lognormal cv applies to it.
    const b = Array.from({ length: 50_000 }, () => s.unit(u, 1));
    const bm = b.reduce((x, y) => x + y, 0) / b.length;
    const sd = Math.sqrt(b.reduce((x, y) => x + (y - bm) ** 2, 0) / b.length);
    expect(sd).toBeCloseTo(0.3, 1);
  });

  it('adds the wake-up to a run that starts as its job arrives, not to one that waited', () => {
    // One lane: the first job finds it idle, the second arrives while it is busy and waits, the
    // third arrives after both ended and finds it idle again.
    const sink = new RecordingSink();
    new Engine(
      testConfig({
        jobs: 3,
        arrivals: { process: 'trace', format: 'timestamps', data: 'arrival_ms\n0\n5\n100\n' },
        lanes: [{ kind: 'cpu' }],
        service: { dist: 'deterministic', mean_ms: 10, overhead_ms: 0.5, wake_ms: 2 },
      }),
      { trace: sink },
    ).runToEnd();
    const rows = sink.rows.sort((a, b) => a.id - b.id);
    expect(rows.map((r) => r.end - r.start)).toEqual(
      [12.5, 10.5, 12.5].map((v) => expect.closeTo(v)),
    );
    expect(rows[1]!.start).toBeCloseTo(12.5);
  });

  it('runs slower while another lane of its kind is busy, by the sharing table', () => {
    // Two jobs at once on two CPU lanes: the first starts alone, the second beside it.
    const sink = new RecordingSink();
    new Engine(
      testConfig({
        jobs: 2,
        arrivals: { process: 'trace', format: 'timestamps', data: 'arrival_ms\n0\n0.001\n' },
        lanes: [{ kind: 'cpu', count: 2 }],
        service: { dist: 'deterministic', mean_ms: 10, sharing: { cpu: [1, 1.4] } },
      }),
      { trace: sink },
    ).runToEnd();
    const service = sink.rows.sort((a, b) => a.id - b.id).map((r) => r.end - r.start);
    expect(service[0]).toBeCloseTo(10);
    expect(service[1]).toBeCloseTo(14);
  });

  it('refuses a spread whose quantiles are not ascending, naming the field', () => {
    const r = checkConfig({
      jobs: 1,
      arrivals: { process: 'poisson', rate_per_s: 1 },
      lanes: [{ kind: 'cpu' }],
      service: { dist: 'profile', profile, spread: { a: [1, 0.5, 2] } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual(['service.spread.a: quantiles must be ascending']);
  });
});
