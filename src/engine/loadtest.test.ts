// The load tester against the simulation, as the issue checks it: the counts are the simulation's
// own ledger; a closed loop of N users with no think time holds N in flight; latency from the
// intended send time is never below latency from the actual send time, and a stalled system shows
// the difference (coordinated omission) once the client's connections run out.

import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { DEFAULT_LOAD_SPEC, runLoadTest, type LoadReport } from './loadtest.ts';
import { parseConfig, type ConfigInput } from './config.ts';

// examples/workload.txt's numbers (the CLI test reads the file itself: the engine reads no files).
const workload = '50 80 120 200 400 600 400 200 120 80';

// One CPU lane of 2 ms mean service (500/s) and a queue of 50: workload.txt's 600/s second is
// more than it can take, so some requests are refused.
const base: ConfigInput = {
  seed: 3,
  arrivals: { process: 'trace', format: 'rps', data: workload },
  mix: { interactive_ratio: 0.5, models: { resnet18: 1 } },
  lanes: [{ kind: 'cpu', count: 1 }],
  service: { dist: 'exponential', mean_ms: 2 },
  scheduler: { name: 'fifo' },
  queue: { capacity: 50 },
};

function everyRequestBothWays(r: LoadReport): void {
  for (const q of ['p50', 'p90', 'p99', 'mean', 'max'] as const) {
    expect(r.latency_ms.intended[q]).toBeGreaterThanOrEqual(r.latency_ms.actual[q]);
  }
  for (const row of r.per_second) {
    expect(row.p99_intended_ms).toBeGreaterThanOrEqual(row.p99_actual_ms);
    expect(row.succeeded + row.failed).toBe(row.sent);
  }
}

describe('the open loop on workload.txt', () => {
  const config = parseConfig(base);
  const r = runLoadTest(config, DEFAULT_LOAD_SPEC);
  const engine = new Engine(config);
  engine.runToEnd();
  const own = engine.summary();

  it("gives the simulation's own counts: sent, succeeded and failed are its ledger", () => {
    expect(r.sent).toBe(own.ledger.arrived);
    expect(r.sent).toBe(2250);
    expect(r.succeeded).toBe(own.ledger.completed);
    expect(r.failed).toBe(own.ledger.rejected + own.ledger.dropped);
    expect(r.failed).toBeGreaterThan(0);
    expect(r.ledger).toEqual(own.ledger);
    expect(r.headline).toBe(
      `${r.succeeded}/2250 successful requests (${((100 * r.succeeded) / 2250).toFixed(1)} %)`,
    );
  });

  it('measures the same latencies as the simulation (the same run, request for request)', () => {
    expect(r.latency_ms.intended.mean).toBeCloseTo(own.overall.latency.mean, 6);
    // With no connection limit every request is sent when it is due.
    expect(r.latency_ms.actual).toEqual(r.latency_ms.intended);
    expect(r.max_backlog).toBe(0);
    everyRequestBothWays(r);
  });

  it('tables each second as the workload file gives it', () => {
    expect(r.per_second.map((s) => s.sent)).toEqual([
      50, 80, 120, 200, 400, 600, 400, 200, 120, 80,
    ]);
  });
});

describe('the closed loop', () => {
  it('with N users and no think time holds N in flight (Little: N = throughput x latency)', () => {
    const config = parseConfig({ ...base, lanes: [{ kind: 'cpu', count: 2 }], queue: {} });
    for (const users of [1, 8, 40]) {
      const r = runLoadTest(config, {
        ...DEFAULT_LOAD_SPEC,
        mode: 'closed',
        users,
        duration_s: 20,
      });
      expect(r.max_in_flight).toBe(users);
      expect(r.failed).toBe(0);
      const inFlight = r.throughput_per_s * (r.latency_ms.actual.mean / 1000);
      expect(inFlight).toBeGreaterThan(users * 0.99);
      expect(inFlight).toBeLessThan(users * 1.01);
      everyRequestBothWays(r);
    }
  });

  it('with think time, each user waits between an answer and its next request', () => {
    const config = parseConfig({ ...base, queue: {} });
    const spec = { ...DEFAULT_LOAD_SPEC, mode: 'closed' as const, users: 5, think_ms: 100 };
    const r = runLoadTest(config, { ...spec, duration_s: 30 });
    // Each user: one request per (latency + 100 ms); latency is a few ms here.
    const cycle = r.latency_ms.actual.mean + 100;
    expect(r.throughput_per_s).toBeCloseTo((5 * 1000) / cycle, 0);
  });

  it('refuses to run without an end', () => {
    const config = parseConfig({ ...base, queue: {} });
    expect(() => runLoadTest(config, { ...DEFAULT_LOAD_SPEC, mode: 'closed' })).toThrow(
      /a closed loop needs an end/,
    );
  });
});

describe('coordinated omission', () => {
  // 200/s Poisson on two lanes that both stop for 3 s (from 2 s to 5 s) during a 10 s test.
  const stalled = parseConfig({
    seed: 5,
    duration_s: 10,
    arrivals: { process: 'poisson', rate_per_s: 200 },
    mix: { interactive_ratio: 1, models: { resnet18: 1 } },
    lanes: [{ kind: 'cpu', count: 2 }],
    service: { dist: 'exponential', mean_ms: 2 },
    scheduler: { name: 'fifo' },
    faults: [
      { lane: 0, at_ms: 2000, duration_ms: 3000 },
      { lane: 1, at_ms: 2000, duration_ms: 3000 },
    ],
  });

  it('a client with 10 connections hides the stall from latency measured at the actual send', () => {
    const r = runLoadTest(stalled, { ...DEFAULT_LOAD_SPEC, connections: 10 });
    everyRequestBothWays(r);
    expect(r.max_in_flight).toBe(10);
    // About 600 requests fell due during the stall; all but 10 waited for a connection.
    expect(r.max_backlog).toBeGreaterThan(500);
    // Measured from the actual send, only the 10 caught in the stall saw it: under 1 % of 2,000.
    expect(r.latency_ms.actual.p99).toBeLessThan(100);
    // Measured from when they were due, the stall is in the tail: seconds.
    expect(r.latency_ms.intended.p99).toBeGreaterThan(1000);
    expect(r.sent).toBe(r.succeeded);
  });

  it('with no connection limit the two measures agree, stall and all', () => {
    const r = runLoadTest(stalled, DEFAULT_LOAD_SPEC);
    expect(r.latency_ms.actual).toEqual(r.latency_ms.intended);
    expect(r.latency_ms.actual.p99).toBeGreaterThan(1000);
  });

  it('counts requests a service never answers as failed, and balances the ledger', () => {
    const dead = parseConfig({ ...base, faults: [{ lane: 0, at_ms: 3000 }], queue: {} });
    const r = runLoadTest(dead, { ...DEFAULT_LOAD_SPEC, connections: 20 });
    expect(r.unanswered).toBe(20);
    expect(r.sent + r.unsent).toBe(2250);
    expect(r.failed).toBe(r.sent - r.succeeded);
    const l = r.ledger;
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
  });
});
