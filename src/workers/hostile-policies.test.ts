// Issue 19, defect 6 on the page's path: the engine worker's host running a user policy in its own
// realm (the worker's; here, the test's). Work a decision schedules for later never runs, a thrown
// Proxy is reported rather than stalling the worker, and the host says when an engine error ends a
// run instead of going silent.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostHarness } from './test-support.ts';
import type { ConfigInput } from '../engine/config.ts';

const config: ConfigInput = {
  seed: 3,
  jobs: 2000,
  arrivals: { process: 'poisson', rate_per_s: 300 },
  lanes: [{ kind: 'cpu', count: 2 }],
  service: { dist: 'exponential', mean_ms: 3 },
};

const FIFO =
  'const lane = ctx.lanes.find((l) => l.available); return lane ? { job: ctx.queue[0], lane } : null;';

afterEach(() => {
  vi.useRealTimers();
});

describe('issue 19: hostile policies in the engine worker', () => {
  it('a promise callback that loops for ever never runs; the run completes', async () => {
    const stopped: unknown[] = [];
    const onRejection = (reason: unknown): void => void stopped.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      vi.useFakeTimers();
      const { host, frames, advance } = hostHarness();
      const policy = await host.setPolicy(
        `export default { decide(ctx) { Promise.resolve().then(() => { for (;;) {} }); ${FIFO} } };`,
      );
      expect(policy.ok).toBe(true);
      host.reset(config, {
        mode: 'simulated',
        speed: 1000,
        playing: true,
        policy: `export default { decide(ctx) { Promise.resolve().then(() => { for (;;) {} }); ${FIFO} } };`,
      });
      advance(2000);
      await Promise.resolve();
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const last = frames[frames.length - 1]!;
      expect(last.done).toBe(true);
      expect(last.ledger.completed).toBe(2000);
      // Each callback was stopped at its first line by the closed guard.
      expect(stopped.length).toBeGreaterThan(0);
      expect((stopped[0] as { name: string }).name).toBe('PolicyStopped');
      host.dispose();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('a thrown Proxy whose traps throw is reported in the frame and the run goes on', async () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    const source = `export default { decide() { throw new Proxy({}, { getPrototypeOf() { throw 1; }, get() { throw 2; } }); } };`;
    expect((await host.setPolicy(source)).ok).toBe(true);
    host.reset(config, { mode: 'simulated', speed: 1000, playing: true, policy: source });
    advance(2000);
    const last = frames[frames.length - 1]!;
    expect(last.done).toBe(true);
    expect(last.ledger.completed).toBe(2000);
    expect(last.policy?.problems[0]?.message).toBe('threw a value that could not be read');
    host.dispose();
  });
});
