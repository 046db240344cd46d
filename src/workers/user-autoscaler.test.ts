// A user's autoscaler on the page's path: the engine worker's host compiles it (the policy API's
// compiler, in the worker's realm, as for user schedulers), a run started with it sizes the pool,
// the frames carry its decisions and problems by line, an export replays it, and bad code leaves
// the run as it was: a syntax error is refused with its line, a throwing decision keeps the pool's
// size, a decision that never returns is stopped at its time limit and the autoscaler switched off.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigInput } from '../engine/config.ts';
import { hostHarness } from './test-support.ts';
import type { FrameMessage } from './protocol.ts';

const example = (file: string): string =>
  readFileSync(new URL(`../../examples/policies/${file}`, import.meta.url), 'utf8');

// 150/s for 20 s, then 600/s, on CPU replicas of 4 slots at 10 ms (about 400/s each).
const config: ConfigInput = {
  seed: 5,
  jobs: 10_000_000,
  arrivals: {
    process: 'trace',
    format: 'rps',
    data: [...Array(20).fill(150), ...Array(100).fill(600)].join(' '),
  },
  mix: { interactive_ratio: 0, models: { resnet18: 1 } },
  lanes: [{ kind: 'cpu', count: 1, concurrency: 4 }],
  service: { dist: 'exponential', mean_ms: 10 },
  scheduler: { name: 'fifo' },
  autoscale: { enabled: true, min: 1, max: 8, startup_ms: 2000 },
};

const replicas = (f: FrameMessage): number =>
  f.lanes.filter((l) => l.kind === 'cpu' && l.pool !== 'parked').length;

afterEach(() => {
  vi.useRealTimers();
});

describe('a user autoscaler in the engine worker', () => {
  it('is compiled, sizes the pool of a fresh run, shows its decisions and is replayed by an export', async () => {
    vi.useFakeTimers();
    const { host, frames, advance, chunks } = hostHarness();
    const source = example('autoscaler-target-tracking.js');
    const checked = await host.setPolicy(source);
    expect(checked).toMatchObject({
      ok: true,
      name: 'target tracking',
      autoscaler: { periodS: 5 },
    });
    expect(
      host.reset(config, { mode: 'simulated', speed: 40, playing: true, autoscaler: source }).ok,
    ).toBe(true);
    advance(1500);
    const last = frames[frames.length - 1]!;
    expect(last.time).toBeGreaterThan(50_000);
    expect(last.autoscalerPolicy).toMatchObject({
      name: 'target tracking',
      fallbacks: 0,
      problems: [],
    });
    expect(last.autoscalerPolicy!.decisions).toBeGreaterThan(8);
    // The step to 600/s needs two replicas or more; the policy asked for them.
    expect(Math.max(...frames.map(replicas))).toBeGreaterThanOrEqual(2);
    const l = last.ledger;
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    // The export replays the run with the same autoscaler: the same ledger at the same time.
    host.pause();
    const result = host.exportRun(1, 'trace-csv');
    expect(result.ledger).toEqual(host.summary().ledger);
    expect(chunks.length).toBeGreaterThan(0);
    host.dispose();
  });

  it("the schedule-aware template holds its hour's floor while the load alone needs fewer", async () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    const source = example('autoscaler-schedule.js');
    expect(await host.setPolicy(source)).toMatchObject({ ok: true, autoscaler: {} });
    host.reset(config, { mode: 'simulated', speed: 40, playing: true, autoscaler: source });
    advance(600);
    const last = frames[frames.length - 1]!;
    expect(last.autoscalerPolicy!.problems).toEqual([]);
    // 150/s keeps one replica about 37 % busy (target tracking alone: 1); hour 0's floor is 2.
    const early = frames.filter((f) => f.time > 8000 && f.time < 20_000);
    expect(early.length).toBeGreaterThan(0);
    for (const f of early) expect(replicas(f)).toBe(2);
    host.dispose();
  });

  it('a syntax error is refused with its line and the run goes on unchanged', async () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    host.reset(config, { mode: 'simulated', speed: 40, playing: true });
    advance(100);
    const before = frames[frames.length - 1]!.runId;
    const bad = await host.setPolicy(
      'export default {\n  scale(ctx) {\n    return ctx.ready +;\n  },\n};',
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.line).toBe(3);
    // A run asked for with code setPolicy refused is refused, naming it; the run goes on.
    const refused = host.reset(config, {
      mode: 'simulated',
      speed: 40,
      playing: true,
      autoscaler: 'export default { scale(ctx) { return ; ',
    });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems[0]).toMatch(/^autoscaler: /);
    advance(100);
    const after = frames[frames.length - 1]!;
    expect(after.runId).toBe(before);
    expect(after.autoscalerPolicy).toBeUndefined();
    host.dispose();
  });

  it('a decision that throws keeps the pool as it is and is named with its line', async () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    const source =
      'export default {\n  period_s: 2,\n  scale(ctx) {\n    return ctx.nothing.here;\n  },\n};';
    expect((await host.setPolicy(source)).ok).toBe(true);
    host.reset(config, { mode: 'simulated', speed: 40, playing: true, autoscaler: source });
    advance(1000);
    const last = frames[frames.length - 1]!;
    const status = last.autoscalerPolicy!;
    expect(status.fallbacks).toBe(status.decisions);
    expect(status.problems[0]).toMatchObject({ line: 4 });
    // Every decision fell back: the pool kept its one replica.
    expect(Math.max(...frames.map(replicas))).toBe(1);
    const l = last.ledger;
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    host.dispose();
  });

  it('a decision that never returns is stopped at its time limit, then the autoscaler is off; the run goes on', async () => {
    // The decision's time limit is measured on the real clock: only the host's timer is faked.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { host, frames, advance } = hostHarness({ realWithinTick: true });
    const source = 'export default {\n  period_s: 1,\n  scale(ctx) {\n    for (;;) {}\n  },\n};';
    expect((await host.setPolicy(source)).ok).toBe(true);
    host.reset(config, { mode: 'simulated', speed: 40, playing: true, autoscaler: source });
    advance(2000);
    const last = frames[frames.length - 1]!;
    const status = last.autoscalerPolicy!;
    expect(status.problems[0]).toMatchObject({ kind: 'timeout', line: 4 });
    expect(status.disabled).toMatch(/pool keeps its size/);
    expect(last.time).toBeGreaterThan(10_000);
    expect(Math.max(...frames.map(replicas))).toBe(1);
    host.dispose();
  });
});
