// `npm run sim`'s work, importable (the entry file `sim.ts` only calls `main`), so tests and the
// fuzzer drive exactly the path a person does. Writes summary.json, trace.csv (streamed),
// timeseries.csv and SVG plots. Exit codes: 0 done; 2 a bad config, trace or option (nothing
// written); 3 the run stopped early at a resource limit (what it computed is written, the message
// says which limit); 1 something failed after the simulation (what was computed is kept, the
// message says what failed). `--policy file.js` runs a policy written through the public API
// (src/engine/policy-api/api.ts) instead of a built-in.

import { Engine } from '../src/engine/engine.ts';
import type { EngineOptions } from '../src/engine/engine-types.ts';
import type { Config } from '../src/engine/config.ts';
import { PluginScheduler } from '../src/engine/policy-api/plugin-scheduler.ts';
import { PolicyLog, formatProblem } from '../src/engine/policy-api/status.ts';
import { compilePolicy, type CompiledPolicy } from '../src/policy/compile.ts';
import { InputError, readInputText } from './io/input-file.ts';
import { OptionError, parseOptions } from './io/options.ts';
import { OutputError, OutputFolder } from './io/output-folder.ts';
import { terminalText } from './io/terminal.ts';
import { loadConfigFile, LoadError } from './load-config.ts';
import { nodePolicyRealm } from './policy-realm.ts';
import { startMetricsServer, type MetricsServer } from './metrics-server.ts';
import { writePlots } from './report.ts';
import { prometheusText } from '../src/engine/prometheus.ts';
import { deferredTraceFile, type TraceFile } from './trace-file.ts';
import { deferredLlmFiles, llmLines, writeLlmPlots, type LlmFiles } from './llm-output.ts';
import {
  LLM_POLICIES,
  LLM_SCHEDULER_NAMES,
  POLICIES,
  SCHEDULER_NAMES,
  isLlmSchedulerName,
  isSchedulerName,
} from '../src/engine/schedulers/registry.ts';

const USAGE = `usage: npm run sim -- --config <file.json|file.yaml> --out <dir> [--seed N]
       [--scheduler NAME | --policy FILE.js] [--autoscaler FILE.js] [--max-events N]
       [--no-trace] [--chrome-trace] [--quiet] [--metrics-port PORT]

  --config      experiment config (JSON or YAML; see docs/experiments.md "Config")
  --out         output folder: summary.json, trace.csv, timeseries.csv, metrics.prom, *.svg
                (an LLM run adds steps.csv, one row per step)
  --seed        override the config's seed (an integer from 0 to 4294967295)
  --scheduler   override the config's scheduler:
${POLICIES.map((p) => `                  ${p.name.padEnd(17)} ${p.description}`).join('\n')}
                or, for an LLM config (an "llm" section), its step scheduler:
${LLM_POLICIES.map((p) => `                  ${p.name.padEnd(22)} ${p.description}`).join('\n')}
  --policy      run a policy written in JavaScript against the policy API instead
                (docs/policies.md "Write a policy"; examples/policies/*.js)
  --autoscaler  autoscale with a JavaScript module that exports scale(ctx) instead of the
                config's autoscale.policy (examples/policies/autoscaler-in-flight.js)
  --max-events  stop the run after this many events (exit 3, results so far written)
  --no-trace    skip trace.csv (and steps.csv; faster for very long runs)
  --chrome-trace  LLM runs: also write steps.trace.json, every step as Chrome trace events
                (open it in Perfetto)
  --quiet       no progress on stderr
  --metrics-port  serve the run's metrics (Prometheus text, as metrics.prom) at
                http://127.0.0.1:PORT/metrics while it runs, updated about once a second
                (deploy/grafana/schedlab.json is a dashboard that reads them)

exit status: 0 done; 1 failed after the simulation (results kept); 2 bad input (nothing
written); 3 stopped early at a resource limit (results so far written)`;

/** How often (wall ms) a run with --metrics-port hands the endpoint fresh metrics. */
const METRICS_EVERY_MS = 1000;

/** Where the CLI prints: the console, or a test's collector. Lines are escaped for a terminal. */
export interface SimIo {
  out(line: string): void;
  err(line: string): void;
  /** Progress lines (stderr); absent: none. */
  progress?: (line: string) => void;
}

const consoleIo: SimIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (line) => process.stderr.write(`${line}\n`),
};

/** `io` with every line passed through the one escape for echoed text. */
function escaped(io: SimIo): SimIo {
  return {
    out: (line) => io.out(terminalText(line)),
    err: (line) => io.err(terminalText(line)),
    ...(io.progress ? { progress: (line: string) => io.progress!(terminalText(line)) } : {}),
  };
}

export const OPTIONS = {
  config: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'int', min: 0, max: 2 ** 32 - 1 },
  scheduler: { type: 'choice', values: [...SCHEDULER_NAMES, ...LLM_SCHEDULER_NAMES] },
  policy: { type: 'string' },
  autoscaler: { type: 'string' },
  'max-events': { type: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
  'no-trace': { type: 'boolean' },
  'chrome-trace': { type: 'boolean' },
  quiet: { type: 'boolean' },
  'metrics-port': { type: 'int', min: 1, max: 65_535 },
} as const;

interface Options {
  config: string;
  out: OutputFolder;
  seed: number | undefined;
  scheduler: string | undefined;
  policy: string | undefined;
  autoscaler: string | undefined;
  maxEvents: number | undefined;
  trace: boolean;
  chrome: boolean;
  quiet: boolean;
  metricsPort: number | undefined;
}

/** Options from argv, --out checked; undefined after printing the usage (`--help`). */
function parseSimOptions(argv: string[], io: SimIo): Options | undefined {
  const { values, help } = parseOptions(argv, OPTIONS);
  if (help) {
    io.out(USAGE);
    return undefined;
  }
  const problems = (['config', 'out'] as const)
    .filter((k) => !values[k])
    .map((k) => `--${k} is required`);
  if (values.scheduler !== undefined && values.policy !== undefined) {
    problems.push('--scheduler and --policy: give one of them, not both');
  }
  if (problems.length > 0) throw new OptionError(problems);
  return {
    config: values.config!,
    // Before any work: a folder that cannot hold the results is said now.
    out: OutputFolder.check(values.out!),
    seed: values.seed,
    scheduler: values.scheduler,
    policy: values.policy,
    autoscaler: values.autoscaler,
    maxEvents: values['max-events'],
    trace: !values['no-trace'],
    chrome: values['chrome-trace'],
    quiet: values.quiet,
    metricsPort: values['metrics-port'],
  };
}

/** Compile `--policy` in a realm of its own: a LoadError naming the file, line and column on failure. */
function loadPolicy(path: string): CompiledPolicy {
  const policy = compileFile(path, '--policy');
  if (!policy.decides && !policy.isLlm) {
    throw new LoadError([`${path}: exports scale(ctx), an autoscaler: run it with --autoscaler`]);
  }
  return policy;
}

/** Compile `--autoscaler`: a policy module that exports scale(ctx). */
function loadAutoscaler(path: string): ReturnType<CompiledPolicy['autoscaler']> {
  const policy = compileFile(path, '--autoscaler');
  if (!policy.scale) {
    throw new LoadError([`${path}: exports no scale(ctx) function (README "Write a policy")`]);
  }
  return policy.autoscaler();
}

function compileFile(path: string, flag: string): CompiledPolicy {
  let source: string;
  try {
    source = readInputText(path, flag, 'policy');
  } catch (e) {
    if (e instanceof InputError) throw new LoadError([e.message]);
    throw e;
  }
  const r = compilePolicy(source, { file: path, realm: nodePolicyRealm() });
  if (!r.ok) throw new LoadError([`${path}:${r.error.line}:${r.error.column}: ${r.error.message}`]);
  return r.policy;
}

/** `--scheduler`: a request policy for a request config, an LLM policy for an LLM config. */
function setScheduler(config: Config, name: string): void {
  if (config.llm !== undefined) {
    if (!isLlmSchedulerName(name)) {
      throw new LoadError([
        `--scheduler: "${name}" schedules fixed-cost requests; this config serves an LLM ("llm" section): use one of ${LLM_SCHEDULER_NAMES.join(', ')}`,
      ]);
    }
    config.llm.scheduler.name = name;
  } else {
    if (!isSchedulerName(name)) {
      throw new LoadError([
        `--scheduler: "${name}" is an LLM step scheduler; this config has no "llm" section: use one of ${SCHEDULER_NAMES.join(', ')}`,
      ]);
    }
    config.scheduler.name = name;
  }
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
export function main(argv: string[], rawIo: SimIo = consoleIo): number {
  const io = escaped(rawIo);
  let options: Options | undefined;
  let traceFile: TraceFile | undefined;
  let llmFiles: LlmFiles | undefined;
  let engine: Engine;
  let scaler: ReturnType<typeof loadAutoscaler> | undefined;
  try {
    try {
      options = parseSimOptions(argv, io);
    } catch (e) {
      if (e instanceof OptionError) throw new LoadError([...e.problems, '', USAGE]);
      if (e instanceof OutputError) throw new LoadError([e.message]);
      throw e;
    }
    if (options === undefined) return 0;
    const config = loadConfigFile(options.config);
    if (options.seed !== undefined) config.seed = options.seed;
    if (options.scheduler !== undefined) setScheduler(config, options.scheduler);
    const compiled = options.policy !== undefined ? loadPolicy(options.policy) : undefined;
    if (compiled !== undefined && config.llm !== undefined && !compiled.isLlm) {
      throw new LoadError([
        `--policy: ${options.policy} has no llm: { rank(request) { ... } } hooks, and this config serves an LLM ("llm" section)`,
      ]);
    }
    const policy =
      compiled !== undefined && config.llm === undefined ? compiled.factory() : undefined;
    const llmPolicy =
      compiled !== undefined && config.llm !== undefined ? compiled.llmFactory() : undefined;
    const autoscaler =
      options.autoscaler !== undefined ? loadAutoscaler(options.autoscaler) : undefined;
    if (autoscaler && !config.autoscale.enabled) {
      throw new LoadError([
        `--autoscaler: the config does not autoscale; set autoscale: { enabled: true, min, max } in ${options.config}`,
      ]);
    }
    scaler = autoscaler;
    // Build the engine (it checks everything and parses a replayed trace, once) before --out
    // exists; trace.csv (and an LLM run's steps.csv) is opened only then.
    if (config.llm !== undefined) {
      llmFiles = options.trace ? deferredLlmFiles(config, options.chrome) : undefined;
    } else traceFile = options.trace ? deferredTraceFile(config) : undefined;
    engine = createEngine(config, options.config, {
      ...(traceFile ? { trace: traceFile.writer } : {}),
      ...(llmFiles ? { llmSink: llmFiles.sink } : {}),
      ...(policy ? { scheduler: policy } : {}),
      ...(autoscaler ? { autoscaler } : {}),
      ...(llmPolicy ? { llmPolicy } : {}),
      ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
    });
  } catch (e) {
    if (e instanceof LoadError || (e instanceof Error && e.name === 'TypeError')) {
      io.err(`sim: ${e.message}`);
      return 2;
    }
    throw e;
  }

  let metrics: MetricsServer | undefined;
  if (options.metricsPort !== undefined) {
    try {
      metrics = startMetricsServer(options.metricsPort);
    } catch (e) {
      io.err(`sim: ${messageOf(e)}`);
      return 2;
    }
  }
  const out = options.out;
  try {
    out.create();
    traceFile?.open(out);
    llmFiles?.open(out);
  } catch (e) {
    void metrics?.close();
    io.err(`sim: --out: cannot write in ${out.given} (${messageOf(e)})`);
    return 2;
  }
  try {
    const status = runAndReport(engine, options, out, { traceFile, llmFiles }, metrics, io);
    const scaled = scaler?.status();
    if (scaled) {
      const fell = scaled.fallbacks > 0 ? `, ${scaled.fallbacks} kept the pool as it was` : '';
      if (!options.quiet || fell !== '') {
        io.err(`sim: autoscaler ${scaled.name}: ${scaled.decisions} decisions${fell}`);
      }
      for (const p of [...scaled.problems].reverse()) {
        io.err(`sim: ${formatProblem(p, options.autoscaler)}`);
      }
      if (scaled.disabled) io.err(`sim: ${scaled.disabled}`);
    }
    return status;
  } finally {
    void metrics?.close();
  }
}

/** The run itself and its results, once the engine and the output folder are ready. */
function runAndReport(
  engine: Engine,
  options: Options,
  out: OutputFolder,
  { traceFile, llmFiles }: { traceFile: TraceFile | undefined; llmFiles: LlmFiles | undefined },
  metrics: MetricsServer | undefined,
  io: SimIo,
): number {
  const config = engine.config;

  const started = performance.now();
  let lastReport = started;
  const target = config.jobs;
  const reportEvery = process.stderr.isTTY ? 500 : 5000;
  let lastMetrics = started;
  metrics?.update(prometheusText(engine.summary()));
  try {
    while (engine.run(200_000)) {
      const now = performance.now();
      if (metrics && now - lastMetrics > METRICS_EVERY_MS) {
        lastMetrics = now;
        metrics.update(prometheusText(engine.summary()));
      }
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
    llmFiles?.close();
    io.err(
      `sim: the simulation failed at ${(engine.now / 1000).toFixed(3)} s simulated: ${messageOf(e)}` +
        (traceFile || llmFiles ? `; trace.csv up to that point is in ${out.given}` : ''),
    );
    return 1;
  }
  engine.finish();
  traceFile?.close();
  llmFiles?.close();
  const wallS = (performance.now() - started) / 1000;

  const summary = engine.summary();
  metrics?.update(prometheusText(summary));
  // A user policy's own report: decisions, FIFO fallbacks and each problem with its line.
  const plugin =
    engine.currentScheduler instanceof PluginScheduler ? engine.currentScheduler : null;
  const llmLog = (engine.llm?.steps.policy as { log?: PolicyLog } | undefined)?.log;
  const policyStatus = llmLog instanceof PolicyLog ? llmLog.status() : plugin?.status();
  try {
    out.write(
      'summary.json',
      JSON.stringify(policyStatus ? { ...summary, policy: policyStatus } : summary, null, 2) + '\n',
    );
  } catch (e) {
    io.err(`sim: could not write summary.json: ${messageOf(e)}`);
    return 1;
  }
  if (engine.stopped !== undefined) io.err(`sim: ${engine.stopped}`);
  let status = engine.stopped !== undefined ? 3 : 0;
  try {
    writePlots(engine, out);
    writeLlmPlots(engine, out);
  } catch (e) {
    io.err(
      `sim: the plots failed (${messageOf(e)}); summary.json${traceFile || llmFiles ? ' and trace.csv are' : ' is'} complete in ${out.given}`,
    );
    status = 1;
  }

  if (policyStatus) {
    const fallback = config.llm !== undefined ? 'continuous batching' : 'FIFO';
    const fell =
      policyStatus.fallbacks > 0 ? `, ${policyStatus.fallbacks} fell back to ${fallback}` : '';
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
  if (l.arrived === 0 && engine.stopped === undefined) {
    // Not an error (the config is valid), but a run of nothing is never what was meant.
    io.err(
      `sim: no job arrived: the first arrival comes after the run's end${config.duration_s !== undefined ? ` (duration_s ${config.duration_s} s)` : ''}${config.jobs === 0 ? ' (jobs is 0)' : ''}, so nothing was simulated`,
    );
  }
  io.out(
    [
      `${l.arrived} arrived: ${l.completed} completed, ${l.rejected} rejected, ${l.dropped} dropped, ${l.queued} queued, ${l.running} running`,
      ...(summary.llm !== undefined
        ? llmLines(summary)
        : [
            `latency p50 ${o.latency.p50.toFixed(2)} ms, p99 ${o.latency.p99.toFixed(2)} ms; SLO violations ${(100 * o.slo_violation_rate).toFixed(2)}%`,
          ]),
      `throughput ${o.throughput_per_s.toFixed(1)}/s, goodput ${o.goodput_per_s.toFixed(1)}/s over ${summary.sim_time_s.toFixed(1)} s simulated`,
      `${(l.arrived / wallS).toFixed(0)} jobs/s in ${wallS.toFixed(2)} s wall; results in ${out.given}`,
    ].join('\n'),
  );
  return status;
}
