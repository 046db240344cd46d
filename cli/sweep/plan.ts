// From a base config and a grid to the list of runs: every grid point applied to the base config,
// validated (the schema, then an engine built from it) before anything runs, and keyed. A bad grid
// entry is reported once per entry ("lanes[1].count = 0: ..."), not once per run it spoils.
// Configs that differ only in their seed are validated and stored once.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkConfig, configSchema, type Config } from '../../src/engine/config.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { EngineOptions } from '../../src/engine/engine-types.ts';
import { parseAzureLlmTrace, type LlmTrace } from '../../src/engine/llm/azure-trace.ts';
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

/** A replayed trace parsed once per distinct text and parse settings. */
export class TraceCache {
  private readonly texts = new Map<string, { text: string; sha256: string }>();
  private readonly parsed = new Map<string, ReplayTrace>();
  private readonly parsedLlm = new Map<string, LlmTrace>();

  /** Read a trace file once (throws the fs error). */
  read(path: string): { text: string; sha256: string } {
    let entry = this.texts.get(path);
    if (!entry) {
      const text = readFileSync(path, 'utf8');
      entry = { text, sha256: sha256Hex(text) };
      this.texts.set(path, entry);
    }
    return entry;
  }

  /**
   * The engine options of a replayed trace, parsed once per text, format, column and rate_scale:
   * `replay`, or `llmTrace` for an azure_llm trace (throws TraceInputError).
   */
  options(
    arrivals: Config['arrivals'],
    text: string,
    sha256: string,
  ): Pick<EngineOptions, 'replay' | 'llmTrace'> {
    if (arrivals.process === 'trace' && arrivals.format === 'azure_llm') {
      const key = `${sha256}\n${arrivals.rate_scale}`;
      let llmTrace = this.parsedLlm.get(key);
      if (!llmTrace) {
        llmTrace = parseAzureLlmTrace(text, arrivals.rate_scale);
        this.parsedLlm.set(key, llmTrace);
      }
      return { llmTrace };
    }
    return { replay: this.parse(arrivals, text, sha256) };
  }

  /** Parse trace text with a config's format, column and rate_scale (throws TraceInputError). */
  parse(arrivals: Config['arrivals'], text: string, sha256: string): ReplayTrace {
    if (arrivals.process !== 'trace') throw new Error('not a trace');
    const key = `${sha256}\n${arrivals.format}\n${arrivals.column ?? ''}\n${arrivals.rate_scale}`;
    let trace = this.parsed.get(key);
    if (!trace) {
      trace =
        arrivals.format === 'rps'
          ? parseRpsTrace(text, arrivals.rate_scale)
          : parseTimestampTrace(text, arrivals.column, arrivals.rate_scale);
      this.parsed.set(key, trace);
    }
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
        len.data = traces.read(path).text;
      } catch (e) {
        failures.problem(
          `llm.${column}.file: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? e})`,
          index,
          values,
        );
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
        failures.problem(
          `arrivals.file: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? e})`,
          index,
          values,
        );
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
