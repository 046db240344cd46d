// The sweep finds the knee where a user would: throughput follows the offered rate up to the
// service's capacity and then stops, p99 turns up, and the knee sits before saturation.

import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';
import { DEFAULT_LOAD_SPEC } from './loadtest.ts';
import { runSweep } from './loadtest-sweep.ts';

// Two CPU lanes of 2 ms mean service: 1,000 requests a second at most.
const config = parseConfig({
  seed: 3,
  duration_s: 10,
  arrivals: { process: 'poisson', rate_per_s: 1 },
  mix: { interactive_ratio: 0.5, models: { resnet18: 1 } },
  lanes: [{ kind: 'cpu', count: 2 }],
  service: { dist: 'exponential', mean_ms: 2 },
  scheduler: { name: 'fifo' },
});

describe('a rate sweep', () => {
  const r = runSweep(config, DEFAULT_LOAD_SPEC, {
    kind: 'rate',
    levels: [200, 600, 900, 1200],
    repeats: 3,
    duration_s: 10,
  });

  it('draws throughput following the load, then flat at capacity, with intervals over seeds', () => {
    const [p200, p600, p900, p1200] = r.points;
    for (const p of [p200!, p600!, p900!]) {
      expect(p.throughput_per_s.mean / p.level).toBeGreaterThan(0.97);
      expect(p.throughput_per_s.mean / p.level).toBeLessThan(1.03);
    }
    expect(p1200!.throughput_per_s.mean).toBeLessThan(1010);
    for (const p of r.points) {
      expect(p.throughput_per_s.n).toBe(3);
      expect(p.p99_intended_ms.lo).toBeLessThanOrEqual(p.p99_intended_ms.mean);
      expect(p.p99_intended_ms.hi).toBeGreaterThanOrEqual(p.p99_intended_ms.mean);
    }
    // Past capacity the queue grows for the whole run: p99 in seconds, not milliseconds.
    expect(p1200!.p99_intended_ms.mean).toBeGreaterThan(50 * p200!.p99_intended_ms.mean);
  });

  it('puts the knee below saturation', () => {
    expect(r.knee.level).toBeGreaterThanOrEqual(600);
    expect(r.knee.level).toBeLessThan(1200);
  });
});

describe('a users sweep', () => {
  it('saturates at as many users as there are lanes when nobody thinks', () => {
    const r = runSweep(config, DEFAULT_LOAD_SPEC, {
      kind: 'users',
      levels: [1, 2, 8],
      repeats: 2,
      duration_s: 5,
    });
    // One user keeps one lane busy: 500/s; two keep both: 1,000/s; more only queue.
    expect(r.points[0]!.throughput_per_s.mean).toBeCloseTo(500, -1);
    expect(r.points[1]!.throughput_per_s.mean).toBeCloseTo(1000, -1);
    expect(r.points[2]!.throughput_per_s.mean).toBeCloseTo(1000, -1);
    expect(r.points[2]!.p99_intended_ms.mean).toBeGreaterThan(r.points[1]!.p99_intended_ms.mean);
    expect(r.knee.level).toBe(2);
  });
});
