// Autoscaler against autoscaler on identical arrivals: the question an operator asks before turning
// predictive scaling on ("what does a forecast buy over the HPA on my daily cycle, and what does it
// cost?"). Each seed draws one arrival sequence (per-second Poisson counts around the scenario's
// shape, then spread within each second), and both sides replay exactly it, with common random
// numbers for service times; the per-seed differences give paired t-intervals (paired.ts), so the
// verdict says by how much, with an interval, rather than one lucky run.
//
// Compared figures: SLO attainment (share of completed requests within their SLO), replica-seconds
// of the autoscaled pool, the cost per 1,000 requests, p99 latency, the requests that waited for a
// cold start, and flaps. `npm run compare:autoscalers` (cli/autoscale-compare.ts) prints and writes
// them; the tests assert the claim on the daily cycle.

import type { AutoscalerName } from './autoscalers/registry.ts';
import { parseConfig, type Config, type ConfigInput } from './config.ts';
import { Engine } from './engine.ts';
import { pairedInterval } from './paired.ts';
import { expVariate, uniformStream } from './rng.ts';
import {
  TWITTER_BURST,
  TWITTER_DAY_S,
  TWITTER_HOURLY,
  twitterLikeRate,
} from './twitter-like-day.ts';

/** A workload the autoscalers are compared on: its shape, and the pool it runs on. */
export interface AutoscaleScenario {
  name: string;
  /** One line for help texts and the report. */
  description: string;
  /** Mean requests per second at each second of the run. */
  rate(second: number): number;
  seconds: number;
  /** The predictive policy's season (s): the scenario's period, where it has one. */
  season_s: number;
}

/** A day compressed into `DAY_S` seconds (night trough, morning ramp, noon peak), three times over. */
const DAY_S = 600;
const dailyCycle: AutoscaleScenario = {
  name: 'daily_cycle',
  description: `a day compressed into ${DAY_S} s, three times: 10/s at night, a morning ramp to 200/s at noon`,
  rate: (t) => {
    const shape = 0.5 - 0.5 * Math.cos((2 * Math.PI * (t % DAY_S)) / DAY_S);
    return 10 + 190 * shape * shape;
  },
  seconds: 3 * DAY_S,
  season_s: DAY_S,
};

const stepLoad: AutoscaleScenario = {
  name: 'step_load',
  description: '20/s for 300 s, a step to 160/s for 300 s, then 20/s for 300 s',
  rate: (t) => (t >= 300 && t < 600 ? 160 : 20),
  seconds: 900,
  season_s: 0,
};

/** A Twitter-like day (synthetic, twitter-like-day.ts says why and from what), three times. */
const TWITTER_PEAK = 160;
const twitterDay: AutoscaleScenario = {
  name: 'twitter_day',
  description: `a Twitter-like day (synthetic: no permissively licensed per-second Twitter series was found) compressed into ${TWITTER_DAY_S} s, three times: ${Math.round(TWITTER_PEAK * Math.min(...TWITTER_HOURLY))}/s early morning, ${TWITTER_PEAK}/s evening peak, an event burst to ${Math.round(TWITTER_PEAK * (1 + TWITTER_BURST.height))}/s`,
  rate: (t) => twitterLikeRate(TWITTER_PEAK, t),
  seconds: 3 * TWITTER_DAY_S,
  season_s: TWITTER_DAY_S,
};

/** Every scenario, by name. */
export const AUTOSCALE_SCENARIOS: readonly AutoscaleScenario[] = [dailyCycle, stepLoad, twitterDay];

export function scenarioByName(name: string): AutoscaleScenario | undefined {
  return AUTOSCALE_SCENARIOS.find((s) => s.name === name);
}

/** One seed's arrivals: per-second Poisson counts around the scenario's rate (an rps trace). */
export function scenarioArrivals(scenario: AutoscaleScenario, seed: number): string {
  const u = uniformStream(seed, `autoscale-scenario:${scenario.name}`);
  const counts: number[] = [];
  for (let s = 0; s < scenario.seconds; s++) {
    // Arrivals of a Poisson process of this rate within one second: exact, O(rate) draws.
    const rate = scenario.rate(s);
    let n = 0;
    for (let t = expVariate(u) / rate; t < 1; t += expVariate(u) / rate) n++;
    counts.push(n);
  }
  return counts.join('\n');
}

/** Requests per second one replica serves at full use: 4 slots of 100 ms mean service. */
export const REPLICA_RATE_PER_S = 40;

/**
 * The run of one side: batch requests (1,000 ms SLO) of 100 ms mean service on replicas of 4 slots
 * (40/s each at full use), a 30 s cold start, 1 to 64 replicas. The HPA (and the predictive
 * policy's floor) target 70 % utilisation; the forecast sizes for the same share, a 60 s buffer
 * ahead (two cold starts), with the scenario's period as its season.
 */
export function scenarioConfig(
  scenario: AutoscaleScenario,
  policy: AutoscalerName,
  seed: number,
  arrivals = scenarioArrivals(scenario, seed),
): Config {
  const input: ConfigInput = {
    seed,
    jobs: 100_000_000,
    arrivals: { process: 'trace', format: 'rps', data: arrivals },
    mix: { interactive_ratio: 0, models: { resnet18: 1 } },
    lanes: [{ kind: 'cpu', count: 1, concurrency: 4 }],
    service: { dist: 'exponential', mean_ms: 100 },
    scheduler: { name: 'fifo' },
    autoscale: {
      enabled: true,
      policy,
      min: 1,
      max: 64,
      startup_ms: 30_000,
      hpa: { metric: 'utilisation', target: 0.7 },
      keda: { metric: 'in_flight', target: 12 },
      ray_serve: { target_ongoing_requests: 3 },
      predictive: {
        season_s: scenario.season_s,
        buffer_s: 60,
        target_utilisation: 0.7,
        floor_metric: 'utilisation',
        floor_target: 0.7,
      },
    },
  };
  return parseConfig(input);
}

/** One side's figures for one seed. */
export interface AutoscaleRun {
  arrived: number;
  completed: number;
  /** Share of completed requests within their SLO (0..1). */
  slo_attainment: number;
  replica_s: number;
  cost_per_1000_requests: number;
  p99_ms: number;
  cold_start_requests: number;
  scale_events: number;
  flaps: number;
  /** Replicas provisioned (asked for and kept) at the end of each second. */
  replicas: number[];
}

export function runSide(config: Config): AutoscaleRun {
  const engine = new Engine(config);
  engine.runToEnd();
  const s = engine.summary();
  const a = s.autoscale!;
  return {
    arrived: s.ledger.arrived,
    completed: s.ledger.completed,
    slo_attainment: s.cost.slo_attainment,
    replica_s: s.cost.replica_s.cpu + s.cost.replica_s.gpu,
    cost_per_1000_requests: s.cost.per_1000_requests ?? NaN,
    p99_ms: s.overall.latency.p99,
    cold_start_requests: a.cold_start_waits.requests,
    scale_events: a.scale_up_events + a.scale_down_events,
    flaps: a.flaps,
    replicas: engine.metrics.series.lanes ?? [],
  };
}

/** A compared figure: the sides' means over seeds and B against A with its interval. */
export interface AutoscaleFigure {
  id: 'slo_attainment' | 'replica_s' | 'cost_per_1000_requests' | 'p99_ms' | 'cold_start_requests';
  label: string;
  better: 'higher' | 'lower';
  /** `points`: B - A in percentage points; `relative`: B / A - 1 (from the mean log ratio). */
  kind: 'points' | 'relative';
  a: number;
  b: number;
  estimate: number;
  interval: { lo: number; hi: number; level: number } | null;
}

const FIGURES: readonly Pick<AutoscaleFigure, 'id' | 'label' | 'better' | 'kind'>[] = [
  { id: 'slo_attainment', label: 'SLO attainment', better: 'higher', kind: 'points' },
  { id: 'replica_s', label: 'replica-seconds', better: 'lower', kind: 'relative' },
  {
    id: 'cost_per_1000_requests',
    label: 'cost per 1,000 requests (USD)',
    better: 'lower',
    kind: 'relative',
  },
  { id: 'p99_ms', label: 'p99 latency (ms)', better: 'lower', kind: 'relative' },
  {
    id: 'cold_start_requests',
    label: 'requests that waited for a cold start',
    better: 'lower',
    kind: 'relative',
  },
];

export interface AutoscaleComparison {
  scenario: string;
  description: string;
  seeds: number[];
  a: { policy: AutoscalerName; runs: AutoscaleRun[] };
  b: { policy: AutoscalerName; runs: AutoscaleRun[] };
  figures: AutoscaleFigure[];
  /** One sentence: B against A on attainment and replica-seconds, with intervals. */
  verdict: string;
}

/** Run A and B on each seed's identical arrivals; `onSeed` sees progress. */
export function compareAutoscalers(
  scenario: AutoscaleScenario,
  a: AutoscalerName,
  b: AutoscalerName,
  seeds: readonly number[],
  onSeed?: (done: number, total: number) => void,
): AutoscaleComparison {
  const runsA: AutoscaleRun[] = [];
  const runsB: AutoscaleRun[] = [];
  seeds.forEach((seed, k) => {
    const arrivals = scenarioArrivals(scenario, seed);
    runsA.push(runSide(scenarioConfig(scenario, a, seed, arrivals)));
    runsB.push(runSide(scenarioConfig(scenario, b, seed, arrivals)));
    onSeed?.(k + 1, seeds.length);
  });
  const figures = FIGURES.map((f): AutoscaleFigure => {
    const va = runsA.map((r) => r[f.id]);
    const vb = runsB.map((r) => r[f.id]);
    const diffs: number[] = [];
    for (let k = 0; k < va.length; k++) {
      const x = va[k]!;
      const y = vb[k]!;
      if (f.kind === 'points') diffs.push(100 * (y - x));
      else if (x > 0 && y > 0) diffs.push(Math.log(y / x));
    }
    const out = f.kind === 'points' ? (d: number) => d : (d: number) => Math.exp(d) - 1;
    const iv = pairedInterval(diffs);
    const mean = diffs.length > 0 ? diffs.reduce((s, d) => s + d, 0) / diffs.length : NaN;
    return {
      ...f,
      a: avg(va),
      b: avg(vb),
      estimate: out(mean),
      interval: iv ? { lo: out(iv.lo), hi: out(iv.hi), level: iv.level } : null,
    };
  });
  const result = {
    scenario: scenario.name,
    description: scenario.description,
    seeds: [...seeds],
    a: { policy: a, runs: runsA },
    b: { policy: b, runs: runsB },
    figures,
    verdict: '',
  };
  result.verdict = verdict(result);
  return result;
}

function avg(xs: readonly number[]): number {
  return xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
}

/** A figure's change in words: "+24.9 points (95 % CI +23.1 to +26.7)", "-20.8 % (...)". */
export function formatChange(f: AutoscaleFigure): string {
  const fmt = (x: number) =>
    f.kind === 'points'
      ? `${x >= 0 ? '+' : ''}${x.toFixed(1)}`
      : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;
  const unit = f.kind === 'points' ? ' points' : '';
  const iv = f.interval;
  const ci = iv
    ? ` (${Math.round(iv.level * 100)} % CI ${fmt(iv.lo)} to ${fmt(iv.hi)}${unit})`
    : '';
  return `${fmt(f.estimate)}${unit}${ci}`;
}

function verdict(c: Omit<AutoscaleComparison, 'verdict'>): string {
  const att = c.figures.find((f) => f.id === 'slo_attainment')!;
  const rs = c.figures.find((f) => f.id === 'replica_s')!;
  const better = att.interval && att.interval.lo > 0;
  const worse = att.interval && att.interval.hi < 0;
  const cheaper = rs.interval && rs.interval.hi <= 0;
  const dearer = rs.interval && rs.interval.lo > 0;
  const how = better
    ? 'meets more SLOs'
    : worse
      ? 'meets fewer SLOs'
      : 'meets SLOs no differently (within the interval)';
  const spend = cheaper
    ? 'on fewer replica-seconds'
    : dearer
      ? 'on more replica-seconds'
      : 'on replica-seconds within the interval';
  return (
    `${c.b.policy} against ${c.a.policy} on ${c.scenario} over ${c.seeds.length} seeds ${how} ${spend}: ` +
    `SLO attainment ${formatChange(att)}, replica-seconds ${formatChange(rs)}.`
  );
}
