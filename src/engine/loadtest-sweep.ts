// A load tester's sweep: the same test at rising load (an open-loop rate, or closed-loop users),
// repeated over seeds, to find the knee, where throughput stops following the load and latency
// turns up. The question a serving project asks first: "where is the knee, and how many replicas
// does this load need".
//
// Each level runs `repeats` seeds (config.seed, +1, ...); throughput and latency come with 95 %
// t-intervals over them (mean-interval.ts). The knee is the level of greatest power, throughput /
// p99 latency (Kleinrock's power, with the tail rather than the mean, since the tail is what SLOs
// bound): below it more load buys throughput at little latency, above it latency grows faster than
// throughput.

import type { Config } from './config.ts';
import { runLoadTest, type LoadReport, type LoadSpec } from './loadtest.ts';
import { meanInterval95, type MeanInterval } from './mean-interval.ts';

export interface SweepSpec {
  /** `rate`: open loop, Poisson at each level (req/s); `users`: closed loop with each level's users. */
  kind: 'rate' | 'users';
  levels: number[];
  repeats: number;
  /** Each run's length (s). */
  duration_s: number;
}

export interface SweepPoint {
  level: number;
  throughput_per_s: MeanInterval;
  goodput_per_s: MeanInterval;
  success_rate: MeanInterval;
  p99_intended_ms: MeanInterval;
  p99_actual_ms: MeanInterval;
}

export interface SweepReport {
  kind: SweepSpec['kind'];
  repeats: number;
  duration_s: number;
  points: SweepPoint[];
  /** The level of greatest throughput / p99 (means over seeds). */
  knee: { level: number; throughput_per_s: number; p99_ms: number };
}

/** The config and load of one level's run on one seed. */
function levelRun(
  config: Config,
  spec: LoadSpec,
  sweep: SweepSpec,
  level: number,
  seed: number,
): [Config, LoadSpec] {
  const { jobs: _jobs, ...rest } = config;
  const c: Config = { ...rest, seed, duration_s: sweep.duration_s };
  if (sweep.kind === 'users') return [c, { ...spec, mode: 'closed', users: level }];
  const arrivals = { process: 'poisson' as const, rate_per_s: level, rate_scale: 1 };
  return [
    { ...c, arrivals },
    { ...spec, mode: 'open' },
  ];
}

/** The level's point: means and 95 % intervals over its runs. */
function pointOf(level: number, runs: readonly LoadReport[]): SweepPoint {
  return {
    level,
    throughput_per_s: meanInterval95(runs.map((r) => r.throughput_per_s)),
    goodput_per_s: meanInterval95(runs.map((r) => r.goodput_per_s)),
    success_rate: meanInterval95(runs.map((r) => r.success_rate)),
    p99_intended_ms: meanInterval95(runs.map((r) => r.latency_ms.intended.p99)),
    p99_actual_ms: meanInterval95(runs.map((r) => r.latency_ms.actual.p99)),
  };
}

function sweepReport(sweep: SweepSpec, points: SweepPoint[]): SweepReport {
  let best = points[0]!;
  const power = (p: SweepPoint) => p.throughput_per_s.mean / Math.max(p.p99_intended_ms.mean, 1e-9);
  for (const p of points) if (power(p) > power(best)) best = p;
  return {
    kind: sweep.kind,
    repeats: sweep.repeats,
    duration_s: sweep.duration_s,
    points,
    knee: {
      level: best.level,
      throughput_per_s: best.throughput_per_s.mean,
      p99_ms: best.p99_intended_ms.mean,
    },
  };
}

/** Run the sweep against the simulation; `onPoint` sees each level as it is done (the CLI prints
 * progress). */
export function runSweep(
  config: Config,
  spec: LoadSpec,
  sweep: SweepSpec,
  onPoint?: (p: SweepPoint, done: number, total: number) => void,
  options: Parameters<typeof runLoadTest>[2] = {},
): SweepReport {
  const points = sweep.levels.map((level, k) => {
    const runs = Array.from({ length: sweep.repeats }, (_, r) => {
      const [c, s] = levelRun(config, spec, sweep, level, config.seed + r);
      return runLoadTest(c, { ...s, duration_s: sweep.duration_s }, options);
    });
    const p = pointOf(level, runs);
    onPoint?.(p, k + 1, sweep.levels.length);
    return p;
  });
  return sweepReport(sweep, points);
}

/**
 * The same sweep with each run made by `run` (the live load test: src/workers/loadtest-live.ts),
 * one run at a time; `onRun` sees each run's report as it ends.
 */
export async function runSweepWith<R extends LoadReport>(
  config: Config,
  spec: LoadSpec,
  sweep: SweepSpec,
  run: (config: Config, spec: LoadSpec) => Promise<R>,
  onPoint?: (p: SweepPoint, done: number, total: number) => void,
  onRun?: (report: R, level: number, repeat: number) => void,
): Promise<SweepReport> {
  const points: SweepPoint[] = [];
  for (const [k, level] of sweep.levels.entries()) {
    const runs: R[] = [];
    for (let r = 0; r < sweep.repeats; r++) {
      const [c, s] = levelRun(config, spec, sweep, level, config.seed + r);
      const report = await run(c, { ...s, duration_s: sweep.duration_s });
      onRun?.(report, level, r);
      runs.push(report);
    }
    const p = pointOf(level, runs);
    onPoint?.(p, k + 1, sweep.levels.length);
    points.push(p);
  }
  return sweepReport(sweep, points);
}
