// The elastic-serving panels' pure parts: the replica history a chart is drawn from, the chart
// geometry (the knee where the sweep put it), the sweep's levels, the daily load shape and the
// autoscaler settings in a link.

import { describe, expect, it } from 'vitest';
import type { LaneState, SeriesTail } from '../../src/workers/protocol.ts';
import { checkConfig } from '../../src/engine/config.ts';
import { simMs } from '../../src/engine/units.ts';
import { buildConfig, DEFAULT_SETTINGS, type Settings } from '../config/settings.ts';
import { decodeSettings, encodeSettings } from '../config/url-state.ts';
import { DAILY_PERIOD_S, dailyCounts, dailyRate } from '../config/load-shape.ts';
import { TWITTER_DAY_S, twitterLikeCounts } from '../../src/engine/twitter-like-day.ts';
import { kneeScene, replicaScene } from './elastic-layout.ts';
import { MAX_SAMPLES, poolCount, ReplicaHistory } from './replica-history.ts';
import { sweepLevels } from './loadtest-panel.tsx';
import type { SweepReport } from '../../src/engine/loadtest-sweep.ts';

const lane = (pool?: LaneState['pool'], kind: 'cpu' | 'gpu' = 'cpu'): LaneState => ({
  name: 'x',
  kind,
  up: true,
  ...(pool ? { pool } : {}),
  concurrency: 1,
  running: 0,
  peakRunning: 0,
  utilisation: 0,
  memUsed: 0,
  memPeak: 0,
  memCapacity: null,
  memUnit: 'MiB',
});
const series = (arrived: number[]): SeriesTail => ({
  firstSecond: 0,
  arrived: Float64Array.from(arrived),
  completed: new Float64Array(arrived.length),
  good: new Float64Array(arrived.length),
  violated: new Float64Array(arrived.length),
  queue: new Float64Array(arrived.length),
});

describe('replica history', () => {
  it('counts the CPU pool by state and integrates the replicas asked for', () => {
    const lanes = [
      lane(),
      lane('warming'),
      lane('draining'),
      lane('parked'),
      lane(undefined, 'gpu'),
    ];
    expect(poolCount(lanes)).toEqual({ serving: 1, warming: 1, draining: 1 });
    const h = new ReplicaHistory();
    const s = series([10, 20, 30, 40]);
    expect(h.record({ time: simMs(0), lanes, series: s })).toBe(true);
    // 2 asked for (serving + warming) for 2 s: 4 replica-seconds; the load of second 1.
    expect(h.record({ time: simMs(2000), lanes: [lane()], series: s })).toBe(true);
    expect(h.samples[1]).toMatchObject({ t: 2, serving: 1, warming: 0, replicaS: 4, load: 20 });
    // Within the sample step: no new sample, but the time still counts.
    expect(h.record({ time: simMs(2500), lanes: [lane()], series: s })).toBe(false);
    expect(h.record({ time: simMs(3500), lanes: [lane()], series: s })).toBe(true);
    expect(h.samples[2]!.replicaS).toBeCloseTo(5.5);
    // A new run (time goes back) starts afresh.
    h.record({ time: simMs(0), lanes, series: s });
    expect(h.samples).toHaveLength(1);
  });

  it('stays bounded on a long run, halving its resolution', () => {
    const h = new ReplicaHistory();
    const s = series([1]);
    for (let t = 0; t < 3 * MAX_SAMPLES; t++)
      h.record({ time: simMs(t * 1000), lanes: [lane()], series: s });
    expect(h.samples.length).toBeLessThanOrEqual(MAX_SAMPLES);
    expect(h.samples[h.samples.length - 1]!.t).toBeGreaterThan(2.9 * MAX_SAMPLES);
  });
});

describe('chart geometry', () => {
  it('draws replicas inside the box and scales the axes to hold them', () => {
    const h = new ReplicaHistory();
    for (let t = 0; t <= 30; t++) {
      const n = t < 10 ? 1 : 5;
      h.record({
        time: simMs(t * 1000),
        lanes: Array.from({ length: n }, () => lane()),
        series: series([100]),
      });
    }
    const scene = replicaScene(h.samples);
    expect(scene.replicasMax).toBeGreaterThanOrEqual(5);
    const ys = [...scene.asked.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    for (const y of ys) {
      expect(y).toBeGreaterThanOrEqual(scene.box.top);
      expect(y).toBeLessThanOrEqual(scene.box.height - scene.box.bottom);
    }
  });

  it('marks the knee at the level the sweep chose', () => {
    const mi = (mean: number) => ({ n: 1, mean, sd: NaN, lo: mean, hi: mean });
    const report: SweepReport = {
      kind: 'rate',
      repeats: 1,
      duration_s: 5,
      points: [50, 100, 200, 300].map((level, i) => ({
        level,
        throughput_per_s: mi(Math.min(level, 220)),
        goodput_per_s: mi(level),
        success_rate: mi(1),
        p99_intended_ms: mi([10, 12, 40, 5000][i]!),
        p99_actual_ms: mi([10, 12, 40, 300][i]!),
      })),
      knee: { level: 100, throughput_per_s: 100, p99_ms: 12 },
    };
    const scene = kneeScene(report);
    expect(scene.knee.level).toBe(100);
    expect(scene.knee.x).toBe(scene.points[1]!.x);
    expect(scene.latencyMax).toBe(10_000);
    // The intended line ends above the actual one (a higher latency is higher on the chart: lower y).
    const lastY = (d: string) => Number(d.split(',').pop());
    expect(lastY(scene.intended)).toBeLessThan(lastY(scene.actual));
  });

  it('spreads the sweep levels evenly and rising', () => {
    expect(sweepLevels(60, 460, 5)).toEqual([60, 160, 260, 360, 460]);
    expect(sweepLevels(1, 3, 6)).toEqual([1, 2, 3]);
  });
});

describe('daily load shape and autoscaler settings', () => {
  it('follows the day: a trough at night, the rate at noon, its counts summing to the shape', () => {
    expect(dailyRate(200, 0)).toBeCloseTo(10);
    expect(dailyRate(200, DAILY_PERIOD_S / 2)).toBeCloseTo(200);
    const counts = dailyCounts(200);
    const exact = Array.from({ length: DAILY_PERIOD_S }, (_, t) => dailyRate(200, t));
    expect(Math.abs(counts.reduce((a, b) => a + b) - exact.reduce((a, b) => a + b))).toBeLessThan(
      1,
    );
  });

  it('carries the autoscaler, its knobs and the shape in a link, and builds a config the engine accepts', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      loadShape: 'daily',
      autoscale: {
        enabled: true,
        min: 1,
        max: 6,
        policy: 'predictive',
        coldStartMs: 30_000,
        target: 0.6,
      },
    };
    const params = encodeSettings(s);
    expect(params.get('aspol')).toBe('predictive');
    expect(decodeSettings(params)).toEqual({ ok: true, settings: s });
    const checked = checkConfig(buildConfig(s));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.config.autoscale).toMatchObject({ policy: 'predictive', startup_ms: 30_000 });
    expect(checked.config.autoscale.predictive).toMatchObject({
      season_s: DAILY_PERIOD_S,
      target_utilisation: 0.6,
      buffer_s: 60,
    });
    expect(checked.config.arrivals).toMatchObject({ process: 'trace', format: 'rps', loop: true });
  });

  it('carries the Twitter-like day in a link and replays its counts, the day as the season', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      rate: 100,
      loadShape: 'twitter',
      autoscale: { ...DEFAULT_SETTINGS.autoscale, enabled: true, policy: 'predictive' },
    };
    const params = encodeSettings(s);
    expect(params.get('shape')).toBe('twitter');
    expect(decodeSettings(params)).toEqual({ ok: true, settings: s });
    const checked = checkConfig(buildConfig(s));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(buildConfig(s).arrivals).toEqual({
      process: 'trace',
      format: 'rps',
      data: twitterLikeCounts(100).join('\n'),
      loop: true,
    });
    expect(TWITTER_DAY_S).toBe(DAILY_PERIOD_S);
    expect(checked.config.autoscale.predictive).toMatchObject({ season_s: DAILY_PERIOD_S });
  });

  it('names each bad autoscaler parameter of a link', () => {
    const bad = decodeSettings(new URLSearchParams('aspol=magic&ascold=-1&astgt=2&shape=weekly'));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const text = bad.problems.join('\n');
    expect(text).toContain('aspol=magic: not an autoscaler');
    expect(text).toContain('ascold=-1: must be between 0 and 600000');
    expect(text).toContain('astgt=2: must be between 0.05 and 1');
    expect(text).toContain('shape=weekly: must be one of steady, daily, twitter');
  });
});
