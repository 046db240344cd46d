import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { parseConfig } from '../../src/engine/config.ts';
import { aggregate } from './aggregate.ts';
import { pooledQuantiles, recordRun, type RunRecord } from './run-record.ts';
import type { SweepManifest } from './store.ts';

function engineOf(seed: number, rate: number): Engine {
  const engine = new Engine(
    parseConfig({
      seed,
      jobs: 4000,
      arrivals: { process: 'poisson', rate_per_s: rate },
      lanes: [{ kind: 'cpu', count: 2 }],
      service: { dist: 'exponential', mean_ms: 4 },
    }),
  );
  engine.runToEnd();
  return engine;
}

function run(seed: number, rate: number): RunRecord {
  return recordRun(engineOf(seed, rate), `k${seed}-${rate}`, 'v', { seed, rate }, 0);
}

describe('aggregates over seeds', () => {
  it('pools percentiles by merging sketches: the p99 of the union, not the mean of p99s', () => {
    // Two very different replications: a light run and a near-saturated one.
    const light = engineOf(1, 100);
    const heavy = engineOf(2, 480);
    const records = [light, heavy].map((e, i) => recordRun(e, `k${i}`, 'v', {}, 0));
    const pooled = pooledQuantiles(records, 'latency', [0.99])[0]!;
    // The oracle: one sketch holding both runs' jobs.
    const union = heavy.metrics.sketch('latency', -1);
    union.merge(light.metrics.sketch('latency', -1));
    expect(pooled / union.getValueAtQuantile(0.99)).toBeCloseTo(1, 9);
    const meanOfP99 = (records[0]!.figures.latency_p99 + records[1]!.figures.latency_p99) / 2;
    expect(Math.abs(pooled / meanOfP99 - 1)).toBeGreaterThan(0.1);
  });

  it('groups runs by everything but the seed and gives each figure a 95 % interval', () => {
    const records = [run(1, 200), run(2, 200), run(3, 200), run(1, 400), run(2, 400), run(3, 400)];
    const manifest: SweepManifest = {
      format: 'schedlab.sweep/1',
      id: 'x',
      engine_version: 'v',
      axes: [
        { path: 'arrivals.rate_per_s', values: [200, 400] },
        { path: 'seed', values: [1, 2, 3] },
      ],
      runs: records.map((r, i) => ({
        index: i,
        key: r.key,
        values: [i < 3 ? 200 : 400, (i % 3) + 1],
        seed: (i % 3) + 1,
      })),
      shard: null,
    };
    const agg = aggregate(manifest, new Map(records.map((r) => [r.key, r])));
    expect(agg.axes).toEqual(['arrivals.rate_per_s']);
    expect(agg.rows.map((r) => r.values)).toEqual([[200], [400]]);
    const tput = agg.rows[1]!.stats.throughput_per_s!;
    expect(tput.n).toBe(3);
    expect(tput.lo).toBeLessThan(tput.mean);
    expect(tput.hi).toBeGreaterThan(tput.mean);
    expect(tput.lo).toBeGreaterThan(350);
    expect(tput.hi).toBeLessThan(450);
    expect(agg.rows[1]!.pooled.pooled_latency_p99).toBeGreaterThan(
      agg.rows[0]!.pooled.pooled_latency_p99!,
    );
  });
});
