// The files a sweep derives from its runs: results.csv and results.json (one row per run, in grid
// order), and for a whole sweep (not a shard) aggregate.csv/json over seeds and plots/. They depend
// only on sweep.json and the run records, never on how or where the runs were computed, so a sweep
// merged from shards writes byte for byte what one machine writes.

import { csvRow } from '../csv-cell.ts';
import { aggregate, aggregateTable } from './aggregate.ts';
import { FIGURES, LLM_FIGURES, type RunRecord } from './run-record.ts';
import { sweepFolder, type SweepManifest } from './store.ts';
import { sweepPlots } from './sweep-plots.ts';
import { describeParams } from './grid.ts';

/** The runs of the manifest that a folder holds: all, or one shard's slice. */
export function runsOf(manifest: SweepManifest): SweepManifest['runs'] {
  const shard = manifest.shard;
  return shard ? manifest.runs.filter((r) => r.index % shard.count === shard.index) : manifest.runs;
}

/** Write results (and, for a whole sweep, aggregates and plots). Returns the files written. */
export function writeOutputs(
  dir: string,
  manifest: SweepManifest,
  records: ReadonlyMap<string, RunRecord>,
): string[] {
  const written: string[] = [];
  const folder = sweepFolder(dir);
  const write = (name: string, text: string): void => {
    folder.write(name, text);
    written.push(name);
  };
  const axes = manifest.axes.map((a) => a.path);
  const seedColumn = axes.includes('seed') ? [] : ['seed'];
  const runs = runsOf(manifest).filter((r) => records.has(r.key));

  // An LLM sweep's runs carry their TTFT, TPOT, ITL and token figures too (blank for a run
  // without them, if a grid mixes the kinds).
  const llm = runs.some((r) => records.get(r.key)!.llm_figures !== undefined) ? LLM_FIGURES : [];
  let csv = csvRow(['run', 'key', ...axes, ...seedColumn, ...FIGURES, ...llm, 'stopped']);
  const json: unknown[] = [];
  for (const run of runs) {
    const record = records.get(run.key)!;
    const seed = seedColumn.length > 0 ? [run.seed] : [];
    csv += csvRow([
      run.index,
      run.key,
      ...run.values,
      ...seed,
      ...FIGURES.map((f) => record.figures[f]),
      ...llm.map((f) => record.llm_figures?.[f] ?? ''),
      record.stopped ?? '',
    ]);
    json.push({
      run: run.index,
      key: run.key,
      params: record.params,
      seed: run.seed,
      figures: record.figures,
      ...(record.llm_figures !== undefined ? { llm_figures: record.llm_figures } : {}),
      ...(record.stopped !== undefined ? { stopped: record.stopped } : {}),
    });
  }
  write('results.csv', csv);
  write(
    'results.json',
    JSON.stringify(
      { sweep: manifest.id, engine_version: manifest.engine_version, runs: json },
      null,
      1,
    ) + '\n',
  );
  if (manifest.shard !== null) return written;

  const agg = aggregate(manifest, records);
  const table = aggregateTable(agg);
  write('aggregate.csv', csvRow(table.header) + table.rows.map(csvRow).join(''));
  write(
    'aggregate.json',
    JSON.stringify(
      {
        sweep: manifest.id,
        confidence: 0.95,
        rows: agg.rows.map((r) => ({
          params: Object.fromEntries(agg.axes.map((p, i) => [p, r.values[i]])),
          seeds: r.seeds,
          stopped_runs: r.stopped,
          stats: r.stats,
          pooled: r.pooled,
        })),
      },
      (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
      1,
    ) + '\n',
  );
  for (const plot of sweepPlots(agg)) write(`plots/${plot.file}`, plot.svg);
  return written;
}

/**
 * Lines naming the runs that the engine's resource guard stopped early (their figures cover part of
 * a run; results.csv says why in its `stopped` column), at most `limit` of them; empty when none.
 */
export function stoppedRuns(
  manifest: SweepManifest,
  records: ReadonlyMap<string, RunRecord>,
  limit = 5,
): string[] {
  const stopped = runsOf(manifest).filter((r) => records.get(r.key)?.stopped !== undefined);
  if (stopped.length === 0) return [];
  const lines = [
    `${stopped.length} run${stopped.length > 1 ? 's' : ''} stopped early at a resource limit; ${stopped.length > 1 ? 'their' : 'its'} figures cover the run up to that point (results.csv, column stopped):`,
  ];
  for (const run of stopped.slice(0, limit)) {
    const record = records.get(run.key)!;
    lines.push(`  run ${run.index} (${describeParams(record.params)}): ${record.stopped}`);
  }
  if (stopped.length > limit) lines.push(`  ... and ${stopped.length - limit} more`);
  return lines;
}
