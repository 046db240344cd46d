// A and B over several seeds: the figures compare mode puts side by side, the paired per-seed
// differences with their confidence intervals (paired.ts), and the verdict sentence. The page's
// background seeds worker and `npm run sim:compare` both call this, so they report the same
// intervals for the same configs and seeds.
//
// Latency percentiles compare as ratios: the interval is a t-interval on ln(B / A) per seed, shown
// as a relative change (exp - 1). Latencies are skewed and effects multiplicative ("B cuts p99 by
// 60 %"), and on the log scale a halving and a doubling are the same size. Rates and the fairness
// index compare as plain differences B - A (a violation rate can be 0, where a ratio means nothing).

import { Engine } from './engine.ts';
import type { Config } from './config.ts';
import type { Summary } from './summary.ts';
import { pairedInterval, type PairedInterval } from './paired.ts';
import { changePhrase, isFactor, signedChange } from './change-words.ts';

/** One side's figures for one run. Latencies in ms, rates per second, shares 0..1. */
export interface SideMetrics {
  latency: {
    interactive: { p50: number; p95: number; p99: number };
    batch: { p50: number; p95: number; p99: number };
  };
  /** Completed jobs per class (a class without jobs has no percentiles). */
  count: { interactive: number; batch: number };
  goodput: number;
  violation: { interactive: number; batch: number; overall: number };
  /** Jain's index over the two classes' SLO attainment (1 - violation rate): 1 = equal service. */
  fairness: number;
  /** Autoscaled runs: the share of requests within their SLO and the lanes' replica-seconds (a
   * fixed lane for the whole run, a pool replica while asked for). Absent otherwise. */
  autoscale?: { attainment: number; replicaS: number };
}

/** Jain's fairness index of non-negative values: 1 when all are equal, 1/n at worst. */
export function jain(xs: readonly number[]): number {
  const s = xs.reduce((a, b) => a + b, 0);
  const s2 = xs.reduce((a, b) => a + b * b, 0);
  return s2 > 0 ? (s * s) / (xs.length * s2) : 1;
}

export function sideMetrics(s: Summary): SideMetrics {
  const i = s.classes.interactive;
  const b = s.classes.batch;
  const pct = (c: typeof i) => ({ p50: c.latency.p50, p95: c.latency.p95, p99: c.latency.p99 });
  return {
    latency: { interactive: pct(i), batch: pct(b) },
    count: { interactive: i.count, batch: b.count },
    goodput: s.overall.goodput_per_s,
    violation: {
      interactive: i.slo_violation_rate,
      batch: b.slo_violation_rate,
      overall: s.overall.slo_violation_rate,
    },
    fairness: jain([1 - i.slo_violation_rate, 1 - b.slo_violation_rate]),
    ...(s.autoscale
      ? {
          autoscale: {
            attainment: s.cost.slo_attainment,
            replicaS: s.cost.replica_s.cpu + s.cost.replica_s.gpu,
          },
        }
      : {}),
  };
}

/** A figure compared between the sides (of the request kind's SideMetrics, or of any other). */
export interface CompareMetric<T = SideMetrics> {
  id: string;
  /** Lower case, as it reads inside a sentence: "interactive p99". */
  label: string;
  kind: 'ratio' | 'difference';
  /** Unit of a difference: jobs/s, percentage points (shares x 100), or none (an index); of a
   * ratio: ms, or replica-seconds. */
  unit: 'ms' | 'jobs/s' | 'points' | 'replica-s' | '';
  better: 'lower' | 'higher';
  /** The figure, or null when the side has nothing to measure (no jobs of the class). */
  read(m: T): number | null;
}

const latencyMetric = (cls: 'interactive' | 'batch', q: 'p50' | 'p95' | 'p99'): CompareMetric => ({
  id: `${cls}.${q}`,
  label: `${cls} ${q}`,
  kind: 'ratio',
  unit: 'ms',
  better: 'lower',
  read: (m) => (m.count[cls] > 0 && m.latency[cls][q] > 0 ? m.latency[cls][q] : null),
});

/** Every compared figure, in the order the difference panel and the tables show them. */
export const COMPARE_METRICS: readonly CompareMetric[] = [
  latencyMetric('interactive', 'p50'),
  latencyMetric('interactive', 'p95'),
  latencyMetric('interactive', 'p99'),
  latencyMetric('batch', 'p50'),
  latencyMetric('batch', 'p95'),
  latencyMetric('batch', 'p99'),
  {
    id: 'goodput',
    label: 'goodput',
    kind: 'difference',
    unit: 'jobs/s',
    better: 'higher',
    read: (m) => m.goodput,
  },
  {
    id: 'violation.interactive',
    label: 'interactive SLO violations',
    kind: 'difference',
    unit: 'points',
    better: 'lower',
    read: (m) => m.violation.interactive * 100,
  },
  {
    id: 'violation.batch',
    label: 'batch SLO violations',
    kind: 'difference',
    unit: 'points',
    better: 'lower',
    read: (m) => m.violation.batch * 100,
  },
  {
    id: 'fairness',
    label: 'fairness',
    kind: 'difference',
    unit: '',
    better: 'higher',
    read: (m) => m.fairness,
  },
];

/** The figures an autoscaler comparison adds (both sides autoscaled): SLO attainment against
 * replica-seconds, the trade an operator tunes an autoscaler for. */
export const AUTOSCALE_METRICS: readonly CompareMetric[] = [
  {
    id: 'slo_attainment',
    label: 'SLO attainment',
    kind: 'difference',
    unit: 'points',
    better: 'higher',
    read: (m) => (m.autoscale ? m.autoscale.attainment * 100 : null),
  },
  {
    id: 'replica_s',
    label: 'replica-seconds',
    kind: 'ratio',
    unit: 'replica-s',
    better: 'lower',
    read: (m) => (m.autoscale && m.autoscale.replicaS > 0 ? m.autoscale.replicaS : null),
  },
];

/** The figures to pair for these runs: every comparison's, and the autoscaling ones when both
 * sides autoscale. */
export function metricsFor(a: readonly SideMetrics[], b: readonly SideMetrics[]): CompareMetric[] {
  const scaled = a.length > 0 && a.every((m) => m.autoscale) && b.every((m) => m.autoscale);
  return scaled ? [...AUTOSCALE_METRICS, ...COMPARE_METRICS] : [...COMPARE_METRICS];
}

/** One figure over the seeds: the sides' means and the paired interval of B against A. */
export interface PairedMetric {
  id: string;
  label: string;
  kind: CompareMetric['kind'];
  unit: CompareMetric['unit'];
  better: CompareMetric['better'];
  /** Means over the seeds where both sides have the figure. */
  a: number;
  b: number;
  /** Ratio: relative change of B against A (0.1 = +10 %), from the mean of ln(B/A); difference:
   * the mean of B - A. Interval bounds in the same terms; null with fewer than two seeds. */
  estimate: number;
  interval: { lo: number; hi: number; n: number; level: number } | null;
  /** B equals A on every seed, exactly. */
  identical: boolean;
}

/** Pair the per-seed figures of A and B (same seeds, same order) for every metric. */
export function pairMetrics<T = SideMetrics>(
  a: readonly T[],
  b: readonly T[],
  level = 0.95,
  metrics: readonly CompareMetric<T>[] = COMPARE_METRICS as unknown as readonly CompareMetric<T>[],
): PairedMetric[] {
  return metrics.map((metric) => {
    const diffs: number[] = [];
    let sumA = 0;
    let sumB = 0;
    let identical = true;
    for (let k = 0; k < Math.min(a.length, b.length); k++) {
      const va = metric.read(a[k]!);
      const vb = metric.read(b[k]!);
      if (va === null || vb === null) continue;
      if (va !== vb) identical = false;
      sumA += va;
      sumB += vb;
      diffs.push(metric.kind === 'ratio' ? Math.log(vb / va) : vb - va);
    }
    const n = diffs.length;
    const iv: PairedInterval | null = pairedInterval(diffs, level);
    const mean = n > 0 ? diffs.reduce((s, d) => s + d, 0) / n : NaN;
    const out = metric.kind === 'ratio' ? (x: number) => Math.exp(x) - 1 : (x: number) => x;
    return {
      id: metric.id,
      label: metric.label,
      kind: metric.kind,
      unit: metric.unit,
      better: metric.better,
      a: n > 0 ? sumA / n : NaN,
      b: n > 0 ? sumB / n : NaN,
      estimate: out(mean),
      interval: iv ? { lo: out(iv.lo), hi: out(iv.hi), n: iv.n, level: iv.level } : null,
      identical: identical && n > 0,
    };
  });
}

/** Per-seed figures of both sides. */
export interface SeedRuns {
  seeds: number[];
  jobs: number;
  a: SideMetrics[];
  b: SideMetrics[];
}

/** The config of one seed's run: `jobs` arrivals, then drain. */
export function seedConfig(config: Config, seed: number, jobs: number): Config {
  // A shallow copy: only top-level fields change, and the engine never mutates its config.
  const { duration_s: _ignored, ...rest } = config;
  return { ...rest, seed, jobs };
}

/**
 * Run A and B on each seed to the end (`jobs` arrivals, drained) and collect their figures. B runs
 * on `seedsB[k]` where given (a comparison whose sides differ in their seed: then the pairs no
 * longer share arrivals, and the interval is as wide as independent runs make it).
 * `onSeed` sees progress after each seed (the worker posts it).
 */
export function runSeeds(
  a: Config,
  b: Config,
  seeds: readonly number[],
  jobs: number,
  onSeed?: (done: number) => void,
  seedsB: readonly number[] = seeds,
): SeedRuns {
  const out: SeedRuns = { seeds: [...seeds], jobs, a: [], b: [] };
  seeds.forEach((seed, k) => {
    for (const [side, config, s] of [
      [out.a, a, seed],
      [out.b, b, seedsB[k] ?? seed],
    ] as const) {
      const engine = new Engine(seedConfig(config, s, jobs));
      engine.runToEnd();
      side.push(sideMetrics(engine.summary()));
    }
    onSeed?.(k + 1);
  });
  return out;
}

/** The seeds a verdict runs: `count` consecutive seeds from `first` (wrapping at 2^32). */
export function verdictSeeds(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => (first + k) % 2 ** 32);
}

/** |x| of a difference for a sentence, with a few significant digits. */
function magnitude(x: number): string {
  const v = Math.abs(x);
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}

/** The unit after a difference in a sentence. */
function unitText(m: PairedMetric): string {
  return m.unit === 'jobs/s' ? ' jobs/s' : m.unit === 'points' ? ' percentage points' : '';
}

/** Whether the interval says B is better (true), worse (false) or cannot tell (null). */
export function pairedDirection(m: PairedMetric): boolean | null {
  const iv = m.interval;
  if (m.identical || !iv || (iv.lo <= 0 && iv.hi >= 0)) return null;
  const up = iv.lo > 0;
  return m.better === 'higher' ? up : !up;
}

/**
 * What B does to a figure with a clear difference, without the subject: "cuts interactive p99 by
 * 63 % (95 % CI 55-70 %)", "makes batch p99 about 510× higher (95 % CI 300-870×)", "raises goodput
 * by 12.3 jobs/s (95 % CI 10.1-14.5 jobs/s)". A relative change past 3× (or a third) reads as a
 * factor (change-words.ts), since "+51094 %" reads as nothing.
 */
export function changeClause(m: PairedMetric): string {
  const iv = m.interval!;
  const level = `${Math.round(iv.level * 100)} % CI`;
  const up = iv.lo > 0;
  // The smaller change first, as a reader expects.
  const [near, far] = up ? [iv.lo, iv.hi] : [iv.hi, iv.lo];
  if (m.kind === 'ratio') {
    const ratio = 1 + m.estimate;
    if (isFactor(ratio)) {
      const f = (x: number): string => {
        const r = 1 + x;
        const v = r >= 1 ? r : 1 / r;
        return v < 10 ? v.toFixed(1) : String(Number(v.toPrecision(2)));
      };
      return `makes ${m.label} ${changePhrase(ratio)} (${level} ${f(near)}-${f(far)}×)`;
    }
    const pct = (x: number): string => {
      const v = Math.abs(x * 100);
      return v >= 10 ? v.toFixed(0) : v.toFixed(1);
    };
    return `${up ? 'raises' : 'cuts'} ${m.label} by ${pct(m.estimate)} % (${level} ${pct(near)}-${pct(far)} %)`;
  }
  const unit = unitText(m);
  return `${up ? 'raises' : 'cuts'} ${m.label} by ${magnitude(m.estimate)}${unit} (${level} ${magnitude(near)}-${magnitude(far)}${unit})`;
}

/**
 * One sentence for a paired metric: "B cuts interactive p99 by 63 % (95 % CI 55-70 %) over 10
 * seeds"; "no clear difference" when the interval spans zero; "the same" when every seed agrees.
 */
export function verdictSentence(m: PairedMetric, seeds: number): string {
  const over = `over ${seeds} seed${seeds === 1 ? '' : 's'}`;
  if (m.identical) return `A and B give the same ${m.label} on every seed (${seeds})`;
  const iv = m.interval;
  if (!iv || !Number.isFinite(m.estimate)) return `Not enough runs to compare ${m.label} yet`;
  if (iv.lo <= 0 && iv.hi >= 0) {
    const level = `${Math.round(iv.level * 100)} % CI`;
    if (m.kind === 'ratio') {
      return `No clear difference in ${m.label} ${over}: B against A ${signedChange(1 + m.estimate)} (${level} ${signedChange(1 + iv.lo)} to ${signedChange(1 + iv.hi)})`;
    }
    const unit = unitText(m);
    const signed = (x: number): string => `${x < 0 ? '−' : '+'}${magnitude(x)}`;
    return `No clear difference in ${m.label} ${over}: B − A ${signed(m.estimate)}${unit} (${level} ${signed(iv.lo)} to ${signed(iv.hi)}${unit})`;
  }
  return `B ${changeClause(m)} ${over}`;
}

/** How big a clear change is, to pick the one worth naming: |ln ratio|, or the share of A's figure. */
function size(m: PairedMetric): number {
  if (m.kind === 'ratio') return Math.abs(Math.log(1 + m.estimate));
  return Math.abs(m.estimate) / Math.max(Math.abs(m.a), 1e-9);
}

/**
 * The verdict of a comparison, both ways: the headline figure's sentence, then the figure that
 * moved the other way the most ("..., but makes batch p99 40 % higher (...)"), or that nothing
 * measured got clearly worse (or better). A one-sided verdict hides the price of a policy.
 */
export function verdictSummary(
  paired: readonly PairedMetric[],
  seeds: number,
  /** The figure the verdict leads with (LLM compare mode: goodput). */
  head: PairedMetric | undefined = headlineMetric(paired),
): string {
  if (!head) return 'Not enough runs to compare yet';
  const sentence = verdictSentence(head, seeds);
  const headWay = pairedDirection(head);
  const clear = paired.filter((m) => m !== head && pairedDirection(m) !== null);
  if (headWay === null) {
    const worse = clear
      .filter((m) => pairedDirection(m) === false)
      .sort((a, b) => size(b) - size(a));
    const better = clear
      .filter((m) => pairedDirection(m) === true)
      .sort((a, b) => size(b) - size(a));
    const parts = [
      ...(better[0] ? [`B ${changeClause(better[0])}`] : []),
      ...(worse[0] ? [`${better[0] ? 'and' : 'B'} ${changeClause(worse[0])}`] : []),
    ];
    return parts.length > 0 ? `${sentence}; ${parts.join(' ')}` : sentence;
  }
  const other = clear
    .filter((m) => pairedDirection(m) === !headWay)
    .sort((a, b) => size(b) - size(a))[0];
  if (other) return `${sentence}, but ${changeClause(other)}`;
  return `${sentence}; nothing measured got clearly ${headWay ? 'worse' : 'better'}`;
}

/** The headline figure: interactive p99 when there are interactive jobs, else batch p99. */
export function headlineMetric(paired: readonly PairedMetric[]): PairedMetric | undefined {
  const i = paired.find((m) => m.id === 'interactive.p99');
  if (i && (i.interval || i.identical)) return i;
  return paired.find((m) => m.id === 'batch.p99');
}
