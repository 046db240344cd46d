import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { prometheusText } from './prometheus.ts';
import { testConfig } from './test-support.ts';

describe('Prometheus export', () => {
  it('exposes the ledger, quantiles per class and lane utilisation in the text format', () => {
    const engine = new Engine(
      testConfig({ jobs: 2000, lanes: [{ kind: 'gpu' }, { kind: 'cpu', count: 2 }] }),
    );
    engine.runToEnd();
    const text = prometheusText(engine.summary());
    expect(text).toContain('schedlab_jobs_total{outcome="completed"} 2000\n');
    expect(text).toMatch(
      /^schedlab_latency_ms\{class="interactive",quantile="0\.99"\} \d+(\.\d+)?$/m,
    );
    expect(text).toMatch(/^schedlab_lane_utilisation_ratio\{lane="cpu1",kind="cpu"\} 0\.\d+$/m);
    // Every sample line is `name{labels} value` with a number; every metric has HELP and TYPE.
    for (const l of text.trimEnd().split('\n')) {
      expect(l).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? (-?\d+(\.\d+)?(e[-+]\d+)?|NaN))$/);
    }
  });
});

describe('Prometheus export of two sides (compare mode)', () => {
  it('labels every sample with its side and keeps each metric family in one block', () => {
    const run = (name: 'fifo' | 'edf') => {
      const engine = new Engine(testConfig({ jobs: 500, scheduler: { name } }));
      engine.runToEnd();
      return engine.summary();
    };
    const text = prometheusText([
      { side: 'a', summary: run('fifo') },
      { side: 'b', summary: run('edf') },
    ]);
    expect(text).toContain('schedlab_jobs_total{side="a",outcome="completed"} 500\n');
    expect(text).toContain('schedlab_jobs_total{side="b",outcome="completed"} 500\n');
    const families: string[] = [];
    for (const l of text.trimEnd().split('\n')) {
      if (l.startsWith('# TYPE')) families.push(l.split(' ')[2]!);
      else if (!l.startsWith('#')) expect(l).toMatch(/^\w+\{side="[ab]",/);
    }
    expect(new Set(families).size).toBe(families.length);
  });
});
