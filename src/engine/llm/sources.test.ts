// Requests with tokens from every arrival process SchedLab has, with their lengths drawn from the
// configured distributions; and the distributions themselves.

import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../config.ts';
import { uniformStream } from '../rng.ts';
import { createLengthSampler } from './lengths.ts';
import { llmTestConfig, runLlm } from './test-support.ts';

describe('every arrival process brings LLM requests', () => {
  const processes: [string, ConfigInput['arrivals']][] = [
    ['poisson', { process: 'poisson', rate_per_s: 20 }],
    ['gamma', { process: 'gamma', rate_per_s: 20, cv: 3 }],
    ['bursty', { process: 'bursty', rate_per_s: 40, on_ms: 500, off_ms: 500 }],
    ['an rps trace', { process: 'trace', format: 'rps', data: '10 30 0 20\n15', loop: true }],
    [
      'a timestamps trace',
      { process: 'trace', format: 'timestamps', data: 'ts_ms\n0\n40\n90\n130\n500', loop: true },
    ],
  ];
  it.each(processes)('%s, with fixed lengths', (_name, arrivals) => {
    const { engine, sink } = runLlm(
      llmTestConfig(
        {
          prompt: { dist: 'fixed', value: 70 },
          output: { dist: 'fixed', value: 9 },
          max_num_seqs: 8,
        },
        { jobs: 200, arrivals },
      ),
    );
    const s = engine.summary();
    expect(s.ledger).toMatchObject({ arrived: 200, completed: 200 });
    expect(s.tokens).toMatchObject({ prompt: 200 * 70, generated: 200 * 9 });
    expect(new Set(sink.requests.map((r) => r.prompt))).toEqual(new Set([70]));
  });
});

describe('length distributions', () => {
  it('lognormal draws have the configured mean and cv, whole and at least 1', () => {
    const draw = createLengthSampler(
      { dist: 'lognormal', mean: 400, cv: 1.5, max: 1 << 24 },
      'prompt',
    );
    const u = uniformStream(1, 'test');
    let n = 0;
    let sum = 0;
    let sum2 = 0;
    let bad = 0;
    for (let i = 0; i < 400_000; i++) {
      const x = draw(u);
      if (!Number.isInteger(x) || x < 1) bad++;
      n++;
      sum += x;
      sum2 += x * x;
    }
    const mean = sum / n;
    const cv = Math.sqrt(sum2 / n - mean * mean) / mean;
    expect(bad).toBe(0);
    expect(Math.abs(mean - 400) / 400).toBeLessThan(0.02);
    expect(Math.abs(cv - 1.5) / 1.5).toBeLessThan(0.1);
  });

  it('an empirical distribution draws the file\u2019s own values, each about equally often', () => {
    const data =
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.1,10,1\n2023-11-16 18:15:47.1,20,2\n2023-11-16 18:15:48.1,30,3\n';
    const draw = createLengthSampler({ dist: 'empirical', data }, 'output');
    const u = uniformStream(2, 'test');
    const counts = new Map<number, number>();
    for (let i = 0; i < 30_000; i++) {
      const x = draw(u);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3]);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});

describe('the resource guard', () => {
  it('stops an LLM run at its event budget with both ledgers balanced', async () => {
    const { Engine } = await import('../engine.ts');
    const engine = new Engine(
      llmTestConfig(
        { prompt: { dist: 'fixed', value: 200 }, output: { dist: 'fixed', value: 50 } },
        {
          jobs: 1000,
          arrivals: { process: 'poisson', rate_per_s: 50 },
        },
      ),
      { maxEvents: 600 },
    );
    engine.runToEnd();
    expect(engine.stopped).toMatch(/after 600 events, its event budget/);
    const s = engine.summary();
    const l = s.ledger;
    expect(l.queued + l.running).toBeGreaterThan(0);
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    expect(s.llm!.token_ledger.balanced).toBe(true);
    expect(s.stopped).toBeDefined();
  });
});
