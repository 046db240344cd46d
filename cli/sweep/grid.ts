// A sweep grid: config paths, each with the values to try. Written as a YAML or JSON mapping in the
// order the loops nest (the last path varies fastest):
//
//   scheduler.name: [fifo, edf, dynamic]   # a list of values
//   arrivals.rate_per_s: 200..1000 step 200 # an inclusive range (integers step 1 by default)
//   lanes[1].count: 1..4
//   seed: 1..10                             # seeds are replications: results aggregate over them
//   batching.enabled: true                  # anything else is one fixed value
//
// Parsing checks the shape of the grid; whether each expanded config is valid is plan.ts's business.

import { formatPath, parsePath, PathError, type PathStep } from './config-path.ts';

/** One swept dimension. */
export interface GridAxis {
  /** Canonical spelling, e.g. `lanes[1].count`: the column name in results. */
  path: string;
  steps: PathStep[];
  values: unknown[];
}

export interface Grid {
  axes: GridAxis[];
  /** Number of runs: the product of the axes' lengths. */
  size: number;
}

/** One point of the grid, in grid order. */
export interface GridPoint {
  index: number;
  /** One value per axis, in axis order. */
  values: unknown[];
}

export class GridError extends Error {
  override name = 'GridError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Largest grid a sweep expands (its plan is held in memory). */
export const MAX_RUNS = 1_000_000;

const RANGE = /^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)(?:\s+step\s+(\d+(?:\.\d+)?))?\s*$/;

/** `1..10`, `0.5..2 step 0.5`: inclusive numeric ranges. Returns undefined for other strings. */
export function parseRange(text: string): number[] | string | undefined {
  const m = RANGE.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  const integers = Number.isInteger(from) && Number.isInteger(to);
  if (m[3] === undefined && !integers) return `"${text}": a range of decimals needs "step"`;
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (!(step > 0)) return `"${text}": the step must be above 0`;
  if (to < from) return `"${text}": the range runs backwards`;
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_RUNS) return `"${text}": ${count} values, more than ${MAX_RUNS}`;
  // Values from the start and a multiple of the step, rounded to the step's decimals, so
  // 0.1..0.3 step 0.1 gives 0.1, 0.2, 0.3 rather than 0.30000000000000004.
  const decimals = Math.max(decimalsOf(m[1]!), decimalsOf(m[3] ?? '1'));
  return Array.from({ length: count }, (_, i) => Number((from + i * step).toFixed(decimals)));
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Check a parsed grid file (`source` names it in messages) and normalise its axes. */
export function parseGrid(input: unknown, source: string): Grid {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new GridError([
      `${source}: a grid is a mapping of config paths to values, e.g. "scheduler.name: [fifo, edf]"`,
    ]);
  }
  const problems: string[] = [];
  const axes: GridAxis[] = [];
  for (const [rawPath, spec] of Object.entries(input)) {
    let steps: PathStep[];
    try {
      steps = parsePath(rawPath);
    } catch (e) {
      if (e instanceof PathError) {
        problems.push(`${source}: ${e.message}`);
        continue;
      }
      throw e;
    }
    const path = formatPath(steps);
    let values: unknown[];
    if (Array.isArray(spec)) {
      values = spec;
      if (values.length === 0)
        problems.push(`${source}: ${path}: an empty list (give at least one value)`);
    } else if (typeof spec === 'string' && parseRange(spec) !== undefined) {
      const range = parseRange(spec)!;
      if (typeof range === 'string') {
        problems.push(`${source}: ${path}: ${range}`);
        continue;
      }
      values = range;
    } else if (spec === null || spec === undefined) {
      problems.push(`${source}: ${path}: no value`);
      continue;
    } else {
      values = [spec];
    }
    const clash = axes.find((a) => isPrefix(a.steps, steps) || isPrefix(steps, a.steps));
    if (clash) {
      problems.push(
        `${source}: ${path}: ${clash.path === path ? 'appears twice' : `overlaps ${clash.path}; sweep one or the other`}`,
      );
      continue;
    }
    axes.push({ path, steps, values });
  }
  if (axes.length === 0 && problems.length === 0) problems.push(`${source}: the grid is empty`);
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > MAX_RUNS) {
    problems.push(
      `${source}: ${size.toLocaleString('en')} runs, more than ${MAX_RUNS.toLocaleString('en')}`,
    );
  }
  if (problems.length > 0) throw new GridError(problems);
  return { axes, size };
}

function isPrefix(a: readonly PathStep[], b: readonly PathStep[]): boolean {
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

/** The grid's point at `index` (0 <= index < size): the last axis varies fastest. */
export function gridPoint(grid: Grid, index: number): GridPoint {
  const values = new Array<unknown>(grid.axes.length);
  let rest = index;
  for (let a = grid.axes.length - 1; a >= 0; a--) {
    const axis = grid.axes[a]!;
    values[a] = axis.values[rest % axis.values.length];
    rest = Math.floor(rest / axis.values.length);
  }
  return { index, values };
}

/** `scheduler.name=edf, lanes[1].count=2`: a point's values, for messages and legends. */
export function describePoint(grid: Grid, values: readonly unknown[], skip?: string): string {
  return grid.axes
    .map((a, i) => (a.path === skip ? '' : `${a.path}=${formatValue(values[i])}`))
    .filter(Boolean)
    .join(', ');
}

export function formatValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A run's grid values as `path=value, ...`, for messages. */
export function describeParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
