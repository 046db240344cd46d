// `npm run sim`'s work, importable (the entry file `sim.ts` only calls `main`), so tests and the
// fuzzer drive exactly the path a person does. Writes summary.json, trace.csv (streamed),
// timeseries.csv and SVG plots. Exit codes: 0 done; 2 a bad config, trace or option (nothing
// written); 3 the run stopped early at a resource limit (what it computed is written, the message
// says which limit); 1 something failed after the simulation (what was computed is kept, the
// message says what failed). `--policy file.js` runs a policy written through the public API
// (src/engine/policy-api/api.ts) instead of a built-in.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/engine/engine.ts';
import type { EngineOptions } from '../src/engine/engine-types.ts';
import type { Config } from '../src/engine/config.ts';
import type { SchedulerFactory } from '../src/engine/schedulers/types.ts';
import { PluginScheduler } from '../src/engine/policy-api/plugin-scheduler.ts';
import { formatProblem } from '../src/engine/policy-api/status.ts';
import { compilePolicy } from '../src/policy/compile.ts';
import { loadConfigFile, LoadError } from './load-config.ts';
import { writePlots } from './report.ts';
import { deferredTraceFile, type TraceFile } from './trace-file.ts';
import {
  isSchedulerName,
  POLICIES,
  SCHEDULER_NAMES,
  type SchedulerName,
} from '../src/engine/schedulers/registry.ts';

const USAGE = `usage: npm run sim -- --config <file.json|file.yaml> --out <dir> [--seed N]
       [--scheduler NAME | --policy FILE.js] [--max-events N] [--no-trace] [--quiet]

  --config      experiment config (JSON or YAML; see README "Config")
  --out         output folder: summary.json, trace.csv, timeseries.csv, metrics.prom, *.svg
  --seed        override the config's seed (an integer from 0 to 4294967295)
  --scheduler   override the config's scheduler:
${POLICIES.map((p) => `                  ${p.name.padEnd(17)} ${p.description}`).join('\n')}
  --policy      run a policy written in JavaScript against the policy API instead
                (README "Write a policy"; examples/policies/*.js)
  --max-events  stop the run after this many events (exit 3, results so far written)
  --no-trace    skip trace.csv (faster for very long runs)
  --quiet       no progress on stderr

exit status: 0 done; 1 failed after the simulation (results kept); 2 bad input (nothing
written); 3 stopped early at a resource limit (results so far written)`;

/** Where the CLI prints: the console, or a test's collector. */
export interface SimIo {
  out(line: string): void;
  err(line: string): void;
  /** Progress lines (stderr); absent: none. */
  progress?: (line: string) => void;
}

const consoleIo: SimIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  progress: (line) => process.stderr.write(`${line}\n`),
};

interface Options {
  config: string;
  out: string;
  seed: number | undefined;
  scheduler: SchedulerName | undefined;
  policy: string | undefined;
  maxEvents: number | undefined;
  trace: boolean;
  quiet: boolean;
}

/** Options from argv; undefined after printing the usage (`--help`). */
function parseOptions(argv: string[], io: SimIo): Options | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        scheduler: { type: 'string' },
        policy: { type: 'string' },
        'max-events': { type: 'string' },
        'no-trace': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    throw new LoadError([e instanceof Error ? e.message : String(e), '', USAGE]);
  }
  if (values.help) {
    io.out(USAGE);
    return undefined;
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
  let maxEvents: number | undefined;
  if (values['max-events'] !== undefined) {
    maxEvents = Number(values['max-events']);
    if (!/^\d+$/.test(values['max-events']) || !Number.isSafeInteger(maxEvents)) {
      problems.push(`--max-events: "${values['max-events']}" is not a whole number`);
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
    maxEvents,
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
function createEngine(config: Config, path: string, options: EngineOptions): Engine {
  try {
    return new Engine(config, options);
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

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Run `npm run sim` with these arguments; returns the exit status. */
export function main(argv: string[], io: SimIo = consoleIo): number {
  let options: Options | undefined;
  let traceFile: TraceFile | undefined;
  let engine: Engine;
  try {
    options = parseOptions(argv, io);
    if (options === undefined) return 0;
    const config = loadConfigFile(options.config);
    if (options.seed !== undefined) config.seed = options.seed;
    if (options.scheduler !== undefined) config.scheduler.name = options.scheduler;
    const policy = options.policy !== undefined ? loadPolicy(options.policy) : undefined;
    // Build the engine (it checks everything and parses a replayed trace, once) before --out
    // exists; trace.csv is opened only then.
    traceFile = options.trace ? deferredTraceFile(config) : undefined;
    engine = createEngine(config, options.config, {
      ...(traceFile ? { trace: traceFile.writer } : {}),
      ...(policy ? { scheduler: policy } : {}),
      ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
    });
  } catch (e) {
    if (e instanceof LoadError || (e instanceof Error && e.name === 'TypeError')) {
      io.err(`sim: ${e.message}`);
      return 2;
    }
    throw e;
  }

  try {
    mkdirSync(options.out, { recursive: true });
    traceFile?.open(join(options.out, 'trace.csv'));
  } catch (e) {
    io.err(`sim: --out: cannot create ${options.out} (${messageOf(e)})`);
    return 2;
  }
  const config = engine.config;

  const started = performance.now();
  let lastReport = started;
  const target = config.jobs;
  const reportEvery = process.stderr.isTTY ? 500 : 5000;
  try {
    while (engine.run(200_000)) {
      const now = performance.now();
      if (!options.quiet && io.progress && now - lastReport > reportEvery) {
        lastReport = now;
        const arrived = engine.ledger().arrived;
        const share = target ? ` (${((100 * arrived) / target).toFixed(0)}%)` : '';
        io.progress(
          `sim: ${arrived.toLocaleString('en')} jobs${share}, ${(engine.now / 1000).toFixed(1)} s simulated`,
        );
      }
    }
  } catch (e) {
    // A failure inside the engine is a bug; keep the trace written so far and say where it happened.
    engine.finish();
    traceFile?.close();
    io.err(
      `sim: the simulation failed at ${(engine.now / 1000).toFixed(3)} s simulated: ${messageOf(e)}` +
        (traceFile ? `; trace.csv up to that point is in ${options.out}` : ''),
    );
    return 1;
  }
  engine.finish();
  traceFile?.close();
  const wallS = (performance.now() - started) / 1000;

  const summary = engine.summary();
  // A user policy's own report: decisions, FIFO fallbacks and each problem with its line.
  const plugin =
    engine.currentScheduler instanceof PluginScheduler ? engine.currentScheduler : null;
  const policyStatus = plugin?.status();
  try {
    writeFileSync(
      join(options.out, 'summary.json'),
      JSON.stringify(policyStatus ? { ...summary, policy: policyStatus } : summary, null, 2) + '\n',
    );
  } catch (e) {
    io.err(`sim: could not write summary.json: ${messageOf(e)}`);
    return 1;
  }
  if (engine.stopped !== undefined) io.err(`sim: ${engine.stopped}`);
  let status = engine.stopped !== undefined ? 3 : 0;
  try {
    writePlots(engine, options.out);
  } catch (e) {
    io.err(
      `sim: the plots failed (${messageOf(e)}); summary.json${traceFile ? ' and trace.csv are' : ' is'} complete in ${options.out}`,
    );
    status = 1;
  }

  if (policyStatus) {
    const fell = policyStatus.fallbacks > 0 ? `, ${policyStatus.fallbacks} fell back to FIFO` : '';
    if (!options.quiet || fell !== '') {
      io.err(`sim: policy ${policyStatus.name}: ${policyStatus.decisions} decisions${fell}`);
    }
    for (const p of [...policyStatus.problems].reverse()) {
      io.err(`sim: ${formatProblem(p, options.policy)}`);
    }
    if (policyStatus.disabled) io.err(`sim: ${policyStatus.disabled}`);
  }
  const l = summary.ledger;
  const o = summary.overall;
  io.out(
    [
      `${l.arrived} arrived: ${l.completed} completed, ${l.rejected} rejected, ${l.dropped} dropped, ${l.queued} queued, ${l.running} running`,
      `latency p50 ${o.latency.p50.toFixed(2)} ms, p99 ${o.latency.p99.toFixed(2)} ms; SLO violations ${(100 * o.slo_violation_rate).toFixed(2)}%`,
      `throughput ${o.throughput_per_s.toFixed(1)}/s, goodput ${o.goodput_per_s.toFixed(1)}/s over ${summary.sim_time_s.toFixed(1)} s simulated`,
      `${(l.arrived / wallS).toFixed(0)} jobs/s in ${wallS.toFixed(2)} s wall; results in ${options.out}`,
    ].join('\n'),
  );
  return status;
}
