// `npm run sweep -- --config base.yaml --grid grid.yaml --out dir`: a grid of experiments on every
// core, resumable, shardable across machines (`--shard i --shards n`, or `--emit k8s` for a
// Kubernetes Indexed Job), with results, aggregates over seeds and plots. `--search` finds the
// fewest lanes meeting a p99 target instead. Bad input prints every problem and exits 2 before
// anything runs or is written. See docs/sweeps.md.

import { dirname, join, resolve } from 'node:path';
import { csvRow } from './csv-cell.ts';
import { InputError, readInputText, type InputKind } from './io/input-file.ts';
import { OptionError, parseOptions, type OptionValues } from './io/options.ts';
import { OutputError, OutputFolder } from './io/output-folder.ts';
import { say, warn } from './io/terminal.ts';
import { LoadError, parseConfigText } from './load-config.ts';
import { parsePath, PathError } from './sweep/config-path.ts';
import { engineVersion, withBudget } from './sweep/engine-version.ts';
import { GridError, parseGrid, parseRange, type Grid } from './sweep/grid.ts';
import { PlanError, planSweep } from './sweep/plan.ts';
import { formatDuration } from './sweep/progress.ts';
import { runSweep, type SweepRunOptions } from './sweep/run-sweep.ts';
import { SWEEP_OPTIONS as OPTIONS } from './sweep/options.ts';
import { defaultWorkers, maxWorkers } from './sweep/pool.ts';
import { describeGroup, runSearch, searchTable, type SearchSpec } from './sweep/search.ts';
import { stoppedRuns, writeOutputs } from './sweep/outputs.ts';
import { prepareSweepDir } from './sweep/store.ts';

const USAGE = `usage: npm run sweep -- --config <base.yaml> --grid <grid.yaml> --out <dir> [options]
       npm run sweep -- --config <base.yaml> [--grid <grid.yaml>] --search <path> (--p99-ms <ms> | --goodput-share <0..1>) --out <dir>

  --config       base experiment config (JSON or YAML, as for npm run sim)
  --grid         config paths and the values to try, e.g.
                   scheduler.name: [fifo, edf]
                   arrivals.rate_per_s: 200..1000 step 200
                   seed: 1..10
  --out          sweep folder: runs/, results.csv/json, aggregate.csv/json, plots/
  --workers      worker threads (default: every core, ${defaultWorkers()} here; at most ${maxWorkers()})
  --shard I --shards N
                 run slice I (0..N-1) of the grid; join the folders with npm run sweep:merge
  --max-events N  stop each run after N events (exit 3 when one stopped; results.csv says why)
  --quiet        no progress on stderr

  search (capacity planning), per grid point with seeds pooled:
  --search       integer config path to minimise, e.g. lanes[1].count
  --p99-ms       latency target; the fewest value whose pooled p99 is at most this
  --goodput-share  or a goodput target: the fewest value whose runs' requests within SLO (for an
                 LLM config, both TTFT and TPOT) are at least this share of arrivals, e.g. 0.95
  --class        whose p99: all (default), interactive or batch
  --within       values tried, e.g. 1..64 (default 1..256)

  cluster: --emit k8s writes Kubernetes manifests into --out instead of running
  --shards N     pods (one shard each);  --parallelism P  pods at once (default N)
  --image IMG    sweep image (deploy/sweep/Dockerfile; default schedlab-sweep:latest)
  --name NAME    Job name (default schedlab-sweep-<sweep id>)
  --pvc CLAIM    volume claim for results (default schedlab-sweep-results)
  --storage S    size of the emitted claim (default 1Gi)
  --cpus C       CPUs (and workers) per pod (default 2);  --memory M (default 1Gi)`;

type Values = OptionValues<typeof OPTIONS>;

function readInput(path: string, flag: string, kind: InputKind): unknown {
  return parseConfigText(readInputText(path, `--${flag}`, kind), path);
}

function readBase(path: string): Record<string, unknown> {
  const base = readInput(path, 'config', 'config');
  if (typeof base !== 'object' || base === null || Array.isArray(base)) {
    throw new LoadError([
      `${path}: a config is a mapping of fields (see docs/experiments.md "Config")`,
    ]);
  }
  return base as Record<string, unknown>;
}

/** The base config with a trace file's text inlined, for a ConfigMap. */
function inlineTrace(
  base: Record<string, unknown>,
  configPath: string,
  grid: Grid,
): Record<string, unknown> {
  if (
    grid.axes.some((a) => a.path.startsWith('arrivals.file') || a.path.startsWith('arrivals.data'))
  ) {
    throw new LoadError([
      '--emit k8s: the grid sweeps trace files; put them in the image and sweep their paths there',
    ]);
  }
  const out = structuredClone(base);
  const arrivals = out.arrivals as Record<string, unknown> | undefined;
  if (
    arrivals?.process === 'trace' &&
    typeof arrivals.file === 'string' &&
    arrivals.data === undefined
  ) {
    arrivals.data = readInputText(
      resolve(dirname(configPath), arrivals.file),
      'arrivals.file',
      'trace',
    );
    delete arrivals.file;
  }
  return out;
}

/** The search spec from the options, or problems. */
function searchSpec(values: Values, problems: string[]): SearchSpec | undefined {
  const search = values.search;
  if (search === undefined) return undefined;
  if (values.shards !== undefined)
    problems.push('--search runs on one machine; drop --shard/--shards');
  const p99 = values['p99-ms'];
  const goodputShare = values['goodput-share'];
  if ((p99 === undefined) === (goodputShare === undefined)) {
    problems.push('--search needs one target: --p99-ms (a latency above 0) or --goodput-share');
  }
  const sketch =
    values.class === 'all'
      ? 'latency'
      : values.class === 'interactive'
        ? 'latency_interactive'
        : 'latency_batch';
  const range = parseRange(values.within);
  if (!Array.isArray(range) || !range.every(Number.isInteger) || range.length < 1) {
    problems.push(`--within: "${values.within}" is not an integer range like 1..64`);
  }
  try {
    const steps = parsePath(search);
    if (Array.isArray(range) && (p99 === undefined) !== (goodputShare === undefined)) {
      return {
        path: search,
        steps,
        min: range[0]!,
        max: range[range.length - 1]!,
        p99Ms: p99 ?? Infinity,
        sketch,
        ...(goodputShare !== undefined ? { goodputShare } : {}),
      };
    }
  } catch (e) {
    if (!(e instanceof PathError)) throw e;
    problems.push(`--search: ${e.message}`);
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  let values: Values;
  let out: OutputFolder;
  let spec: SearchSpec | undefined;
  try {
    const parsed = parseOptions(argv, OPTIONS);
    if (parsed.help) {
      say(USAGE);
      return 0;
    }
    values = parsed.values;
    const problems: string[] = [];
    for (const k of ['config', 'out'] as const) if (!values[k]) problems.push(`--${k} is required`);
    if (!values.grid && values.search === undefined) {
      problems.push('--grid is required (or --search)');
    }
    const { shards, shard: shardIndex, emit } = values;
    if (emit === undefined) {
      if ((shards === undefined) !== (shardIndex === undefined))
        problems.push('--shard and --shards go together');
      if (shards !== undefined && shardIndex !== undefined && shardIndex >= shards) {
        problems.push(
          `--shard: ${shardIndex} is not below --shards ${shards} (shards count from 0)`,
        );
      }
    } else {
      if (shards === undefined) problems.push('--emit k8s needs --shards (the number of pods)');
      if (shardIndex !== undefined) problems.push('--emit k8s writes every shard; drop --shard');
      if (values.search !== undefined) problems.push('--emit k8s runs grids; --search runs here');
    }
    spec = searchSpec(values, problems);
    if (problems.length > 0) throw new OptionError(problems);
    // --out before any work: a folder that cannot hold the results is said now, not after the runs.
    out = OutputFolder.check(values.out!);
  } catch (e) {
    if (e instanceof OptionError) {
      warn(`sweep: ${e.problems.join('\nsweep: ')}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof OutputError) {
      warn(`sweep: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const workers = values.workers;
  const maxEvents = values['max-events'];
  const configPath = values.config!;
  const gridPath = values.grid ?? '(no grid)';
  const sources = { config: configPath, grid: gridPath };
  const version = withBudget(engineVersion(), maxEvents);

  try {
    const base = readBase(configPath);
    const grid: Grid = values.grid
      ? parseGrid(readInput(values.grid, 'grid', 'grid'), values.grid)
      : { axes: [], size: 1 };
    if (spec) {
      if (grid.axes.some((a) => a.path === spec.path)) {
        throw new LoadError([`--search: ${spec.path} is also in the grid; the search sets it`]);
      }
      return await search_(base, grid, spec, sources, version, out, {
        dir: out.path,
        workers,
        shard: null,
        quiet: values.quiet,
        ...(maxEvents !== undefined ? { maxEvents } : {}),
      });
    }
    const plan = planSweep(base, grid, sources, version);
    if (values.emit === 'k8s') {
      const { buildManifests, defaultJobName, writeManifests } = await import('./sweep/k8s.ts');
      const shards = values.shards!;
      const k = {
        shards,
        parallelism: values.parallelism ?? shards,
        image: values.image,
        name: values.name ?? defaultJobName(plan),
        pvc: values.pvc,
        storage: values.storage,
        cpus: values.cpus,
        memory: values.memory,
        ...(maxEvents !== undefined ? { maxEvents } : {}),
      };
      const gridValues = Object.fromEntries(grid.axes.map((a) => [a.path, a.values]));
      const files = writeManifests(
        out,
        buildManifests(plan, inlineTrace(base, configPath, grid), gridValues, k),
      );
      say(
        `sweep: ${plan.runs.length} runs in ${k.shards} shards; wrote ${files.map((f) => join(out.given, f)).join(', ')}\n` +
          `then: kubectl apply -f ${out.given}; see docs/sweeps.md "Run a sweep on a cluster"`,
      );
      return 0;
    }
    const shard =
      values.shards !== undefined ? { index: values.shard!, count: values.shards } : null;
    const started = performance.now();
    const result = await runSweep(plan, {
      dir: out.path,
      workers,
      shard,
      quiet: values.quiet,
      ...(maxEvents !== undefined ? { maxEvents } : {}),
    });
    const wall = (performance.now() - started) / 1000;
    for (const line of result.invalid) warn(`sweep: ${line}`);
    for (const f of result.failed) warn(`sweep: ${f}`);
    if (result.interrupted) return 130;
    const files = writeOutputs(out.path, result.manifest, result.records);
    const selected = result.records.size;
    const rate = result.ran > 0 ? ` (${(result.ran / wall).toFixed(2)} runs/s)` : '';
    const took = wall < 60 ? `${wall.toFixed(2)} s` : formatDuration(wall);
    say(
      `${selected} runs${shard ? ` (shard ${shard.index} of ${shard.count}, ${plan.runs.length} in the grid)` : ''}: ${result.ran} ran, ${result.skipped} done before; ${took}${rate} on ${workers} workers\n` +
        `results in ${out.given}: ${files.filter((f) => !f.startsWith('plots')).join(', ')}${files.some((f) => f.startsWith('plots')) ? `, plots/ (${files.filter((f) => f.startsWith('plots')).length})` : ''}`,
    );
    const stopped = stoppedRuns(result.manifest, result.records);
    for (const line of stopped) warn(`sweep: ${line}`);
    return result.failed.length > 0 ? 1 : stopped.length > 0 ? 3 : 0;
  } catch (e) {
    if (e instanceof LoadError || e instanceof GridError || e instanceof PlanError) {
      warn(`sweep: ${e.problems.join('\nsweep: ')}`);
      return 2;
    }
    if (e instanceof InputError || e instanceof OutputError) {
      warn(`sweep: ${e.message}`);
      return 2;
    }
    if (e instanceof Error && e.name === 'K8sError') {
      warn(`sweep: ${e.message}`);
      return 2;
    }
    const io = fileError(e);
    if (io) {
      warn(`sweep: ${io}`);
      return 1;
    }
    throw e;
  }
}

/** A file-system failure (an --out that cannot be written, a full disk) as one line, else undefined. */
export function fileError(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string' || !err.syscall) return undefined;
  return `cannot ${err.syscall} ${err.path ?? ''} (${err.code})`;
}

async function search_(
  base: Record<string, unknown>,
  grid: Grid,
  spec: SearchSpec,
  sources: { config: string; grid: string },
  version: string,
  out: OutputFolder,
  options: SweepRunOptions,
): Promise<number> {
  prepareSweepDir(out.path);
  const run = await runSearch(base, grid, spec, sources, version, options);
  for (const line of run.invalid) warn(`sweep: ${line}`);
  for (const f of run.failed) warn(`sweep: ${f}`);
  if (run.interrupted) return 130;
  writeOutputs(out.path, run.manifest, run.records);
  const table = searchTable(run, spec);
  out.write('search.csv', csvRow(table.header) + table.rows.map(csvRow).join(''));
  out.write(
    'search.json',
    JSON.stringify(
      {
        target: {
          path: spec.path,
          p99_ms: Number.isFinite(spec.p99Ms) ? spec.p99Ms : null,
          goodput_share: spec.goodputShare ?? null,
          sketch: spec.sketch,
          min: spec.min,
          max: spec.max,
        },
        results: run.results,
      },
      null,
      1,
    ) + '\n',
  );
  const who = spec.sketch === 'latency' ? '' : ` (${spec.sketch.replace('latency_', '')})`;
  for (const r of run.results) {
    const at = r.probes.find((p) => p.value === r.fewest);
    say(
      `${describeGroup(run.axes, r.values)}: ${r.fewest === null ? `none up to ${spec.max}` : `${spec.path} = ${r.fewest} (${spec.goodputShare !== undefined ? `goodput ${(100 * at!.attainment!).toFixed(1)} % of arrivals >= ${(100 * spec.goodputShare).toFixed(1)} %` : `p99${who} ${at!.p99.toFixed(1)} ms <= ${spec.p99Ms} ms`})`}; ${r.note}`,
    );
  }
  say(
    `${run.ran} runs, ${run.skipped} done before; results in ${out.given}: search.csv, search.json, results.csv`,
  );
  for (const r of run.results.filter((x) => x.doubtful)) {
    warn(
      `sweep: ${describeGroup(run.axes, r.values)}: the p99 is not monotone in ${spec.path} (${r.note}), so a smaller value that was not run might meet the target too`,
    );
  }
  const stopped = stoppedRuns(run.manifest, run.records);
  for (const line of stopped) warn(`sweep: ${line}`);
  return run.failed.length > 0 ? 1 : stopped.length > 0 ? 3 : 0;
}

process.exitCode = await main(process.argv.slice(2));
