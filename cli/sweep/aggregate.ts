// Figures across seeds. Runs that differ only in their seed are replications of one experiment:
// each figure gets its mean and 95 % t-interval over them (src/engine/mean-interval.ts), and
// latency and wait percentiles of the experiment as a whole come from the runs' sketches merged,
// never from averaging per-run percentiles (the mean of p99s is not the p99 of the union).

import { meanInterval95, type MeanInterval } from '../../src/engine/mean-interval.ts';
import {
  pooledQuantiles,
  type Figure,
  type LlmFigure,
  type RunRecord,
  type SketchName,
} from './run-record.ts';
import type { SweepManifest } from './store.ts';

/** Figures averaged over seeds, with intervals. */
export const AGGREGATED: readonly Figure[] = [
  'latency_p50',
  'latency_p99',
  'latency_mean',
  'interactive_p99',
  'batch_p99',
  'slo_violation_rate',
  'throughput_per_s',
  'goodput_per_s',
  'utilisation_mean',
];

/** An LLM sweep's figures averaged over seeds too (means of per-run percentiles: the runs keep no
 * TTFT or TPOT sketch). */
export const AGGREGATED_LLM: readonly LlmFigure[] = [
  'ttft_p99',
  'tpot_p99',
  'itl_p99',
  'generated_tokens_per_s',
  'preemptions',
];

/** Percentiles of all of an experiment's jobs, from merged sketches: name, sketch, quantile. */
export const POOLED: readonly (readonly [string, SketchName, number])[] = [
  ['pooled_latency_p50', 'latency', 0.5],
  ['pooled_latency_p95', 'latency', 0.95],
  ['pooled_latency_p99', 'latency', 0.99],
  ['pooled_interactive_p99', 'latency_interactive', 0.99],
  ['pooled_batch_p99', 'latency_batch', 0.99],
  ['pooled_wait_p99', 'wait', 0.99],
];

export interface AggregateRow {
  /** Values of the non-seed axes. */
  values: unknown[];
  /** Seeds in the group. */
  seeds: number[];
  /** How many of its runs the resource guard stopped early (their figures cover part of a run). */
  stopped: number;
  stats: Record<string, MeanInterval>;
  pooled: Record<string, number>;
}

export interface Aggregate {
  /** Paths of the non-seed axes. */
  axes: string[];
  /** The LLM figures aggregated (AGGREGATED_LLM when every run has them, else none). */
  llm: readonly LlmFigure[];
  rows: AggregateRow[];
}

/** Group the manifest's runs by everything but the seed, in grid order, and summarise each group. */
export function aggregate(
  manifest: SweepManifest,
  records: ReadonlyMap<string, RunRecord>,
): Aggregate {
  const seedAxis = manifest.axes.findIndex((a) => a.path === 'seed');
  const axes = manifest.axes.filter((_, i) => i !== seedAxis).map((a) => a.path);
  const groups = new Map<string, { values: unknown[]; records: RunRecord[] }>();
  for (const run of manifest.runs) {
    const record = records.get(run.key);
    if (!record) continue;
    const values = run.values.filter((_, i) => i !== seedAxis);
    const id = JSON.stringify(values);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { values, records: [] }));
    group.records.push(record);
  }
  const all = [...groups.values()].flatMap((g) => g.records);
  const llm = all.length > 0 && all.every((r) => r.llm_figures) ? AGGREGATED_LLM : [];
  const rows = [...groups.values()].map(({ values, records: rs }) => {
    const stats: Record<string, MeanInterval> = {};
    for (const f of AGGREGATED) stats[f] = meanInterval95(rs.map((r) => r.figures[f]));
    for (const f of llm) stats[f] = meanInterval95(rs.map((r) => r.llm_figures![f]));
    const pooled: Record<string, number> = {};
    for (const [name, sketch, q] of POOLED) pooled[name] = pooledQuantiles(rs, sketch, [q])[0]!;
    return {
      values,
      seeds: rs.map((r) => r.seed),
      stopped: rs.filter((r) => r.stopped !== undefined).length,
      stats,
      pooled,
    };
  });
  return { axes, llm, rows };
}

/** aggregate.csv's header and rows as plain values. */
export function aggregateTable(agg: Aggregate): { header: string[]; rows: unknown[][] } {
  const header = [...agg.axes, 'runs', 'stopped_runs'];
  const figures = [...AGGREGATED, ...agg.llm];
  for (const f of figures) header.push(`${f}_mean`, `${f}_ci95_lo`, `${f}_ci95_hi`);
  for (const [name] of POOLED) header.push(name);
  const rows = agg.rows.map((row) => {
    const out: unknown[] = [...row.values, row.seeds.length, row.stopped];
    for (const f of figures) {
      const s = row.stats[f]!;
      out.push(s.mean, s.lo, s.hi);
    }
    for (const [name] of POOLED) out.push(row.pooled[name]);
    return out;
  });
  return { header, rows };
}
