// The load-test worker's job: a sweep of the page's default config finds a knee inside the levels,
// latency from the intended send time is never below the actual, and bad fields are named.

import { describe, expect, it } from 'vitest';
import { buildConfig, capacityPerS, DEFAULT_SETTINGS } from '../../app/config/settings.ts';
import { runLoadtestRequest } from './loadtest-job.ts';
import { PROTOCOL_VERSION, type LoadtestMessage, type LoadtestRequest } from './protocol.ts';

const capacity = capacityPerS(DEFAULT_SETTINGS);
const request = (over: Partial<LoadtestRequest> = {}): LoadtestRequest => ({
  v: PROTOCOL_VERSION,
  kind: 'loadtest',
  id: 1,
  config: buildConfig(DEFAULT_SETTINGS),
  levels: [0.2, 0.5, 0.8, 1.1, 1.5].map((f) => Math.round(f * capacity)),
  repeats: 2,
  duration_s: 10,
  connections: 64,
  ...over,
});

describe('load-test job', () => {
  it('sweeps the rate, reports each level as it is done and marks a knee near capacity', async () => {
    const seen: LoadtestMessage[] = [];
    const m = await runLoadtestRequest(request(), (p) => seen.push(p));
    expect(m.kind).toBe('loadtest-result');
    if (m.kind !== 'loadtest-result') return;
    expect(seen.map((p) => (p.kind === 'loadtest-point' ? p.done : -1))).toEqual([1, 2, 3, 4, 5]);
    const { points, knee } = m.report;
    // Below the knee throughput follows the load; past capacity it cannot.
    expect(points[0]!.throughput_per_s.mean).toBeGreaterThan(0.9 * points[0]!.level);
    expect(points[4]!.throughput_per_s.mean).toBeLessThan(0.9 * points[4]!.level);
    expect(knee.level).toBeGreaterThan(points[0]!.level);
    expect(knee.level).toBeLessThan(points[4]!.level);
    for (const p of points) {
      expect(p.p99_intended_ms.mean).toBeGreaterThanOrEqual(p.p99_actual_ms.mean);
    }
    // Overloaded behind 64 connections, the client stops sending: the intended latency shows the
    // wait that the actual-send latency hides (coordinated omission).
    const last = points[4]!;
    expect(last.p99_intended_ms.mean).toBeGreaterThan(2 * last.p99_actual_ms.mean);
  });

  it('names each bad field and runs nothing', async () => {
    const seen: LoadtestMessage[] = [];
    const m = await runLoadtestRequest(
      request({ levels: [100, 50], repeats: 0, duration_s: Number.NaN, connections: 1.5 }),
      (p) => seen.push(p),
    );
    expect(m.kind).toBe('loadtest-error');
    if (m.kind !== 'loadtest-error') return;
    const text = m.problems.join('\n');
    expect(text).toContain('levels[1]: 50 does not rise');
    expect(text).toContain('repeats: 0');
    expect(text).toContain('duration_s: NaN');
    expect(text).toContain('connections: 1.5');
    expect(seen).toEqual([]);
    const big = await runLoadtestRequest(
      request({ levels: [10_000, 20_000], duration_s: 120, repeats: 10 }),
      () => {},
    );
    expect(big.kind === 'loadtest-error' && big.problems[0]).toContain('at most 2,000,000');
  });
});
