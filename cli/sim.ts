// `npm run sim -- --config <file.json|file.yaml> --out <dir>`: one experiment, headless and
// reproducible. Writes summary.json, trace.csv (streamed), timeseries.csv and SVG plots. A bad config
// prints every problem and exits 2 without writing anything. `--policy file.js` runs a policy
// written through the public API (src/engine/policy-api/api.ts) instead of a built-in.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/engine/engine.ts';
import type { TraceSink } from '../src/engine/trace-writer.ts';
import { SCHEDULER_NAMES, type Config, type SchedulerName } from '../src/engine/config.ts';
import { POLICIES, isSchedulerName } from '../src/engine/schedulers/index.ts';
import type { SchedulerFactory } from '../src/engine/schedulers/types.ts';
import { PluginScheduler } from '../src/engine/policy-api/plugin-scheduler.ts';
import { formatProblem } from '../src/engine/policy-api/status.ts';
import { compilePolicy } from '../src/policy/compile.ts';
import { loadConfigFile, LoadError } from './load-config.ts';
import { writePlots } from './report.ts';
import { deferredTraceFile, type TraceFile } from './trace-file.ts';

const USAGE = `usage: npm run sim -- --config <file.json|file.yaml> --out <dir> [--seed N]
       [--scheduler NAME | --policy FILE.js] [--no-trace] [--quiet]

  --config     experiment config (JSON or YAML; see README "Config")
  --out        output folder: summary.json, trace.csv, timeseries.csv, metrics.prom, *.svg
  --seed       override the config's seed (an integer from 0 to 4294967295)
  --scheduler  override the config's scheduler:
${POLICIES.map((p) => `                 ${p.name.padEnd(17)} ${p.description}`).join('\n')}
  --policy     run a policy written in JavaScript against the policy API instead
               (README "Write a policy"; examples/policies/*.js)
  --no-trace   skip trace.csv (faster for very long runs)
  --quiet      no progress on stderr`;

interface Options {
  config: string;
  out: string;
  seed: number | undefined;
  scheduler: SchedulerName | undefined;
  policy: string | undefined;
  trace: boolean;
  quiet: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      scheduler: { type: 'string' },
      policy: { type: 'string' },
      'no-trace': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const missing = (['config', 'out'] as const).filter((k) => !values[k]);
  if (missing.length > 0)
    throw new LoadError(missing.map((k) => `--${k} is required`).concat('', USAGE));
  const problems: string[] = [];
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || seed > 2 ** 32 - 1) {
      problems.push(`--seed: "${values.seed}" is not an integer from 0 to 4294967295`);
    }
  }
  const scheduler = values.scheduler;
  if (scheduler !== undefined && !isSchedulerName(scheduler)) {
    problems.push(`--scheduler: "${scheduler}" is not one of ${SCHEDULER_NAMES.join(', ')}`);
  }
  if (scheduler !== undefined && values.policy !== undefined) {
    problems.push('--scheduler and --policy: give one of them, not both');
  }
  if (problems.length > 0) throw new LoadError(problems);
  return {
    config: values.config!,
    out: values.out!,
    seed,
    scheduler: scheduler as SchedulerName | undefined,
    policy: values.policy,
    trace: !values['no-trace'],
    quiet: values.quiet,
  };
}

/** Compile `--policy`: a LoadError naming the file, line and column on failure. */
function loadPolicy(path: string): SchedulerFactory {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LoadError([`--policy: cannot read ${path}: ${(e as Error).message}`]);
  }
  const r = compilePolicy(source, { file: path });
  if (!r.ok) throw new LoadError([`${path}:${r.error.line}:${r.error.column}: ${r.error.message}`]);
  return r.policy.factory();
}

/** Build the engine, turning construction errors (bad trace file, profile gaps) into LoadErrors. */
function createEngine(
  config: Config,
  path: string,
  trace: TraceSink | undefined,
  scheduler: SchedulerFactory | undefined,
): Engine {
  try {
    return new Engine(config, { ...(trace ? { trace } : {}), ...(scheduler ? { scheduler } : {}) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const field =
      config.arrivals.process === 'trace'
        ? `arrivals.${config.arrivals.file ? 'file' : 'data'}: `
        : '';
    throw new LoadError([
      `${path}: ${e instanceof Error && e.name === 'TraceInputError' ? field : ''}${message}`,
    ]);
  }
}

export function main(argv: string[]): number {
  let options: Options;
  let traceFile: TraceFile | undefined;
  let engine: Engine;
  try {
    options = parseOptions(argv);
    const config = loadConfigFile(options.config);
    if (options.seed !== undefined) config.seed = options.seed;
    if (options.scheduler !== undefined) config.scheduler.name = options.scheduler;
    const policy = options.policy !== undefined ? loadPolicy(options.policy) : undefined;
    // Build the engine (it checks everything and parses a replayed trace, once) before --out
    // exists; trace.csv is opened only then.
    traceFile = options.trace ? deferredTraceFile(config) : undefined;
    engine = createEngine(config, options.config, traceFile?.writer, policy);
  } catch (e) {
    if (e instanceof LoadError || (e instanceof Error && e.name === 'TypeError')) {
      console.error(`sim: ${e.message}`);
      return 2;
    }
    throw e;
  }

  mkdirSync(options.out, { recursive: true });
  traceFile?.open(join(options.out, 'trace.csv'));
  const config = engine.config;

  const started = performance.now();
  let lastReport = started;
  const target = config.jobs;
  const reportEvery = process.stderr.isTTY ? 500 : 5000;
  while (engine.run(200_000)) {
    const now = performance.now();
    if (!options.quiet && now - lastReport > reportEvery) {
      lastReport = now;
      const arrived = engine.ledger().arrived;
      const share = target ? ` (${((100 * arrived) / target).toFixed(0)}%)` : '';
      process.stderr.write(
        `sim: ${arrived.toLocaleString('en')} jobs${share}, ${(engine.now / 1000).toFixed(1)} s simulated\n`,
      );
    }
  }
  engine.finish();
  traceFile?.close();
  const wallS = (performance.now() - started) / 1000;

  const summary = engine.summary();
  // A user policy's own report: decisions, FIFO fallbacks and each problem with its line.
  const plugin =
    engine.currentScheduler instanceof PluginScheduler ? engine.currentScheduler : null;
  const status = plugin?.status();
  writeFileSync(
    join(options.out, 'summary.json'),
    JSON.stringify(status ? { ...summary, policy: status } : summary, null, 2) + '\n',
  );
  writePlots(engine, options.out);

  if (status) {
    const fell = status.fallbacks > 0 ? `, ${status.fallbacks} fell back to FIFO` : '';
    if (!options.quiet || fell !== '') {
      console.error(`sim: policy ${status.name}: ${status.decisions} decisions${fell}`);
    }
    for (const p of [...status.problems].reverse()) {
      console.error(`sim: ${formatProblem(p, options.policy)}`);
    }
    if (status.disabled) console.error(`sim: ${status.disabled}`);
  }
  const l = summary.ledger;
  const o = summary.overall;
  console.log(
    [
      `${l.arrived} arrived: ${l.completed} completed, ${l.rejected} rejected, ${l.dropped} dropped, ${l.queued} queued, ${l.running} running`,
      `latency p50 ${o.latency.p50.toFixed(2)} ms, p99 ${o.latency.p99.toFixed(2)} ms; SLO violations ${(100 * o.slo_violation_rate).toFixed(2)}%`,
      `throughput ${o.throughput_per_s.toFixed(1)}/s, goodput ${o.goodput_per_s.toFixed(1)}/s over ${summary.sim_time_s.toFixed(1)} s simulated`,
      `${(l.arrived / wallS).toFixed(0)} jobs/s in ${wallS.toFixed(2)} s wall; results in ${options.out}`,
    ].join('\n'),
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
