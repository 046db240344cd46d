// A run in the engine worker that passes a resource limit stops with its reason in the frame (the
// page shows it as a notice), its ledger balanced; a bad trace is refused and the run goes on.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { TICK_MS } from './engine-host.ts';
import { hostHarness } from './test-support.ts';
import type { ConfigInput } from '../engine/config.ts';

afterEach(() => {
  vi.useRealTimers();
});

const slow: ConfigInput = {
  jobs: 1_000_000,
  arrivals: { process: 'poisson', rate_per_s: 0.001 },
  lanes: [{ kind: 'cpu' }],
  service: { dist: 'exponential', mean_ms: 1 },
};

describe('EngineHost at a resource limit', () => {
  it('stops the run, says why in the frame, and keeps the ledger balanced', () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    // One arrival per 1000 s, played at 2e7x: the run reaches 1,000,000 s in about four ticks.
    expect(host.reset(slow, { mode: 'simulated', speed: 2e7, playing: true })).toEqual({
      ok: true,
      runId: expect.any(Number),
    });
    advance(50 * TICK_MS);
    const last = frames[frames.length - 1]!;
    expect(last.stopped).toMatch(/past 1,000,000 s \(11\.6 days\)/);
    expect(last.done).toBe(true);
    expect(last.playing).toBe(false);
    const l = last.ledger;
    expect(l.arrived).toBeGreaterThan(0);
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    expect(frames.filter((f) => f.stopped === undefined).length).toBeGreaterThan(0);
    host.dispose();
  });

  it('refuses a zero-span trace and leaves the current run playing', () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    host.reset(
      { ...slow, arrivals: { process: 'poisson', rate_per_s: 100 } },
      {
        mode: 'simulated',
        speed: 1,
        playing: true,
      },
    );
    advance(200);
    const runId = frames[frames.length - 1]!.runId;
    const r = host.reset(
      {
        ...slow,
        arrivals: { process: 'trace', format: 'timestamps', data: 'timestamp\n5\n5\n', loop: true },
      },
      { mode: 'simulated', speed: 1, playing: true },
    );
    expect(r).toEqual({
      ok: false,
      problems: [expect.stringMatching(/all 2 arrivals are at the same time/)],
    });
    const before = frames[frames.length - 1]!.time;
    advance(200);
    const after = frames[frames.length - 1]!;
    expect(after.runId).toBe(runId);
    expect(after.time).toBeGreaterThan(before);
    host.dispose();
  });
});
