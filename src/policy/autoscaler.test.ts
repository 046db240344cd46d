// A user's autoscaler through the policy API (`scale(ctx)`): it drives the pool as a built-in
// does, and one that throws, answers nonsense or never returns keeps the pool as it is, is
// reported with its line, and never unbalances the ledger.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../engine/config.ts';
import { Engine } from '../engine/engine.ts';
import { testConfig } from '../engine/test-support.ts';
import { compilePolicy, type CompiledPolicy } from './compile.ts';

function compile(source: string, file = 'mine.js'): CompiledPolicy {
  const r = compilePolicy(source, { file, limits: { decisionMs: 20, maxTimeouts: 2 } });
  if (!r.ok) throw new Error(`${file}:${r.error.line}: ${r.error.message}`);
  return r.policy;
}

// 100/s for 20 s, 600/s for 20 s, 100/s for 40 s on CPU replicas of 4 slots at 10 ms (400/s each).
const step: ConfigInput = {
  jobs: 10_000_000,
  arrivals: {
    process: 'trace',
    format: 'rps',
    data: [...Array(20).fill(100), ...Array(20).fill(600), ...Array(40).fill(100)].join(' '),
  },
  mix: { interactive_ratio: 0, models: { resnet18: 1 } },
  lanes: [{ kind: 'cpu', count: 1, concurrency: 4 }],
  service: { dist: 'exponential', mean_ms: 10 },
  scheduler: { name: 'fifo' },
  autoscale: { enabled: true, min: 1, max: 8, startup_ms: 2000 },
};

function run(policy: CompiledPolicy) {
  const factory = policy.autoscaler();
  const engine = new Engine(testConfig(step), { autoscaler: factory });
  while (engine.step()) {
    const l = engine.ledger();
    if (l.arrived !== l.completed + l.rejected + l.dropped + l.queued + l.running) {
      throw new Error(`ledger unbalanced at ${engine.now}`);
    }
  }
  return {
    summary: engine.summary(),
    status: factory.status()!,
    lanes: engine.metrics.series.lanes!,
  };
}

describe('a user autoscaler', () => {
  it('the example grows the pool for the step and lets it go after', () => {
    const file = 'autoscaler-in-flight.js';
    const source = readFileSync(
      new URL(`../../examples/policies/${file}`, import.meta.url),
      'utf8',
    );
    const policy = compile(source, file);
    expect(policy.scale).toEqual({ periodS: 5 });
    expect(policy.decides).toBe(false);
    expect(() => policy.factory()).toThrow(/an autoscaler/);
    const { summary, status, lanes } = run(policy);
    expect(summary.autoscale!.policy).toBe('in-flight target');
    expect(status).toMatchObject({ fallbacks: 0, problems: [] });
    expect(status.decisions).toBeGreaterThan(10);
    // 600/s needs two replicas of 400/s at full use; before the step one serves 100/s.
    expect(Math.max(...lanes.slice(20, 40))).toBeGreaterThanOrEqual(2);
    expect(lanes[15]).toBe(1);
    expect(lanes[lanes.length - 1]).toBe(1);
    expect(summary.ledger.completed).toBe(summary.ledger.arrived);
  });

  it('gets exactly what it asks for, clamped to the bounds', () => {
    const { summary } = run(compile('export default { period_s: 1, scale: () => 3 };'));
    expect(summary.autoscale!.active_lanes_max).toBe(3);
    expect(summary.autoscale!.active_lanes_final).toBe(3);
    const big = run(compile('export default { period_s: 1, scale: () => 1e9 };'));
    expect(big.summary.autoscale!.active_lanes_max).toBe(8);
  });

  it('keeps the pool as it is when a decision throws or answers nonsense, and says where', () => {
    const thrower = run(
      compile(
        [
          'export default {',
          '  period_s: 1,',
          '  scale(ctx) {',
          "    if (ctx.queued > 0) throw new Error('no idea');",
          "    return 'lots';",
          '  },',
          '};',
        ].join('\n'),
      ),
    );
    const kinds = thrower.status.problems.map((p) => [p.kind, p.line]);
    expect(kinds).toContainEqual(['exception', 4]);
    expect(kinds).toContainEqual(['invalid', 5]);
    expect(thrower.status.fallbacks).toBe(thrower.status.decisions);
    expect(thrower.summary.autoscale!.active_lanes_max).toBe(1);
    expect(thrower.summary.ledger.completed).toBe(thrower.summary.ledger.arrived);
  });

  it('stops a decision that never returns, and switches the policy off after the limit', () => {
    const { status, summary } = run(
      compile('export default { period_s: 1, scale() { for (;;) {} } };'),
    );
    expect(status.problems[0]).toMatchObject({ kind: 'timeout', count: 2 });
    expect(status.disabled).toMatch(/off for the rest of the run/);
    expect(status.decisions).toBe(2);
    expect(summary.ledger.completed).toBe(summary.ledger.arrived);
  });
});
