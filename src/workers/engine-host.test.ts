// The engine host paces the engine, posts bounded frames, and exports by deterministic replay that
// ends in exactly the live run's ledger, whatever controls changed along the way.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { csvParse } from 'd3-dsv';
import { TICK_MS } from './engine-host.ts';
import { hostConfig, hostHarness } from './test-support.ts';
import type { ConfigInput } from '../engine/config.ts';

const config: ConfigInput = hostConfig(3, 300);

afterEach(() => {
  vi.useRealTimers();
});

describe('EngineHost', () => {
  it('paces the engine to wall clock x speed and posts one frame per tick', () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    const reset = host.reset(config, { mode: 'simulated', speed: 10, playing: true });
    expect(reset).toEqual({ ok: true, runId: expect.any(Number) });
    advance(1000);
    const last = frames[frames.length - 1]!;
    // The reset names its run: the frames carry that id.
    expect(reset.ok && last.runId === reset.runId).toBe(true);
    // 1 s of wall clock at 10x is ~10 s simulated (within a tick of it).
    expect(last.time).toBeGreaterThan(9_500);
    expect(last.time).toBeLessThanOrEqual(10_000 + 10 * TICK_MS);
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(1000 / TICK_MS) + 1);
    const l = last.ledger;
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    host.dispose();
  });

  it('counts the queue per class, reports no latency as NaN, and splits a scheduler switch into before and after', () => {
    vi.useFakeTimers();
    const { host, frames, advance } = hostHarness();
    // Overloaded (300 jobs/s on ~125 jobs/s of lanes): a queue of both classes builds up.
    host.reset(
      {
        ...config,
        lanes: [{ kind: 'cpu', count: 1 }],
        mix: { ...config.mix, interactive_ratio: 0.4 },
      },
      { mode: 'simulated', speed: 10, playing: false },
    );
    advance(TICK_MS * 2);
    // Before any job ends, no class has a latency: NaN, not 0.
    const first = frames[frames.length - 1]!;
    expect(first.ledger.completed).toBe(0);
    expect(first.percentiles[0].p99).toBeNaN();
    expect(first.recent[1].p99).toBeNaN();
    expect(first.meanLatency![0]).toBeNaN();
    host.play();
    advance(500);
    let f = frames[frames.length - 1]!;
    const [qi, qb] = f.queuedByClass!;
    expect(qi + qb).toBe(f.ledger.queued);
    expect(qi).toBeGreaterThan(0);
    expect(qb).toBeGreaterThan(qi);
    expect(f.switched).toBeUndefined();
    const completedBefore = f.outcomes.completed[0] + f.outcomes.completed[1];
    host.setScheduler('edf');
    advance(500);
    f = frames[frames.length - 1]!;
    const sw = f.switched!;
    expect(sw).toMatchObject({ from: 'fifo', to: 'edf' });
    const sum = (h: Float64Array): number => h.reduce((a, b) => a + b, 0);
    // Before: every job that completed up to the switch; after: every one since; never both.
    expect(sum(sw.before)).toBeGreaterThanOrEqual(completedBefore);
    expect(sum(sw.before) + sum(sw.after)).toBe(f.outcomes.completed[0] + f.outcomes.completed[1]);
    expect(sw.percentiles.before[0].p99).toBeGreaterThan(0);
    expect(sw.percentiles.after[0].p99).toBeGreaterThan(0);
    host.dispose();
  });

  it('refuses a bad config with its problems', () => {
    const { host } = hostHarness();
    const r = host.reset({ ...config, lanes: [] }, { mode: 'simulated', speed: 1, playing: false });
    expect(r.ok).toBe(false);
  });

  it('exports by replay: one CSV row per ended job, same ledger as the live run', () => {
    vi.useFakeTimers();
    const { host, frames, chunks, advance } = hostHarness();
    host.reset(config, { mode: 'simulated', speed: 20, playing: true });
    advance(300);
    host.setRate(500);
    advance(200);
    host.setScheduler('edf');
    host.failLane(0);
    advance(200);
    host.recoverLane(0);
    host.setInteractiveRatio(0.8);
    advance(300);
    host.pause();
    advance(50);
    const live = frames[frames.length - 1]!.ledger;
    const result = host.exportRun(1, 'trace-csv');
    expect(result.ledger).toEqual(live);
    const text = chunks.map((c) => c.text).join('');
    const rows = csvParse(text);
    expect(rows.length).toBe(live.completed + live.rejected + live.dropped);
    expect(result.rows).toBe(rows.length);
    expect(chunks[chunks.length - 1]!.done).toBe(true);
    host.dispose();
  });

  it('a Chrome trace export is valid trace-event JSON', () => {
    vi.useFakeTimers();
    const { host, chunks, advance } = hostHarness();
    host.reset(config, { mode: 'simulated', speed: 5, playing: true });
    advance(200);
    host.exportRun(2, 'chrome-trace');
    const json = JSON.parse(chunks.map((c) => c.text).join('')) as {
      traceEvents: { ph: string }[];
    };
    expect(json.traceEvents.filter((e) => e.ph === 'M')).toHaveLength(4);
    expect(json.traceEvents.some((e) => e.ph === 'X')).toBe(true);
    host.dispose();
  });

  it('compiles a user policy in the worker, runs it live, reports its problems and replays it', async () => {
    vi.useFakeTimers();
    const { host, frames, chunks, advance } = hostHarness();
    host.reset(config, { mode: 'simulated', speed: 20, playing: true });
    advance(200);
    // A syntax error changes nothing and names its line.
    const bad = await host.setPolicy('export default {\n  decide(ctx) {\n    return [;\n  },\n};');
    expect(bad).toMatchObject({ ok: false, error: { line: 3 } });
    advance(50);
    expect(frames[frames.length - 1]!.scheduler).toBe('fifo');
    // Shortest predicted job first, except that it throws on one model (line 6).
    const sjf = [
      'export default {',
      '  name: "sjf-or-throw",',
      '  decide({ queue, lanes, predict }) {',
      '    const lane = lanes.find((l) => l.available);',
      '    const job = queue.reduce((a, b) => (predict(b, lane) < predict(a, lane) ? b : a));',
      '    if (job.model === "resnet50" && job.class === "batch") throw new Error("no");',
      '    return { job, lane };',
      '  },',
      '};',
    ].join('\n');
    const ok = await host.setPolicy(sjf);
    expect(ok).toMatchObject({ ok: true, name: 'sjf-or-throw' });
    advance(600);
    const frame = frames[frames.length - 1]!;
    expect(frame.scheduler).toBe('sjf-or-throw');
    expect(frame.policy!.started).toBeGreaterThan(0);
    expect(frame.policy!.fallbacks).toBeGreaterThan(0);
    expect(frame.policy!.problems[0]).toMatchObject({
      kind: 'exception',
      line: 6,
      message: 'Error: no',
    });
    host.pause();
    advance(50);
    const live = frames[frames.length - 1]!.ledger;
    expect(live.arrived).toBe(
      live.completed + live.rejected + live.dropped + live.queued + live.running,
    );
    // The export replays the policy from its source: the same ledger.
    const result = host.exportRun(3, 'trace-csv');
    expect(result.ledger).toEqual(live);
    expect(csvParse(chunks.map((c) => c.text).join('')).length).toBe(live.completed);
    // A built-in takes over again.
    host.setScheduler('edf');
    advance(50);
    expect(frames[frames.length - 1]!.policy).toBeUndefined();
    // A fresh run can start with the policy from t = 0.
    expect(
      host.reset(config, { mode: 'simulated', speed: 20, playing: true, policy: sjf }),
    ).toEqual({ ok: true, runId: expect.any(Number) });
    advance(100);
    expect(frames[frames.length - 1]!.scheduler).toBe('sjf-or-throw');
    host.dispose();
  });
});
