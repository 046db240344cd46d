// `npm run loadtest`: a load tester like the one operators use (the elastic-serving source design's
// client reading `workload.txt`, wrk2, Locust), against the simulation of a config
// (src/engine/loadtest.ts) or, with --live, against its lanes served for real on the wall clock
// (src/workers/loadtest-live.ts: onnxruntime-web's WASM backend in Node worker threads, the lanes
// `npm run validate` runs). Writes DIR/report.json, DIR/report.md (printed too) and SVG plots.
//
//   npm run loadtest -- [--live] [--config FILE] [--workload FILE | --rate R | --users N
//                       [--think-ms Z] [--think fixed|exponential]] [--connections C] [--duration S]
//                       [--requests N] [--seed S] [--sweep L1,L2,...] [--repeats K] [--out DIR]
//
// Open loop by default, at the config's own arrivals; --workload replaces them with a per-second
// file, --rate with Poisson arrivals. --users makes it a closed loop. --sweep runs the test at each
// level (rates, or user counts with --users) over --repeats seeds and draws the knee. --live takes
// real time, so its defaults are short: 10 s for a rate or users test, and a sweep of 5 s runs, 2
// seeds a level. A GPU-class lane cannot run in Node (no WebGPU): it is reported as not run, with
// the reason, and the others serve.
// A bad option or file exits with status 2 and a message naming it.

import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { InputError, readInputText } from './io/input-file.ts';
import { OptionError, parseOptions } from './io/options.ts';
import { OutputError, OutputFolder } from './io/output-folder.ts';
import { say, warn } from './io/terminal.ts';
import { loadConfigFile, LoadError } from './load-config.ts';
import { reportMarkdown, reportPlots, requestsCsv } from './loadtest-report.ts';
import type { Config } from '../src/engine/config.ts';
import { parseRpsTrace } from '../src/engine/trace-input.ts';
import type { ReplayTrace } from '../src/engine/trace-model.ts';
import { parseTimestampTrace } from '../src/engine/timestamps-trace.ts';
import {
  DEFAULT_LOAD_SPEC,
  runLoadTest,
  type LoadReport,
  type LoadSpec,
} from '../src/engine/loadtest.ts';
import {
  runSweep,
  runSweepWith,
  type SweepPoint,
  type SweepReport,
  type SweepSpec,
} from '../src/engine/loadtest-sweep.ts';
import { LanePool } from '../src/workers/lane-pool.ts';
import {
  liveProblems,
  runLiveLoadTest,
  type LiveLaneReport,
} from '../src/workers/loadtest-live.ts';
import { nodeLaneClient } from './validate/node-lane.ts';

export const DEFAULT_CONFIG = 'examples/loadtest.yaml';

export const OPTIONS = {
  config: { type: 'string', default: DEFAULT_CONFIG },
  workload: { type: 'string' },
  rate: { type: 'number', min: 0.001, max: 1_000_000 },
  users: { type: 'int', min: 1, max: 100_000 },
  'think-ms': { type: 'number', min: 0, max: 3_600_000, default: 0 },
  think: { type: 'choice', values: ['fixed', 'exponential'], default: 'fixed' },
  connections: { type: 'int', min: 1, max: 1_000_000 },
  duration: { type: 'number', min: 0.001, max: 86_400 },
  requests: { type: 'int', min: 1, max: 10_000_000 },
  seed: { type: 'int', min: 0, max: 2 ** 32 - 1 },
  sweep: { type: 'string' },
  repeats: { type: 'int', min: 1, max: 100 },
  out: { type: 'string', default: 'out/loadtest' },
  live: { type: 'boolean' },
} as const;

const USAGE = `usage: npm run loadtest -- [--live] [--config FILE] [--workload FILE | --rate R | --users N [--think-ms Z] [--think fixed|exponential]]
                        [--connections C] [--duration S] [--requests N] [--seed S] [--sweep L1,L2,...] [--repeats K] [--out DIR]`;

/** When nothing says how long a rate or users test runs (s): against the simulation, live. */
const DEFAULT_DURATION_S = 30;
const DEFAULT_LIVE_DURATION_S = 10;
/** A sweep's run length (s) and seeds a level when not given: against the simulation, live. */
const SWEEP_DEFAULTS = { sim: { duration: 10, repeats: 3 }, live: { duration: 5, repeats: 2 } };
/** Most levels in one sweep. */
const MAX_LEVELS = 50;

function sweepLevels(text: string, users: boolean): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const levels = parts.map(Number);
  const bad = parts.find(
    (s, i) => s === '' || !(levels[i]! > 0) || (users && !Number.isInteger(levels[i])),
  );
  if (bad !== undefined || parts.length > MAX_LEVELS) {
    throw new Error(
      `--sweep: a comma-separated list of up to ${MAX_LEVELS} ${users ? 'user counts (whole numbers of at least 1)' : 'rates (req/s, above 0)'}; got ${JSON.stringify(text.slice(0, 60))}`,
    );
  }
  return levels;
}

/** What the command line asks for, checked. */
interface Plan {
  config: Config;
  out: OutputFolder;
  spec: LoadSpec;
  what: string;
  levels: number[] | undefined;
  repeats: number;
  sweepDuration: number;
  replay: ReplayTrace | undefined;
  live: boolean;
}

/** Exit status: 0 done, 2 bad input; a live run answers later. */
export function main(argv: string[]): number | Promise<number> {
  let plan: Plan;
  try {
    const parsed = parseOptions(argv, OPTIONS);
    if (parsed.help) {
      say(USAGE);
      return 0;
    }
    plan = planOf(parsed.values);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const lines = e instanceof OptionError || e instanceof LoadError ? e.problems : [e.message];
    if (!(e instanceof OutputError || e instanceof LoadError)) lines.push(USAGE);
    warn(`loadtest: ${lines.join('\nloadtest: ')}`);
    return 2;
  }
  if (plan.live) return runLive(plan);
  const { config, spec, levels, replay } = plan;
  const options = replay ? { replay } : {};
  const report = runLoadTest(config, spec, options, (r) =>
    plan.out.write('requests.csv', requestsCsv(r)),
  );
  const sweep = levels
    ? runSweep(config, spec, sweepSpec(plan, levels), progress, options)
    : undefined;
  write(plan, { target: 'simulation', ...report }, report, sweep);
  return 0;
}

function planOf(v: ParsedValues): Plan {
  if (v.workload !== undefined && v.rate !== undefined) {
    throw new Error('--workload and --rate both set the arrivals: give one');
  }
  const live = v.live;
  const workload = v.workload;
  const workloadText = workload !== undefined ? readWorkload(workload) : undefined;
  const closed = v.users !== undefined;
  const config = loadConfigFile(v.config, (raw) => {
    if (workloadText !== undefined) {
      raw.arrivals = { process: 'trace', format: 'rps', data: workloadText };
    } else if (v.rate !== undefined) {
      raw.arrivals = { process: 'poisson', rate_per_s: v.rate };
    }
    if (v.seed !== undefined) raw.seed = v.seed;
    if (v.requests !== undefined) raw.jobs = v.requests;
    if (v.duration !== undefined) raw.duration_s = v.duration;
    else if (
      (v.rate !== undefined || closed) &&
      raw.duration_s === undefined &&
      raw.jobs === undefined
    ) {
      raw.duration_s = live ? DEFAULT_LIVE_DURATION_S : DEFAULT_DURATION_S;
    }
  });
  if (live) {
    const problems = liveProblems(config);
    if (problems.length > 0) throw new LoadError(problems.map((p) => `${v.config}: ${p}`));
  }
  // Parse a replayed trace once, now: a bad line is named before anything runs.
  const replay = replayOf(
    config,
    workload !== undefined ? `--workload ${workload}` : `${v.config}: arrivals`,
  );
  const spec: LoadSpec = {
    ...DEFAULT_LOAD_SPEC,
    mode: closed ? 'closed' : 'open',
    connections: v.connections ?? Infinity,
    users: v.users ?? DEFAULT_LOAD_SPEC.users,
    think_ms: v['think-ms'],
    think: v.think as LoadSpec['think'],
  };
  const levels = v.sweep !== undefined ? sweepLevels(v.sweep, closed) : undefined;
  const defaults = SWEEP_DEFAULTS[live ? 'live' : 'sim'];
  const arrivals =
    workload ?? (v.rate !== undefined ? `Poisson arrivals at ${v.rate} req/s` : 'its own arrivals');
  const end = [
    config.duration_s !== undefined ? `${config.duration_s} s` : '',
    config.jobs !== undefined ? `at most ${config.jobs} requests` : '',
  ].filter(Boolean);
  const target = live
    ? `against the live lanes of ${v.config} (real lane workers on the wall clock)`
    : `against the simulation of ${v.config}`;
  const what = closed
    ? `Closed loop: ${spec.users} users, ${spec.think} think time ${spec.think_ms} ms, for ${end.join(' or ')}, ${target} (seed ${config.seed}).`
    : `Open loop at ${arrivals}${end.length > 0 ? ` for ${end.join(' or ')}` : ''}, ${v.connections !== undefined ? `at most ${v.connections} requests outstanding (connections)` : 'no connection limit'}, ${target} (seed ${config.seed}).`;
  return {
    config,
    out: OutputFolder.check(v.out),
    spec,
    what,
    levels,
    repeats: v.repeats ?? defaults.repeats,
    sweepDuration: v.duration ?? defaults.duration,
    replay,
    live,
  };
}

type ParsedValues = ReturnType<typeof parseOptions<typeof OPTIONS>>['values'];

function sweepSpec(plan: Plan, levels: number[]): SweepSpec {
  return {
    kind: plan.spec.mode === 'closed' ? 'users' : 'rate',
    levels,
    repeats: plan.repeats,
    duration_s: plan.sweepDuration,
  };
}

const progress = (p: SweepPoint, done: number, total: number) =>
  warn(`sweep level ${p.level}: ${done} of ${total} done`);

function write(
  plan: Plan,
  json: object,
  report: LoadReport,
  sweep?: SweepReport,
  lanes?: readonly LiveLaneReport[],
): void {
  const md = reportMarkdown(plan.what, report, sweep, lanes);
  plan.out.write(
    'report.json',
    JSON.stringify({ what: plan.what, ...json, ...(sweep ? { sweep } : {}) }, null, 2),
  );
  plan.out.write('report.md', md);
  for (const [name, svg] of Object.entries(reportPlots(report, sweep))) plan.out.write(name, svg);
  process.stdout.write(md);
}

/** The test (and sweep) against real lanes, kept in one pool for every run. */
async function runLive(plan: Plan): Promise<number> {
  const { config, spec, levels, replay } = plan;
  // V8's optimising compiler up front, as `npm run validate` runs its lanes (cli/validate.ts says
  // why): the lanes serve at their steady speed from the first request.
  setFlagsFromString('--no-liftoff');
  const pool = new LanePool(nodeLaneClient);
  const options = { spawn: pool.spawn, ...(replay ? { replay } : {}) };
  try {
    warn('loadtest: starting the lanes (a Node lane takes several seconds)');
    const report = await runLiveLoadTest(config, spec, {
      ...options,
      onRequests: (r) => plan.out.write('requests.csv', requestsCsv(r)),
    });
    for (const l of report.lanes) {
      if (!l.ran)
        warn(`loadtest: lane ${l.name} (${l.kind}, ${l.backend}) did not run: ${l.reason}`);
    }
    const sweep = levels
      ? await runSweepWith(
          config,
          spec,
          sweepSpec(plan, levels),
          (c, s) => runLiveLoadTest(c, s, options),
          progress,
        )
      : undefined;
    write(plan, report, report, sweep, report.lanes);
    return 0;
  } catch (e) {
    warn(`loadtest: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    pool.close();
  }
}

/** The config's replayed trace, parsed (undefined for generated arrivals). */
function replayOf(config: Config, label: string): ReplayTrace | undefined {
  const a = config.arrivals;
  if (a.process !== 'trace' || a.data === undefined) return undefined;
  try {
    return a.format === 'rps'
      ? parseRpsTrace(a.data, a.rate_scale)
      : parseTimestampTrace(a.data, a.column, a.rate_scale);
  } catch (e) {
    throw new LoadError([`${label}: ${(e as Error).message}`]);
  }
}

function readWorkload(path: string): string {
  try {
    return readInputText(path, '--workload', 'trace');
  } catch (e) {
    if (e instanceof InputError) throw new LoadError([e.message]);
    throw e;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
