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
