// Behaviour of the engine as a user of `npm run sim` would notice it: reproducible traces, a job
// ledger that always balances, schedulers that do what their names say, failures that lose nothing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandLanes, parseConfig, type ConfigInput } from './config.ts';
import { Engine } from './engine.ts';
import { arbRun, balanced, RecordingSink, stepChecked, testConfig } from './test-support.ts';
import { CsvTraceWriter } from './trace-writer.ts';
import { SCHEDULER_NAMES } from './schedulers/registry.ts';
import { simMs } from './units.ts';

const decoder = new TextDecoder();

function traceCsv(over: Partial<ConfigInput>): string {
  const config = testConfig(over);
  const chunks: string[] = [];
  const writer = new CsvTraceWriter(
    (c) => chunks.push(decoder.decode(c)),
    Object.keys(config.mix.models),
    expandLanes(config).map((l) => l.name),
    4096,
  );
  new Engine(config, { trace: writer }).runToEnd();
  return chunks.join('');
}

const mixed: Partial<ConfigInput> = {
  jobs: 20_000,
  arrivals: { process: 'gamma', rate_per_s: 900, cv: 2 },
  mix: { interactive_ratio: 0.4, models: { resnet18: 2, resnet50: 1, vit_s16: 1 } },
  lanes: [
    { kind: 'gpu', count: 1, concurrency: 2 },
    { kind: 'cpu', count: 2 },
  ],
  service: { dist: 'lognormal', mean_ms: 4, cv: 0.8, model_ms: { resnet50: 8, vit_s16: 9 } },
  scheduler: { name: 'edf' },
  faults: [{ lane: 0, at_ms: 3000, duration_ms: 2000 }],
  queue: { capacity: 200, drop_expired: true },
};

describe('determinism', () => {
  it('gives a byte-identical trace.csv for the same config and seed', () => {
    const a = traceCsv({ ...mixed, seed: 42 });
    const b = traceCsv({ ...mixed, seed: 42 });
    expect(a.split('\n').length).toBe(20_000 + 2); // header, one row a job, final newline
    expect(a).toBe(b);
  });

  it('gives a different trace for another seed', () => {
    expect(traceCsv({ ...mixed, seed: 42 })).not.toBe(traceCsv({ ...mixed, seed: 43 }));
  });

  it('gives every scheduler the same arrivals, classes and models (common random numbers)', () => {
    const arrivals = (name: (typeof SCHEDULER_NAMES)[number]): string => {
      const sink = new RecordingSink();
      new Engine(testConfig({ ...mixed, scheduler: { name } }), { trace: sink }).runToEnd();
      return sink.rows
        .sort((x, y) => x.id - y.id)
        .map((r) => `${r.id}:${r.arrival}:${r.cls}`)
        .join('|');
    };
    const fifo = arrivals('fifo');
    for (const name of SCHEDULER_NAMES) expect(arrivals(name)).toBe(fifo);
  });
});

describe('the job ledger', () => {
  it('balances at every event over random configs, schedulers and lane failures', () => {
    fc.assert(
      fc.property(arbRun(), (run) => {
        const sink = new RecordingSink();
        const engine = stepChecked(run, undefined, { trace: sink });
        if (!engine) return false;
        const l = engine.ledger();
        // Every ended job has exactly one trace row.
        const ids = new Set(sink.rows.map((r) => r.id));
        return (
          balanced(l) &&
          l.arrived === run.config.jobs &&
          ids.size === sink.rows.length &&
          sink.rows.length === l.completed + l.rejected + l.dropped
        );
      }),
      { numRuns: 300 },
    );
  });

  it('ends with every job completed when no lane stays down', () => {
    const engine = new Engine(testConfig({ ...mixed, queue: {} }));
    engine.runToEnd();
    expect(engine.ledger()).toEqual({
      arrived: 20_000,
      completed: 20_000,
      rejected: 0,
      dropped: 0,
      queued: 0,
      running: 0,
    });
  });
});

describe('lane failures', () => {
  it('re-queue the failed lane’s running jobs, which then complete elsewhere', () => {
    const sink = new RecordingSink();
    const engine = new Engine(
      testConfig({
        jobs: 2000,
        arrivals: { process: 'poisson', rate_per_s: 300 },
        lanes: [{ kind: 'cpu', count: 2 }],
        service: { dist: 'deterministic', mean_ms: 5 },
        faults: [{ lane: 0, at_ms: 1000 }],
      }),
      { trace: sink },
    );
    engine.runToEnd();
    const retried = sink.rows.filter((r) => r.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    for (const r of retried) expect(r.lane).toBe(1);
    expect(sink.rows.filter((r) => r.start > 1000 && r.lane === 0)).toHaveLength(0);
    expect(engine.ledger().completed).toBe(2000);
  });

  it('let a backup lane take over only while a primary is down', () => {
    const sink = new RecordingSink();
    new Engine(
      testConfig({
        jobs: 3000,
        arrivals: { process: 'poisson', rate_per_s: 100 },
        lanes: [
          { kind: 'cpu', count: 1 },
          { kind: 'cpu', count: 1, role: 'backup' },
        ],
        service: { dist: 'deterministic', mean_ms: 2 },
        faults: [{ lane: 0, at_ms: 10_000, duration_ms: 5_000 }],
      }),
      { trace: sink },
    ).runToEnd();
    const onBackup = sink.rows.filter((r) => r.lane === 1);
    expect(onBackup.length).toBeGreaterThan(300);
    for (const r of onBackup) {
      expect(r.start).toBeGreaterThanOrEqual(10_000);
      expect(r.start).toBeLessThan(15_000);
    }
  });
});

describe('schedulers', () => {
  /** Interactive SLO violation rate under a mixed workload at 85% load on one lane. */
  function interactiveViolations(name: (typeof SCHEDULER_NAMES)[number]): number {
    const engine = new Engine(
      testConfig({
        seed: 5,
        jobs: 100_000,
        arrivals: { process: 'poisson', rate_per_s: 85 },
        mix: { interactive_ratio: 0.3, models: { resnet18: 1 } },
        lanes: [{ kind: 'cpu', count: 1 }],
        service: { dist: 'exponential', mean_ms: 10 },
        scheduler: { name },
      }),
    );
    engine.runToEnd();
    return engine.summary().classes.interactive.slo_violation_rate;
  }

  it('EDF and priority_slo beat FIFO on interactive SLO violations at 85% load', () => {
    const fifo = interactiveViolations('fifo');
    const edf = interactiveViolations('edf');
    const prio = interactiveViolations('priority_slo');
    expect(fifo).toBeGreaterThan(0.1);
    expect(edf).toBeLessThan(fifo * 0.5);
    expect(prio).toBeLessThan(fifo * 0.2);
  });

  it('round_robin leaves jobs waiting on slow lanes that least_loaded avoids', () => {
    const p99 = (name: 'round_robin' | 'least_loaded' | 'greedy_gpu_first'): number => {
      const engine = new Engine(
        testConfig({
          jobs: 50_000,
          arrivals: { process: 'poisson', rate_per_s: 1200 },
          lanes: [
            { kind: 'gpu', count: 1 },
            { kind: 'cpu', count: 3 },
          ],
          service: { dist: 'exponential', mean_ms: 2, gpu_speedup: 4 },
          scheduler: { name },
        }),
      );
      engine.runToEnd();
      return engine.summary().overall.latency.p99;
    };
    // Capacity: 4 x 500/s (gpu) + 3 x 500/s = 3500/s, so 1200/s is light overall, but round-robin
    // sends each cpu lane 300/s against its 500/s: noticeably worse tails.
    expect(p99('round_robin')).toBeGreaterThan(1.5 * p99('least_loaded'));
    expect(p99('greedy_gpu_first')).toBeLessThan(p99('round_robin'));
  });

  it('switch live without losing or duplicating queued jobs', () => {
    const sink = new RecordingSink();
    const engine = new Engine(
      testConfig({
        jobs: 5000,
        arrivals: { process: 'poisson', rate_per_s: 2000 },
        lanes: [{ kind: 'cpu', count: 1 }],
        service: { dist: 'exponential', mean_ms: 1 },
      }),
      { trace: sink },
    );
    engine.advanceTo(simMs(1000));
    expect(engine.ledger().queued).toBeGreaterThan(10);
    engine.setScheduler('priority_slo');
    engine.advanceTo(simMs(1500));
    engine.setScheduler('round_robin');
    engine.runToEnd();
    expect(engine.schedulerName).toBe('round_robin');
    expect(new Set(sink.rows.map((r) => r.id)).size).toBe(5000);
    expect(engine.ledger().completed).toBe(5000);
  });
});

describe('arrival rate control', () => {
  it('setRate changes the observed arrival rate from that moment', () => {
    const engine = new Engine(
      testConfig({
        jobs: 1_000_000,
        arrivals: { process: 'poisson', rate_per_s: 100 },
        lanes: [{ kind: 'cpu', count: 8 }],
      }),
    );
    engine.advanceTo(simMs(10_000));
    const before = engine.ledger().arrived;
    engine.setRate(1000);
    engine.advanceTo(simMs(20_000));
    const after = engine.ledger().arrived - before;
    expect(before).toBeGreaterThan(900);
    expect(before).toBeLessThan(1100);
    expect(after).toBeGreaterThan(9600);
    expect(after).toBeLessThan(10_400);
  });
});

describe('trace replay', () => {
  const base = {
    seed: 1,
    lanes: [{ kind: 'cpu' as const, count: 2 }],
    service: { dist: 'exponential' as const, mean_ms: 5 },
  };

  it('replays a trace whole when nothing says when arrivals stop', () => {
    const engine = new Engine(
      parseConfig({ ...base, arrivals: { process: 'trace', format: 'rps', data: '10 20 0 30' } }),
    );
    engine.runToEnd();
    expect(engine.ledger()).toMatchObject({ arrived: 60, completed: 60, queued: 0, running: 0 });
    // The last second's arrivals land in [3 s, 4 s); the run ends once they drain.
    expect(engine.now).toBeGreaterThan(3000);
    expect(engine.now).toBeLessThan(4200);
  });

  it('replays a looped trace until the stop condition', () => {
    const arrivals = {
      process: 'trace' as const,
      format: 'rps' as const,
      data: '10 20',
      loop: true,
    };
    const byJobs = new Engine(parseConfig({ ...base, jobs: 95, arrivals }));
    byJobs.runToEnd();
    expect(byJobs.ledger().arrived).toBe(95);
    const byTime = new Engine(parseConfig({ ...base, duration_s: 10, arrivals }));
    byTime.runToEnd();
    expect(byTime.ledger().arrived).toBe(150);
  });
});
