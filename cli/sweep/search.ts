// Capacity planning: the fewest lanes (or any integer config value) that meet a p99 latency target,
// for each point of a grid (say, each arrival rate and scheduler), seeds pooled through merged
// sketches. Found by bisection, generalised to k-section when there are more cores than points.
//
// The assumption bisection needs: the p99 never rises when the value grows (adding a lane never
// makes the tail worse), so "meets the target" is false up to some count and true from there on.
// It holds for central-queue schedulers on identical lanes; a binding scheduler such as
// round_robin, or a slower lane added to a fast pool, can break it. So it is checked: the count
// above the answer is run too, and every count probed must show a p99 that does not rise with the
// count by more than the sketches' accuracy. A result that fails the check says so.

import { formatPath, type PathStep } from './config-path.ts';
import { formatValue, type Grid, type GridAxis } from './grid.ts';
import { planSweep, TraceCache, type SweepPlan } from './plan.ts';
import { pooledQuantiles, type RunRecord, type SketchName } from './run-record.ts';
import { runPlanned, type SweepRunOptions, type SweepRunResult } from './run-sweep.ts';
import type { SweepManifest } from './store.ts';
import { SKETCH_RELATIVE_ACCURACY } from '../../src/engine/metrics.ts';

export interface SearchSpec {
  /** The integer config value searched, e.g. `lanes[1].count`. */
  path: string;
  steps: PathStep[];
  /** Inclusive range of values tried. */
  min: number;
  max: number;
  p99Ms: number;
  /** Whose p99: all jobs, or one class. */
  sketch: SketchName;
  /**
   * Search by goodput instead of p99: a value meets the target when its runs' pooled goodput is at
   * least this share of their arrivals (requests that met their SLO, both TTFT and TPOT for an
   * LLM run, over all that arrived).
   */
  goodputShare?: number;
}

export interface Probe {
  value: number;
  p99: number;
  /** Pooled goodput over arrivals (requests within SLO, a share). */
  attainment?: number;
  meets: boolean;
  /** A run at this value was stopped early by the resource guard (so it does not meet). */
  stopped?: boolean;
}

export interface SearchResult {
  /** Values of the grid's non-seed axes. */
  values: unknown[];
  /** The fewest that meets the target, or null when even `max` does not. */
  fewest: number | null;
  probes: Probe[];
  /** False when the probes contradict the monotonicity assumption. */
  monotone: boolean;
  /** Not monotone and above the range's minimum: an unprobed smaller value might meet the target. */
  doubtful: boolean;
  note: string;
}

interface GroupState {
  values: unknown[];
  /** Largest value known to miss the target (min - 1 before any probe). */
  lo: number;
  /** Smallest value known to meet it (max + 1 before any probe: assumed, not run). */
  hi: number;
  probes: Map<number, Probe>;
  checked: boolean;
}

/** Up to `k` values spread evenly inside (lo, hi), for one round of k-section. */
export function probePoints(lo: number, hi: number, k: number): number[] {
  const out = new Set<number>();
  for (let j = 1; j <= k; j++) {
    const v = lo + Math.round((j * (hi - lo)) / (k + 1));
    if (v > lo && v < hi) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Check the probes of one group against the assumption: sorted by value, misses must all come
 * before meets, and the p99 must not rise by more than twice the sketch accuracy between counts.
 */
export function checkMonotone(probes: readonly Probe[]): { monotone: boolean; note: string } {
  const sorted = [...probes].sort((a, b) => a.value - b.value);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.meets && !b.meets) {
      return {
        monotone: false,
        note: `not monotone: ${a.value} meets the target but ${b.value} does not`,
      };
    }
    // A stopped run's p99 covers only the jobs that finished: no ground for comparing it.
    if (!a.stopped && b.p99 > a.p99 * (1 + 2 * SKETCH_RELATIVE_ACCURACY) + 1e-9) {
      return {
        monotone: false,
        note: `not monotone: p99 rises from ${a.p99.toFixed(2)} ms at ${a.value} to ${b.p99.toFixed(2)} ms at ${b.value}`,
      };
    }
  }
  return { monotone: true, note: `monotone over ${sorted.length} probed values` };
}

/** A search's outcome; its sweep fields hold every probe run, as a sweep manifest (for
 * results.csv) and its records. */
export interface SearchRun extends SweepRunResult {
  results: SearchResult[];
  /** Non-seed grid axes, for the results' columns. */
  axes: string[];
}

/**
 * Search every point of `grid` (seeds pooled). Validates the extremes of the range for every point
 * before running anything (throws PlanError).
 */
export async function runSearch(
  base: Record<string, unknown>,
  grid: Grid,
  spec: SearchSpec,
  sources: { config: string; grid: string },
  engineVersion: string,
  options: SweepRunOptions,
): Promise<SearchRun> {
  const traces = new TraceCache();
  const seedAxis = grid.axes.find((a) => a.path === 'seed');
  const others = grid.axes.filter((a) => a.path !== 'seed');
  const searchAxis = (values: number[]): GridAxis => ({
    path: spec.path,
    steps: spec.steps,
    values,
  });
  const planFor = (values: unknown[], probes: number[]): SweepPlan => {
    const axes: GridAxis[] = others.map((a, i) => ({ ...a, values: [values[i]] }));
    axes.push(searchAxis(probes));
    if (seedAxis) axes.push(seedAxis);
    return planSweep(
      base,
      { axes, size: axes.reduce((n, a) => n * a.values.length, 1) },
      sources,
      engineVersion,
      traces,
    );
  };
  // Everything checked first: both ends of the range at every grid point.
  const whole: GridAxis[] = [
    ...others,
    searchAxis([spec.min, spec.max]),
    ...(seedAxis ? [seedAxis] : []),
  ];
  planSweep(
    base,
    { axes: whole, size: whole.reduce((n, a) => n * a.values.length, 1) },
    sources,
    engineVersion,
    traces,
  );

  const groups: GroupState[] = [];
  const count = others.reduce((n, a) => n * a.values.length, 1);
  for (let g = 0; g < count; g++) {
    const values: unknown[] = new Array(others.length);
    let rest = g;
    for (let a = others.length - 1; a >= 0; a--) {
      values[a] = others[a]!.values[rest % others[a]!.values.length];
      rest = Math.floor(rest / others[a]!.values.length);
    }
    groups.push({ values, lo: spec.min - 1, hi: spec.max + 1, probes: new Map(), checked: false });
  }

  const records = new Map<string, RunRecord>();
  const probeRuns: { group: number; value: number; run: SweepPlan['runs'][number] }[] = [];
  let ran = 0;
  let skipped = 0;
  const failed: string[] = [];
  const invalid: string[] = [];
  let interrupted = false;
  for (let round = 1; ; round++) {
    const active = groups.filter((g) => g.hi - g.lo > 1 || !g.checked);
    if (active.length === 0 || interrupted || failed.length > 0) break;
    const k = Math.max(1, Math.floor(options.workers / active.length));
    const batch: { group: GroupState; plan: SweepPlan; probes: number[] }[] = [];
    for (const group of active) {
      let probes: number[];
      if (group.hi - group.lo > 1) probes = probePoints(group.lo, group.hi, k);
      else {
        // Converged: run the count above the answer once, to test the assumption there.
        group.checked = true;
        const above = group.hi + 1;
        probes =
          group.hi <= spec.max && above <= spec.max && !group.probes.has(above) ? [above] : [];
      }
      if (probes.length > 0) batch.push({ group, plan: planFor(group.values, probes), probes });
    }
    if (batch.length === 0) continue;
    // One pool for the round: all groups' probes run side by side.
    const plan = batch[0]!.plan;
    const merged: SweepPlan = {
      ...plan,
      configs: batch.flatMap((b) => b.plan.configs),
      runs: [],
    };
    let offset = 0;
    for (const b of batch) {
      for (const run of b.plan.runs) merged.runs.push({ ...run, config: run.config + offset });
      offset += b.plan.configs.length;
    }
    const result = await runPlanned(merged, merged.runs, {
      ...options,
      label: `search round ${round}`,
    });
    ran += result.ran;
    skipped += result.skipped;
    failed.push(...result.failed);
    invalid.push(...result.invalid);
    interrupted ||= result.interrupted;
    for (const [key, record] of result.records) records.set(key, record);
    if (result.interrupted || result.failed.length > 0) break;
    for (const b of batch) {
      const searchAt = b.plan.grid.axes.findIndex((a) => a.path === spec.path);
      for (const value of b.probes) {
        const runs = b.plan.runs.filter((r) => r.values[searchAt] === value);
        const rs = runs.map((r) => records.get(r.key)!);
        const p99 = pooledQuantiles(rs, spec.sketch, [0.99])[0]!;
        // A run the resource guard stopped early left jobs waiting: its p99 covers only the jobs
        // that finished, too low to trust, so that count does not meet the target.
        const stopped = rs.some((r) => r.stopped !== undefined);
        const good = rs.reduce((n, r) => n + r.figures.goodput_per_s * r.figures.sim_time_s, 0);
        const arrived = rs.reduce((n, r) => n + r.figures.arrived, 0);
        const attainment = arrived > 0 ? good / arrived : 0;
        const meets =
          !stopped &&
          (spec.goodputShare !== undefined ? attainment >= spec.goodputShare : p99 <= spec.p99Ms);
        b.group.probes.set(value, { value, p99, attainment, meets, stopped });
        const g = groups.indexOf(b.group);
        for (const run of runs) probeRuns.push({ group: g, value, run });
        if (b.group.hi - b.group.lo > 1) {
          if (meets && value < b.group.hi) b.group.hi = value;
          if (!meets && value > b.group.lo) b.group.lo = value;
        }
      }
    }
  }

  const results = groups.map((g) => {
    const probes = [...g.probes.values()].sort((a, b) => a.value - b.value);
    const check = checkMonotone(probes);
    const fewest = g.hi <= spec.max ? g.hi : null;
    let note = check.note;
    if (fewest === null) note = `no value up to ${spec.max} meets the target; ${note}`;
    else if (!check.monotone && fewest === spec.min) {
      note += `; ${spec.min} is the smallest value tried, so it is the fewest all the same`;
    }
    return {
      values: g.values,
      fewest,
      probes,
      monotone: check.monotone,
      doubtful: !check.monotone && fewest !== spec.min,
      note,
    };
  });

  // Every probe as one sweep, for results.csv: grid axes, then the searched value, then the seed.
  probeRuns.sort((a, b) => a.group - b.group || a.value - b.value || a.run.seed - b.run.seed);
  const searched = [...new Set(probeRuns.map((p) => p.value))].sort((a, b) => a - b);
  const manifest: SweepManifest = {
    format: 'schedlab.sweep/1',
    id: `search-${formatPath(spec.steps)}`,
    engine_version: engineVersion,
    axes: [
      ...others.map((a) => ({ path: a.path, values: a.values })),
      { path: spec.path, values: searched },
      ...(seedAxis ? [{ path: 'seed', values: seedAxis.values }] : []),
    ],
    runs: probeRuns.map((p, i) => ({
      index: i,
      key: p.run.key,
      values: [...groups[p.group]!.values, p.value, ...(seedAxis ? [p.run.seed] : [])],
      seed: p.run.seed,
    })),
    shard: null,
  };
  return {
    results,
    axes: others.map((a) => a.path),
    manifest,
    records,
    ran,
    skipped,
    failed,
    invalid,
    interrupted,
  };
}

/** search.csv's header and rows. */
export function searchTable(
  run: SearchRun,
  spec: SearchSpec,
): { header: string[]; rows: unknown[][] } {
  const header = [
    ...run.axes,
    `fewest_${spec.path}`,
    'p99_ms_at_fewest',
    'p99_ms_one_fewer',
    'target_p99_ms',
    'probes',
    'monotone',
    'note',
    ...(spec.goodputShare !== undefined ? ['goodput_share_at_fewest', 'target_goodput_share'] : []),
  ];
  const rows = run.results.map((r) => {
    const at = r.probes.find((p) => p.value === r.fewest);
    const below = r.fewest === null ? undefined : r.probes.find((p) => p.value === r.fewest! - 1);
    return [
      ...r.values,
      r.fewest ?? '',
      at?.p99 ?? '',
      below?.p99 ?? '',
      spec.p99Ms,
      r.probes.map((p) => `${p.value}:${p.stopped ? 'stopped' : p.p99.toFixed(2)}`).join(' '),
      r.monotone,
      r.note,
      ...(spec.goodputShare !== undefined ? [at?.attainment ?? '', spec.goodputShare] : []),
    ];
  });
  return { header, rows };
}

export function describeGroup(axes: readonly string[], values: readonly unknown[]): string {
  return axes.length === 0
    ? 'the config'
    : axes.map((p, i) => `${p}=${formatValue(values[i])}`).join(', ');
}
