// The grouped schedulers: batch_aware builds bigger batches than FIFO from the same queue, dynamic
// keeps interactive runs off lanes too slow for their SLO, and the ledger balances at every event
// with batching, memory and admission control on, lane failures and scheduler switches included.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../config.ts';
import { Engine } from '../engine.ts';
import { arbRun, balanced, stepChecked, testConfig } from '../test-support.ts';
import type { SchedulerName } from './registry.ts';

const PROFILE = {
  small: { gpu: { '1': 4, '8': 11 }, cpu: { '1': 20, '8': 150 } },
  big: { gpu: { '1': 10, '8': 30 }, cpu: { '1': 60, '8': 450 } },
};

function mixed(name: SchedulerName, rate: number, over: Partial<ConfigInput> = {}) {
  const config = testConfig({
    seed: 9,
    jobs: 6000,
    arrivals: { process: 'poisson', rate_per_s: rate },
    mix: { interactive_ratio: 0.5, models: { small: 0.6, big: 0.4 } },
    lanes: [
      { kind: 'gpu', count: 1, concurrency: 2, speed: 1 },
      { kind: 'cpu', count: 3 },
    ],
    service: { dist: 'profile', profile: PROFILE, cv: 0.2 },
    scheduler: { name },
    batching: { enabled: true, mode: 'dynamic', max_batch: 8, preferred_sizes: [4, 8] },
    ...over,
  });
  const engine = new Engine(config);
  engine.runToEnd();
  return engine.summary();
}

describe('grouped schedulers', () => {
  it('batch_aware starts larger batches than fifo from the same arrivals', () => {
    const fifo = mixed('fifo', 400);
    const aware = mixed('batch_aware', 400);
    expect(aware.batching!.mean_batch_size).toBeGreaterThan(fifo.batching!.mean_batch_size);
  });

  it('dynamic keeps interactive jobs off lanes too slow for their SLO', () => {
    const fifo = mixed('fifo', 300);
    const dynamic = mixed('dynamic', 300);
    // A big model takes 60 ms on a CPU lane: with 100 ms SLOs, fifo's interactive tail sits there.
    expect(fifo.classes.interactive.latency.p99).toBeGreaterThan(60);
    expect(dynamic.classes.interactive.latency.p99).toBeLessThan(40);
    expect(dynamic.overall.goodput_per_s).toBeGreaterThanOrEqual(fifo.overall.goodput_per_s * 0.99);
  });
});

describe('the job ledger with batching, memory and admission control', () => {
  it('balances at every event over random configs, failures and scheduler switches', () => {
    fc.assert(
      fc.property(arbRun({ features: true }), (run) => {
        const engine = stepChecked(run);
        if (!engine) return false;
        const l = engine.ledger();
        return balanced(l) && l.arrived === run.config.jobs && l.running === 0;
      }),
      { numRuns: 80 },
    );
  });
});
