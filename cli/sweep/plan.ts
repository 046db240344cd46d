// From a base config and a grid to the list of runs: every grid point applied to the base config,
// validated (the schema, then an engine built from it) before anything runs, and keyed. A bad grid
// entry is reported once per entry ("lanes[1].count = 0: ..."), not once per run it spoils.
// Configs that differ only in their seed are validated and stored once.

import { dirname, resolve } from 'node:path';
import { readInputText } from '../io/input-file.ts';
import { checkConfig, configSchema, type Config } from '../../src/engine/config.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { EngineOptions } from '../../src/engine/engine-types.ts';
import { parseAzureLlmTrace } from '../../src/engine/llm/azure-trace.ts';
import {
  parseRpsTrace,
  parseTimestampTrace,
  type ReplayTrace,
} from '../../src/engine/trace-input.ts';
import { runKey, sha256Hex } from './canonical.ts';
import { PathError, setPath } from './config-path.ts';
import { describePoint, formatValue, gridPoint, type Grid } from './grid.ts';

/** A replayed trace file: where it is and what it holds. */
export interface TraceRef {
  /** Absolute path; undefined when the config carries the text inline (`arrivals.data`). */
  path?: string;
  sha256: string;
}

/** A validated config shared by the runs that differ from it only in their seed. */
export interface PlannedConfig {
  /** Validated, defaults filled; a trace file's text is not held here (`arrivals.data` unset). */
  config: Config;
  trace?: TraceRef;
}

export interface PlannedRun {
  /** Position in grid order. */
  index: number;
  /** The grid's values for this run, one per axis. */
  values: unknown[];
  seed: number;
  key: string;
  /** Index into `SweepPlan.configs`. */
  config: number;
}

export interface SweepPlan {
  engineVersion: string;
  grid: Grid;
  configs: PlannedConfig[];
  runs: PlannedRun[];
  /** Hash of every run key in order: shards of one sweep share it. */
  id: string;
}

export class PlanError extends Error {
  override name = 'PlanError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Where the plan's inputs came from, for messages and relative trace paths. */
export interface PlanSources {
  /** The base config's path (trace files are relative to its folder). */
  config: string;
  grid: string;
}

/** Most problem lines printed; the rest are counted. */
const MAX_PROBLEMS = 30;

/** Bytes of parsed traces a TraceCache keeps (a 4,000,000-row timestamps trace is 32 MB; an
 * azure_llm trace holds 16 bytes a request). */
export const PARSED_TRACE_BUDGET = 64 * 1024 * 1024;

/** What a parsed trace gives an engine: `replay`, or `llmTrace` for an azure_llm trace. */
export type ParsedTrace = Pick<EngineOptions, 'replay' | 'llmTrace'>;

function traceBytes(parsed: ParsedTrace): number {
  const { replay, llmTrace } = parsed;
  if (llmTrace !== undefined) {
    return llmTrace.times.byteLength + llmTrace.prompt.byteLength + llmTrace.output.byteLength;
  }
  if (replay === undefined) return 0;
  return replay.kind === 'counts' ? replay.counts.byteLength : replay.times.byteLength;
}

/**
 * A replayed trace read and parsed once per distinct text and parse settings, within bounds: the
 * last file read is kept (a sweep's runs mostly share one), and parsed variants (one per format,
 * column and rate_scale) up to PARSED_TRACE_BUDGET bytes, least recently used first out (a grid of
 * 60 rate_scale values over a 4,000,000-row trace held 2.44 GB before).
 */
export class TraceCache {
  private text: { path: string; text: string; sha256: string } | undefined;
  private readonly parsed = new Map<string, ParsedTrace>();
  private parsedBytes = 0;

  /** Read a file (throws an InputError naming `label` and the path). */
  read(path: string, label = 'arrivals.file'): { text: string; sha256: string } {
    if (this.text?.path !== path) {
      const text = readInputText(path, label, 'trace');
      this.text = { path, text, sha256: sha256Hex(text) };
    }
    return this.text;
  }

  /** Parse trace text with a config's format, column and rate_scale (throws TraceInputError). */
  parse(arrivals: Config['arrivals'], text: string, sha256: string): ReplayTrace {
    const { replay } = this.options(arrivals, text, sha256);
    if (replay === undefined) throw new Error('an azure_llm trace: use options()');
    return replay;
  }

  /**
   * The engine options of a replayed trace, parsed once per text, format, column and rate_scale:
   * `replay`, or `llmTrace` for an azure_llm trace (throws TraceInputError).
   */
  options(arrivals: Config['arrivals'], text: string, sha256: string): ParsedTrace {
    if (arrivals.process !== 'trace') throw new Error('not a trace');
    const key = `${sha256}\n${arrivals.format}\n${arrivals.column ?? ''}\n${arrivals.rate_scale}`;
    let trace = this.parsed.get(key);
    if (trace) {
      // Most recently used last.
      this.parsed.delete(key);
      this.parsed.set(key, trace);
      return trace;
    }
    trace =
      arrivals.format === 'azure_llm'
        ? { llmTrace: parseAzureLlmTrace(text, arrivals.rate_scale) }
        : {
            replay:
              arrivals.format === 'rps'
                ? parseRpsTrace(text, arrivals.rate_scale)
                : parseTimestampTrace(text, arrivals.column, arrivals.rate_scale),
          };
    const bytes = traceBytes(trace);
    for (const [k, old] of this.parsed) {
      if (this.parsedBytes + bytes <= PARSED_TRACE_BUDGET) break;
      this.parsed.delete(k);
      this.parsedBytes -= traceBytes(old);
    }
    this.parsed.set(key, trace);
    this.parsedBytes += bytes;
    return trace;
  }
}

export function planSweep(
  base: Record<string, unknown>,
  grid: Grid,
  sources: PlanSources,
  engineVersion: string,
  traces = new TraceCache(),
): SweepPlan {
  const seedAxis = grid.axes.findIndex((a) => a.path === 'seed');
  const failures = new ProblemLog(grid, sources);

  // Seeds are checked once each: a seed never makes an otherwise valid config invalid.
  if (seedAxis >= 0) {
    for (const v of grid.axes[seedAxis]!.values) {
      if (!configSchema.shape.seed.safeParse(v).success) {
        failures.axis('seed', v, 'an integer from 0 to 4294967295');
      }
    }
  }

  const configs: PlannedConfig[] = [];
  const configOf = new Map<string, number | null>();
  const runs: PlannedRun[] = [];
  for (let index = 0; index < grid.size; index++) {
    const { values } = gridPoint(grid, index);
    const signature = JSON.stringify(values.filter((_, a) => a !== seedAxis));
    let at = configOf.get(signature);
    if (at === undefined) {
      const planned = buildConfig(base, grid, values, seedAxis, sources, traces, failures, index);
      at = planned ? configs.push(planned) - 1 : null;
      configOf.set(signature, at);
    }
    if (at === null || failures.count > 0) continue;
    const planned = configs[at]!;
    const seed = seedAxis >= 0 ? (values[seedAxis] as number) : planned.config.seed;
    const config = { ...planned.config, seed };
    runs.push({
      index,
      values,
      seed,
      key: runKey(config, planned.trace?.sha256, engineVersion),
      config: at,
    });
  }
  if (failures.count > 0) throw new PlanError(failures.lines(configOf.size));
  const keys = new Set<string>();
  for (const run of runs) {
    if (keys.has(run.key)) {
      const first = runs.find((r) => r.key === run.key)!;
      throw new PlanError([
        `${sources.grid}: runs ${first.index} (${describePoint(grid, first.values)}) and ${run.index} (${describePoint(grid, run.values)}) are the same config; a grid value has no effect`,
      ]);
    }
    keys.add(run.key);
  }
  return {
    engineVersion,
    grid,
    configs,
    runs,
    id: sha256Hex(runs.map((r) => r.key).join('\n')).slice(0, 16),
  };
}

function buildConfig(
  base: Record<string, unknown>,
  grid: Grid,
  values: unknown[],
  seedAxis: number,
  sources: PlanSources,
  traces: TraceCache,
  failures: ProblemLog,
  index: number,
): PlannedConfig | undefined {
  const raw = structuredClone(base);
  for (let a = 0; a < grid.axes.length; a++) {
    if (a === seedAxis) continue;
    const axis = grid.axes[a]!;
    try {
      setPath(raw, axis.steps, structuredClone(values[a]));
    } catch (e) {
      if (!(e instanceof PathError)) throw e;
      failures.axis(axis.path, undefined, e.message.slice(axis.path.length + 2));
      return undefined;
    }
  }
  if (seedAxis >= 0) raw.seed = 0; // a valid placeholder; each run sets its own
  const checked = checkConfig(raw);
  if (!checked.ok) {
    for (const p of checked.problems) failures.problem(p, index, values);
    return undefined;
  }
  const config = checked.config;
  let trace: TraceRef | undefined;
  let replay: Pick<EngineOptions, 'replay' | 'llmTrace'> | undefined;
  const arrivals = config.arrivals;
  // Empirical token lengths read their file relative to the config, as `sim` does.
  for (const column of ['prompt', 'output'] as const) {
    const len = config.llm?.[column];
    if (len?.dist === 'empirical' && len.data === undefined && len.file !== undefined) {
      const path = resolve(dirname(sources.config), len.file);
      try {
        len.data = traces.read(path, `llm.${column}.file`).text;
      } catch (e) {
        failures.problem((e as Error).message, index, values);
        return undefined;
      }
    }
  }
  if (arrivals.process === 'trace') {
    let text: string;
    if (arrivals.data !== undefined) {
      text = arrivals.data;
      trace = { sha256: sha256Hex(text) };
    } else {
      const path = resolve(dirname(sources.config), arrivals.file!);
      try {
        const read = traces.read(path);
        text = read.text;
        trace = { path, sha256: read.sha256 };
      } catch (e) {
        failures.problem((e as Error).message, index, values);
        return undefined;
      }
      arrivals.file = path;
    }
    try {
      replay = traces.options(arrivals, text, trace.sha256);
    } catch (e) {
      failures.problem(
        `arrivals.${arrivals.data !== undefined ? 'data' : 'file'}: ${(e as Error).message}`,
        index,
        values,
      );
      return undefined;
    }
  }
  try {
    new Engine(config, replay ?? {});
  } catch (e) {
    const message = (e as Error).message
      .replace(/^invalid config:\n\s*- /, '')
      .replace(/\n\s*- /g, '; ');
    failures.problem(message, index, values);
    return undefined;
  }
  return trace ? { config, trace } : { config };
}

/**
 * Problems found while planning, said once each: against the grid entry they come from when their
 * field is a swept path ("lanes[1].count = 0: ..."), against the base config when every config has
 * them, else against the first run that shows them.
 */
class ProblemLog {
  private readonly byAxis = new Map<string, string>();
  private readonly byMessage = new Map<
    string,
    { index: number; values: unknown[]; count: number }
  >();
  constructor(
    private readonly grid: Grid,
    private readonly sources: PlanSources,
  ) {}

  get count(): number {
    return this.byAxis.size + this.byMessage.size;
  }

  axis(path: string, value: unknown, message: string): void {
    const line = `${this.sources.grid}: ${path}${value === undefined ? '' : ` = ${formatValue(value)}`}: ${message}`;
    this.byAxis.set(line, line);
  }

  problem(problem: string, index: number, values: unknown[]): void {
    const field = /^([^:\s]+): /.exec(problem)?.[1];
    // An unknown field is reported against its parent ("arrivals: unknown field "bogus""): when a
    // grid path put it there, the grid entry is at fault, not the base config.
    const unknown = /^([^:\s]+): unknown field "([^"]*)"$/.exec(problem);
    if (unknown) {
      const a = this.grid.axes.findIndex((axis) => axis.path === `${unknown[1]}.${unknown[2]}`);
      if (a >= 0) {
        this.axis(this.grid.axes[a]!.path, undefined, 'not a config field');
        return;
      }
    }
    if (field !== undefined) {
      const a = this.grid.axes.findIndex(
        (axis) =>
          field === axis.path ||
          field.startsWith(`${axis.path}.`) ||
          field.startsWith(`${axis.path}[`),
      );
      if (a >= 0) {
        const axis = this.grid.axes[a]!;
        const message = problem.slice(field.length + 2);
        // The line names the grid value already ("lanes[1].count = 0: ..."): the config check's
        // ", found the number 0" would say it twice.
        const own = message.replace(/, found [^,]*$/, '');
        this.axis(axis.path, values[a], field === axis.path ? own : `${field}: ${message}`);
        return;
      }
    }
    const seen = this.byMessage.get(problem);
    if (seen) seen.count++;
    else this.byMessage.set(problem, { index, values, count: 1 });
  }

  /** The problems as lines; `configs` is how many distinct configs were checked. */
  lines(configs: number): string[] {
    const out = [...this.byAxis.values()];
    for (const [problem, { index, values, count }] of this.byMessage) {
      out.push(
        count === configs && this.byAxis.size === 0
          ? `${this.sources.config}: ${problem}`
          : `${this.sources.grid}: run ${index} (${describePoint(this.grid, values)})${count > 1 ? ` and ${count - 1} more` : ''}: ${problem}`,
      );
    }
    if (out.length > MAX_PROBLEMS) {
      const more = out.length - MAX_PROBLEMS;
      return [...out.slice(0, MAX_PROBLEMS), `... and ${more} more problem${more > 1 ? 's' : ''}`];
    }
    return out;
  }
}
