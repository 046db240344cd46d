// Autoscaling of a CPU lane pool: it grows under a load step and shrinks back, helps the tail,
// stays within its bounds, never cuts running work short, and keeps the ledger balanced through
// faults and scheduler switches.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from './config.ts';
import { Engine } from './engine.ts';
import { POOL_ACTIVE, POOL_DRAINING, POOL_PARKED, POOL_WARMING } from './lanes.ts';
import { arbRun, balanced, RecordingSink, stepChecked, testConfig } from './test-support.ts';

/** Requests per second: 10 s quiet, 10 s at 1500/s, 20 s quiet. */
const STEP = [...Array(10).fill(100), ...Array(10).fill(1500), ...Array(20).fill(100)].join('\n');

/** CPU lanes serve 2 ms jobs: 500 jobs/s each, so the step needs at least 3 of them. */
function stepped(autoscale: ConfigInput['autoscale']): ConfigInput {
  return {
    seed: 3,
    jobs: 1_000_000,
    duration_s: 40,
    arrivals: { process: 'trace', format: 'rps', data: STEP },
    mix: { interactive_ratio: 1, models: { resnet18: 1 } },
    lanes: [{ kind: 'cpu', count: 1 }],
    service: { dist: 'exponential', mean_ms: 2 },
    scheduler: { name: 'fifo' },
    ...(autoscale === undefined ? {} : { autoscale }),
  };
}

const ON = { enabled: true, min: 1, max: 8, interval_ms: 500, startup_ms: 500, cooldown_ms: 3000 };

/** Pool lanes neither parked nor draining. */
function poolSize(engine: Engine): number {
  let n = 0;
  for (const lane of engine.autoscaler!.pool) {
    const s = engine.lanes.pool[lane]!;
    if (s === POOL_ACTIVE || s === POOL_WARMING) n++;
  }
  return n;
}

describe('autoscaling', () => {
  it('grows the pool under a load step and shrinks it back to the minimum after', () => {
    const engine = new Engine(testConfig(stepped(ON)));
    engine.runToEnd();
    const lanes = engine.metrics.series.lanes!;
    expect(Math.max(...lanes.slice(0, 9))).toBe(1);
    expect(Math.max(...lanes.slice(10, 20))).toBeGreaterThanOrEqual(4);
    expect(lanes[lanes.length - 1]).toBe(1);
    const s = engine.summary().autoscale!;
    expect(s.scale_up_events).toBeGreaterThan(0);
    expect(s.scale_down_events).toBeGreaterThanOrEqual(3);
    expect(s.active_lanes_min).toBe(1);
    expect(s.active_lanes_mean).toBeGreaterThan(1);
    expect(s.active_lanes_mean).toBeLessThan(s.active_lanes_max);
  });

  it('beats a fixed minimum pool on p99 latency under a load step', () => {
    const fixed = new Engine(testConfig(stepped(undefined)));
    fixed.runToEnd();
    const scaled = new Engine(testConfig(stepped(ON)));
    scaled.runToEnd();
    const p99Fixed = fixed.summary().overall.latency.p99;
    const p99Scaled = scaled.summary().overall.latency.p99;
    expect(p99Scaled).toBeLessThan(p99Fixed / 5);
  });

  it('adds nothing to summary.json, the series or the lanes when disabled', () => {
    const engine = new Engine(testConfig(stepped(undefined)));
    engine.runToEnd();
    const s = engine.summary();
    expect(s.autoscale).toBeUndefined();
    expect(s.lanes).toHaveLength(1);
    expect('parked' in s.lanes[0]!).toBe(false);
    expect(engine.metrics.series.lanes).toBeUndefined();
  });

  it('keeps the pool within min and max at every event', () => {
    const config = testConfig(stepped({ ...ON, min: 2, max: 5, cooldown_ms: 1000 }));
    const engine = new Engine(config);
    expect(engine.lanes.count).toBe(5);
    let most = 0;
    while (engine.step()) {
      const n = poolSize(engine);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(5);
      most = Math.max(most, n);
    }
    expect(most).toBe(5);
    expect(engine.summary().autoscale!.active_lanes_max).toBeLessThanOrEqual(5);
  });

  it('lets a lane that scales down finish its running work: nothing is re-queued', () => {
    // Four 5 s jobs at once on four replicas; then a policy that wants one replica while all four
    // are still busy: three drain and park only when their runs end.
    const config = testConfig({
      seed: 9,
      jobs: 4,
      arrivals: { process: 'trace', format: 'rps', data: '4' },
      mix: { interactive_ratio: 0, models: { resnet18: 1 } },
      lanes: [{ kind: 'cpu', count: 1 }],
      service: { dist: 'deterministic', mean_ms: 5000 },
      autoscale: { ...ON, max: 4, startup_ms: 0 },
    });
    const sink = new RecordingSink();
    const engine = new Engine(config, {
      trace: sink,
      autoscaler: {
        name: 'four-then-one',
        create: () => ({ periodMs: 500, decide: (s) => (s.queued > 0 ? 4 : 1) }),
      },
    });
    let drainedWhileBusy = 0;
    while (engine.step()) {
      for (const lane of engine.autoscaler!.pool) {
        const state = engine.lanes.pool[lane]!;
        if (state === POOL_DRAINING && engine.lanes.running[lane]! > 0) drainedWhileBusy++;
        if (state === POOL_PARKED) expect(engine.lanes.running[lane]).toBe(0);
      }
    }
    expect(drainedWhileBusy).toBeGreaterThan(0);
    expect(sink.rows.every((r) => r.attempts === 1 && r.outcome === 'completed')).toBe(true);
    const s = engine.summary().autoscale!;
    expect(s.policy).toBe('four-then-one');
    expect(s.scale_down_events).toBe(1);
    expect(s.lanes_removed).toBe(3);
  });

  it('replaces a failed pool lane with a healthy parked one, so queued work still runs', () => {
    // Both pool lanes fail at 0; lane 1 comes back at 30 ms while parked, lane 0 never does. The
    // pool must swap the dead lane 0 for lane 1 rather than wait on it forever.
    const config = testConfig({
      jobs: 1,
      arrivals: { process: 'poisson', rate_per_s: 50 },
      lanes: [{ kind: 'cpu', count: 2 }],
      service: { dist: 'deterministic', mean_ms: 3 },
      autoscale: { enabled: true, min: 0, max: 2, interval_ms: 5, startup_ms: 0, cooldown_ms: 0 },
      faults: [
        { lane: 0, at_ms: 0 },
        { lane: 1, at_ms: 0, duration_ms: 30 },
      ],
    });
    const sink = new RecordingSink();
    const engine = new Engine(config, { trace: sink });
    engine.runToEnd();
    expect(engine.ledger()).toMatchObject({ arrived: 1, completed: 1, queued: 0 });
    expect(sink.rows[0]!.lane).toBe(1);
  });

  it('is deterministic: the same config gives the same run', () => {
    const run = (): string => {
      const engine = new Engine(testConfig(stepped(ON)));
      engine.runToEnd();
      return JSON.stringify([engine.summary(), engine.metrics.series.lanes]);
    };
    expect(run()).toBe(run());
  });

  it('rejects a min above max, and more configured pool lanes than max', () => {
    expect(() => testConfig(stepped({ enabled: true, min: 4, max: 2 }))).toThrow(/min/);
    expect(() =>
      testConfig({ ...stepped({ enabled: true, max: 2 }), lanes: [{ kind: 'cpu', count: 3 }] }),
    ).toThrow(/autoscale\.max/);
  });
});

describe('the job ledger with autoscaling', () => {
  it('balances at every event with lane faults and scheduler switches; parked lanes never run work', () => {
    fc.assert(
      fc.property(arbRun({ autoscale: true }), (run) => {
        const { min, max } = run.config.autoscale;
        const engine = stepChecked(run, (e) => {
          const l0 = e.lanes;
          let free = 0;
          for (let i = 0; i < l0.count; i++) {
            const serving = l0.down[i] === 0 && l0.pool[i] === POOL_ACTIVE ? 1 : 0;
            if (l0.up[i] !== serving) return false;
            if (l0.pool[i] === POOL_PARKED && l0.running[i] !== 0) return false;
            if (l0.up[i] === 1) free += l0.concurrency[i]! - l0.running[i]!;
          }
          if (free !== l0.freeUp) return false;
          const n = poolSize(e);
          return n >= min && n <= max;
        });
        if (!engine) return false;
        const l = engine.ledger();
        // Work is left over only when no lane could ever take it: every lane failed for good.
        const allDown = engine.lanes.down.every((d) => d === 1);
        return (
          balanced(l) &&
          l.arrived === run.config.jobs &&
          l.running === 0 &&
          (l.queued === 0 || allDown)
        );
      }),
      { numRuns: 150 },
    );
  });
});
