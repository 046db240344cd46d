// `npm run sim:compare`: every scheduler on the identical arrival sequence (same seed, common random
// numbers) across offered loads from 50% to 120% of capacity, in the mixed workload of
// compare-workload.ts. Then a paired comparison of two of them (A and B, as in the page's compare
// mode) over several seeds at each load from 90%, with the page's confidence intervals
// (compare-seeds.ts: a t-interval on the per-seed paired differences). Writes out/compare/table.md
// (printed too), results.json and SVG plots.
//
//   npm run sim:compare -- [--jobs N] [--seed S] [--out DIR] [--seeds N] [--a LABEL] [--b LABEL]
// With `--llm <config>`, two LLM step schedulers on that config instead (compare-llm.ts; --a and
// --b name them, default continuous and chunked_prefill).
// A bad option exits with status 2 and a message naming it.

import { pathToFileURL } from 'node:url';
import { OptionError, parseOptions } from './io/options.ts';
import { OutputError, OutputFolder } from './io/output-folder.ts';
import { say, warn } from './io/terminal.ts';
import { Engine } from '../src/engine/engine.ts';
import { capacityPerS } from '../src/engine/capacity.ts';
import { parseConfig } from '../src/engine/config.ts';
import { clip } from '../src/engine/echo.ts';
import type { Summary } from '../src/engine/summary.ts';
import {
  COMPARE_METRICS,
  jain,
  pairMetrics,
  runSeeds,
  verdictSeeds,
  verdictSentence,
  type PairedMetric,
} from '../src/engine/compare-seeds.ts';
import { compareLlm } from './compare-llm.ts';
import { loadChartSvg } from './compare-plots.ts';
import { LOADS, VARIANTS, baseConfig, variantConfig, type Variant } from './compare-workload.ts';

/** One run's figures. */
export interface CompareRow {
  variant: string;
  load: number;
  rate_per_s: number;
  goodput_per_s: number;
  interactive_violation: number;
  batch_violation: number;
  interactive_p99_ms: number;
  batch_p99_ms: number;
  /** Jain's index over the classes' SLO attainment (1 - violation rate): 1 = equal service. */
  fairness: number;
  rejected: number;
  dropped: number;
  mean_batch_size: number;
  predictor_mape: number | null;
  wall_ms: number;
}

export function runOne(variant: Variant, load: number, jobs: number, seed: number): CompareRow {
  const config = variantConfig(variant, load, jobs, seed);
  const t0 = performance.now();
  const engine = new Engine(config);
  engine.runToEnd();
  const s: Summary = engine.summary();
  const iv = s.classes.interactive.slo_violation_rate;
  const bv = s.classes.batch.slo_violation_rate;
  return {
    variant: variant.label,
    load,
    rate_per_s: config.arrivals.process === 'poisson' ? config.arrivals.rate_per_s : NaN,
    goodput_per_s: s.overall.goodput_per_s,
    interactive_violation: iv,
    batch_violation: bv,
    interactive_p99_ms: s.classes.interactive.latency.p99,
    batch_p99_ms: s.classes.batch.latency.p99,
    fairness: jain([1 - iv, 1 - bv]),
    rejected: s.ledger.rejected,
    dropped: s.ledger.dropped,
    mean_batch_size: s.batching?.mean_batch_size ?? 1,
    predictor_mape: s.predictor?.mape ?? null,
    wall_ms: performance.now() - t0,
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The markdown table: one row per (load, variant). */
export function markdownTable(
  rows: readonly CompareRow[],
  loads: readonly number[] = LOADS,
): string {
  const head =
    '| load | scheduler | goodput/s | interactive viol. | batch viol. | p99 interactive (ms) | p99 batch (ms) | fairness | mean batch |\n' +
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n';
  let out = head;
  for (const load of loads) {
    const at = rows.filter((r) => r.load === load);
    const best = Math.max(...at.map((r) => r.goodput_per_s));
    for (const r of at) {
      const g = r.goodput_per_s.toFixed(1);
      out += `| ${Math.round(load * 100)}% | ${r.variant} | ${r.goodput_per_s === best ? `**${g}**` : g} | ${pct(r.interactive_violation)} | ${pct(r.batch_violation)} | ${ms(r.interactive_p99_ms)} | ${ms(r.batch_p99_ms)} | ${r.fairness.toFixed(3)} | ${r.mean_batch_size.toFixed(2)} |\n`;
    }
  }
  return out;
}

/** Does `dynamic + admission` meet the target at every load >= 90%? One line per load. */
export function targetCheck(rows: readonly CompareRow[]): { met: boolean; lines: string[] } {
  const lines: string[] = [];
  let met = true;
  for (const load of LOADS.filter((l) => l >= 0.9)) {
    const at = rows.filter((r) => r.load === load);
    const dyn = at.find((r) => r.variant === 'dynamic + admission');
    const fifo = at.find((r) => r.variant === 'fifo');
    if (!dyn || !fifo) continue;
    const others = at.filter((r) => !r.variant.startsWith('dynamic'));
    const bestOther = others.reduce((a, b) => (b.goodput_per_s > a.goodput_per_s ? b : a));
    const goodOk = dyn.goodput_per_s >= bestOther.goodput_per_s - 1e-9;
    const ratio = fifo.interactive_p99_ms / dyn.interactive_p99_ms;
    const p99Ok = ratio >= 3;
    met &&= goodOk && p99Ok;
    lines.push(
      `${Math.round(load * 100)}%: goodput ${dyn.goodput_per_s.toFixed(1)}/s vs best other ` +
        `${bestOther.goodput_per_s.toFixed(1)}/s (${bestOther.variant}) ${goodOk ? 'ok' : 'MISSED'}; ` +
        `interactive p99 ${ms(dyn.interactive_p99_ms)} ms vs fifo ${ms(fifo.interactive_p99_ms)} ms ` +
        `= ${ratio.toFixed(1)}x ${p99Ok ? 'ok' : 'MISSED'}`,
    );
  }
  return { met, lines };
}

/** A against B at one load over the seeds: every compared figure with its interval. */
export interface PairedRow {
  load: number;
  a: string;
  b: string;
  seeds: number[];
  metrics: PairedMetric[];
}

/** The loads the paired comparison runs at. */
export const PAIRED_LOADS = LOADS.filter((l) => l >= 0.9);

/** Variants `a` and `b` on the same `count` seeds from `seed` at `load`. */
export function pairedAt(
  a: Variant,
  b: Variant,
  load: number,
  jobs: number,
  seed: number,
  count: number,
): PairedRow {
  const seeds = verdictSeeds(seed, count);
  const runs = runSeeds(
    variantConfig(a, load, jobs, seed),
    variantConfig(b, load, jobs, seed),
    seeds,
    jobs,
  );
  return { load, a: a.label, b: b.label, seeds, metrics: pairMetrics(runs.a, runs.b) };
}

/** Figures the markdown table shows (results.json has every one). */
const TABLE_METRICS = [
  'interactive.p99',
  'batch.p99',
  'goodput',
  'violation.interactive',
  'fairness',
];

function metricCell(m: PairedMetric, x: number): string {
  if (m.kind === 'ratio') return `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} %`;
  const v = Math.abs(x);
  const digits = m.unit === '' ? 4 : m.unit === 'points' ? 2 : 1;
  return `${x >= 0 ? '+' : '−'}${v.toFixed(digits)}${m.unit === '' ? '' : ` ${m.unit === 'points' ? 'pts' : m.unit}`}`;
}

function valueCell(m: PairedMetric, v: number): string {
  if (m.unit === 'ms') return `${ms(v)} ms`;
  if (m.unit === 'points') return `${v.toFixed(2)} %`;
  if (m.unit === 'jobs/s') return v.toFixed(1);
  return v.toFixed(3);
}

/** The paired comparison as markdown: a table per load and the verdict sentences. */
export function pairedMarkdown(rows: readonly PairedRow[]): string {
  if (rows.length === 0) return '';
  const first = rows[0]!;
  const seeds = first.seeds;
  let out =
    `## Paired: B = ${first.b} against A = ${first.a}, ${seeds.length} seeds (${seeds[0]}..${seeds[seeds.length - 1]})\n\n` +
    'Each seed runs A and B on the same arrivals; the interval is a Student t-interval on the ' +
    'per-seed paired differences B − A (latencies: on ln(B/A), shown as a change in %), 95 %.\n\n' +
    '| load | figure | A (mean) | B (mean) | B − A | 95 % CI |\n| ---: | --- | ---: | ---: | ---: | --- |\n';
  for (const r of rows) {
    for (const id of TABLE_METRICS) {
      const m = r.metrics.find((x) => x.id === id);
      if (!m) continue;
      const ci = m.interval
        ? `${metricCell(m, m.interval.lo)} to ${metricCell(m, m.interval.hi)}`
        : 'n/a';
      out += `| ${Math.round(r.load * 100)}% | ${m.label} | ${valueCell(m, m.a)} | ${valueCell(m, m.b)} | ${metricCell(m, m.estimate)} | ${ci} |\n`;
    }
  }
  out += '\n';
  for (const r of rows) {
    const m = r.metrics.find((x) => x.id === 'interactive.p99')!;
    out += `- ${Math.round(r.load * 100)}%: ${verdictSentence(m, r.seeds.length)}\n`;
  }
  return out;
}

function variantByLabel(option: string, label: string): Variant {
  const v = VARIANTS.find((x) => x.label === label);
  if (!v) {
    throw new Error(
      `--${option}: no variant "${clip(label)}"; one of: ${VARIANTS.map((x) => JSON.stringify(x.label)).join(', ')}`,
    );
  }
  return v;
}

/** The most seeds `--seeds` runs (each runs both variants at two loads). */
const MAX_CLI_SEEDS = 100;

// jobs, out, a and b have no default here: an LLM comparison has its own (below).
export const OPTIONS = {
  jobs: { type: 'int', min: 1, max: 10_000_000 },
  seed: { type: 'int', min: 0, max: 2 ** 32 - 1, default: 11 },
  out: { type: 'string' },
  seeds: { type: 'int', min: 0, max: MAX_CLI_SEEDS, default: 10 },
  a: { type: 'string' },
  b: { type: 'string' },
  llm: { type: 'string' },
} as const;

const USAGE =
  'usage: npm run sim:compare -- [--jobs N] [--seed S] [--out DIR] [--seeds N] [--a LABEL] [--b LABEL]\n' +
  '       npm run sim:compare -- --llm CONFIG [--a SCHEDULER] [--b SCHEDULER] [--seeds N] [--seed S] [--jobs N] [--out DIR]';

export function main(argv: string[]): number {
  let jobs: number;
  let seed: number;
  let seedCount: number;
  let out: OutputFolder;
  let pairA: Variant;
  let pairB: Variant;
  try {
    const { values, help } = parseOptions(argv, OPTIONS);
    if (help) {
      say(USAGE);
      return 0;
    }
    if (values.llm !== undefined) {
      // Two LLM step schedulers on an LLM config (compare-llm.ts).
      if (values.seeds < 2) throw new Error('--seeds: an LLM comparison needs 2 seeds or more');
      const table = compareLlm(
        {
          config: values.llm,
          a: values.a ?? 'continuous',
          b: values.b ?? 'chunked_prefill',
          seeds: values.seeds,
          seed: values.seed,
          jobs: values.jobs,
          out: OutputFolder.check(values.out ?? 'out/compare-llm'),
        },
        (line) => warn(line),
      );
      say(table);
      return 0;
    }
    jobs = values.jobs ?? 40_000;
    seed = values.seed;
    seedCount = values.seeds;
    if (seedCount === 1) throw new Error('--seeds: an interval needs 2 seeds or more (0: none)');
    pairA = variantByLabel('a', values.a ?? 'fifo');
    pairB = variantByLabel('b', values.b ?? 'priority_slo');
    // Before the runs (minutes of work): a folder that cannot hold the results is said now.
    out = OutputFolder.check(values.out ?? 'out/compare');
  } catch (e) {
    const lines = e instanceof OptionError ? e.problems : [(e as Error).message];
    if (!(e instanceof OptionError || e instanceof OutputError || e instanceof Error)) throw e;
    warn(`sim:compare: ${lines.join('\nsim:compare: ')}`);
    return 2;
  }
  const capacity = capacityPerS(parseConfig(baseConfig(jobs, seed)));
  const rows: CompareRow[] = [];
  for (const load of LOADS) {
    for (const variant of VARIANTS) rows.push(runOne(variant, load, jobs, seed));
    warn(`load ${Math.round(load * 100)}% done`);
  }
  const paired: PairedRow[] = [];
  if (seedCount > 0) {
    for (const load of PAIRED_LOADS) {
      paired.push(pairedAt(pairA, pairB, load, jobs, seed, seedCount));
      warn(`paired ${Math.round(load * 100)}% done`);
    }
  }
  const check = targetCheck(rows);
  const table =
    `Capacity (unbatched): ${capacity.toFixed(1)} jobs/s; ${jobs} jobs per run, seed ${seed}.\n\n` +
    markdownTable(rows) +
    `\nTarget (at >= 90% load, dynamic + admission: goodput >= best other, interactive p99 >= 3x better than fifo): ${check.met ? 'met' : 'NOT met'}\n\n` +
    check.lines.map((l) => `- ${l}`).join('\n') +
    '\n' +
    (paired.length > 0 ? `\n${pairedMarkdown(paired)}` : '');
  out.write('table.md', table);
  out.write(
    'results.json',
    JSON.stringify(
      {
        capacity_per_s: capacity,
        jobs,
        seed,
        rows,
        paired: {
          interval: 'student-t on per-seed paired differences (latencies: ln(B/A)), 95 %',
          metrics: COMPARE_METRICS.map((m) => m.id),
          rows: paired,
        },
      },
      null,
      2,
    ),
  );
  const series = (pick: (r: CompareRow) => number) =>
    VARIANTS.map((v) => ({
      label: v.label,
      emphasis: v.label === 'dynamic + admission',
      values: LOADS.map((l) => {
        const r = rows.find((x) => x.variant === v.label && x.load === l);
        return r ? pick(r) : NaN;
      }),
    }));
  out.write(
    'goodput.svg',
    loadChartSvg(
      'Goodput by scheduler',
      'jobs/s within SLO',
      LOADS,
      series((r) => r.goodput_per_s),
    ),
  );
  out.write(
    'interactive-p99.svg',
    loadChartSvg(
      'Interactive p99 latency',
      'ms (log)',
      LOADS,
      series((r) => r.interactive_p99_ms),
      true,
    ),
  );
  out.write(
    'violations.svg',
    loadChartSvg(
      'Interactive SLO violation rate',
      'share of interactive jobs',
      LOADS,
      series((r) => r.interactive_violation),
    ),
  );
  out.write(
    'batch-violations.svg',
    loadChartSvg(
      'Batch SLO violation rate',
      'share of batch jobs',
      LOADS,
      series((r) => r.batch_violation),
    ),
  );
  process.stdout.write(table);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
