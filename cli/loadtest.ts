// `npm run loadtest`: a load tester like the one operators use (the elastic-serving source design's
// client reading `workload.txt`, wrk2, Locust), against the simulation of a config
// (src/engine/loadtest.ts). Writes DIR/report.json, DIR/report.md (printed too) and SVG plots.
//
//   npm run loadtest -- [--config FILE] [--workload FILE | --rate R | --users N [--think-ms Z]
//                       [--think fixed|exponential]] [--connections C] [--duration S]
//                       [--requests N] [--seed S] [--sweep L1,L2,...] [--repeats K] [--out DIR]
//
// Open loop by default, at the config's own arrivals; --workload replaces them with a per-second
// file, --rate with Poisson arrivals. --users makes it a closed loop. --sweep runs the test at each
// level (rates, or user counts with --users) over --repeats seeds and draws the knee.
// A bad option or file exits with status 2 and a message naming it.

import { pathToFileURL } from 'node:url';
import { InputError, readInputText } from './io/input-file.ts';
import { OptionError, parseOptions } from './io/options.ts';
import { OutputError, OutputFolder } from './io/output-folder.ts';
import { say, warn } from './io/terminal.ts';
import { loadConfigFile, LoadError } from './load-config.ts';
import { reportMarkdown, reportPlots } from './loadtest-report.ts';
import type { Config } from '../src/engine/config.ts';
import { parseRpsTrace } from '../src/engine/trace-input.ts';
import type { ReplayTrace } from '../src/engine/trace-model.ts';
import { parseTimestampTrace } from '../src/engine/timestamps-trace.ts';
import { DEFAULT_LOAD_SPEC, runLoadTest, type LoadSpec } from '../src/engine/loadtest.ts';
import { runSweep, type SweepReport } from '../src/engine/loadtest-sweep.ts';

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
  repeats: { type: 'int', min: 1, max: 100, default: 3 },
  out: { type: 'string', default: 'out/loadtest' },
} as const;

const USAGE = `usage: npm run loadtest -- [--config FILE] [--workload FILE | --rate R | --users N [--think-ms Z] [--think fixed|exponential]]
                        [--connections C] [--duration S] [--requests N] [--seed S] [--sweep L1,L2,...] [--repeats K] [--out DIR]`;

/** When nothing says how long a rate or users test runs (s). */
const DEFAULT_DURATION_S = 30;
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

export function main(argv: string[]): number {
  let config: Config;
  let out: OutputFolder;
  let spec: LoadSpec;
  let what: string;
  let levels: number[] | undefined;
  let repeats: number;
  let sweepDuration: number;
  let replay: ReplayTrace | undefined;
  try {
    const parsed = parseOptions(argv, OPTIONS);
    if (parsed.help) {
      say(USAGE);
      return 0;
    }
    const v = parsed.values;
    if (v.workload !== undefined && v.rate !== undefined) {
      throw new Error('--workload and --rate both set the arrivals: give one');
    }
    const workload = v.workload;
    const workloadText = workload !== undefined ? readWorkload(workload) : undefined;
    const closed = v.users !== undefined;
    config = loadConfigFile(v.config, (raw) => {
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
        raw.duration_s = DEFAULT_DURATION_S;
      }
    });
    // Parse a replayed trace once, now: a bad line is named before anything runs.
    replay = replayOf(
      config,
      workload !== undefined ? `--workload ${workload}` : `${v.config}: arrivals`,
    );
    spec = {
      ...DEFAULT_LOAD_SPEC,
      mode: closed ? 'closed' : 'open',
      connections: v.connections ?? Infinity,
      users: v.users ?? DEFAULT_LOAD_SPEC.users,
      think_ms: v['think-ms'],
      think: v.think as LoadSpec['think'],
    };
    levels = v.sweep !== undefined ? sweepLevels(v.sweep, closed) : undefined;
    repeats = v.repeats;
    sweepDuration = v.duration ?? 10;
    const arrivals =
      workload ??
      (v.rate !== undefined ? `Poisson arrivals at ${v.rate} req/s` : 'its own arrivals');
    const end = [
      config.duration_s !== undefined ? `${config.duration_s} s` : '',
      config.jobs !== undefined ? `at most ${config.jobs} requests` : '',
    ].filter(Boolean);
    what = closed
      ? `Closed loop: ${spec.users} users, ${spec.think} think time ${spec.think_ms} ms, for ${end.join(' or ')}, against the simulation of ${v.config} (seed ${config.seed}).`
      : `Open loop at ${arrivals}${end.length > 0 ? ` for ${end.join(' or ')}` : ''}, ${v.connections !== undefined ? `at most ${v.connections} requests outstanding (connections)` : 'no connection limit'}, against the simulation of ${v.config} (seed ${config.seed}).`;
    out = OutputFolder.check(v.out);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const lines = e instanceof OptionError || e instanceof LoadError ? e.problems : [e.message];
    if (!(e instanceof OutputError || e instanceof LoadError)) lines.push(USAGE);
    warn(`loadtest: ${lines.join('\nloadtest: ')}`);
    return 2;
  }
  const options = replay ? { replay } : {};
  const report = runLoadTest(config, spec, options);
  let sweep: SweepReport | undefined;
  if (levels) {
    sweep = runSweep(
      config,
      spec,
      {
        kind: spec.mode === 'closed' ? 'users' : 'rate',
        levels,
        repeats,
        duration_s: sweepDuration,
      },
      (p, done, total) => warn(`sweep level ${p.level}: ${done} of ${total} done`),
      options,
    );
  }
  const md = reportMarkdown(what, report, sweep);
  out.write(
    'report.json',
    JSON.stringify({ what, ...report, ...(sweep ? { sweep } : {}) }, null, 2),
  );
  out.write('report.md', md);
  for (const [name, svg] of Object.entries(reportPlots(report, sweep))) out.write(name, svg);
  process.stdout.write(md);
  return 0;
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
  process.exitCode = main(process.argv.slice(2));
}
