// Running a planned sweep (or one shard of it) in a sweep folder: runs whose records exist are
// skipped, the rest go to the worker pool with a progress bar, and the results are written at the
// end. Ctrl-C stops the pool; every finished run is already on disk, so the same command resumes.

import type { SweepPlan } from './plan.ts';
import { runPool } from './pool.ts';
import { createProgress } from './progress.ts';
import type { RunRecord } from './run-record.ts';
import { loadRun, prepareSweepDir, writeManifest, type SweepManifest } from './store.ts';
import type { RunTask } from './worker.ts';
import { describeParams } from './grid.ts';

export interface SweepRunOptions {
  dir: string;
  workers: number;
  shard: { index: number; count: number } | null;
  quiet: boolean;
  /** Label for progress lines. */
  label?: string;
  /**
   * Event budget of every run (`--max-events`). The plan's engine version must name it too
   * (`withBudget`), so that runs with another budget have other keys.
   */
  maxEvents?: number;
}

export interface SweepRunResult {
  manifest: SweepManifest;
  records: Map<string, RunRecord>;
  ran: number;
  skipped: number;
  /** Runs that threw: "run 7 (...): message". */
  failed: string[];
  /** Stored records that were not valid (their runs ran again): one line each. */
  invalid: string[];
  interrupted: boolean;
}

export function manifestOf(plan: SweepPlan, shard: SweepRunOptions['shard']): SweepManifest {
  return {
    format: 'schedlab.sweep/1',
    id: plan.id,
    engine_version: plan.engineVersion,
    axes: plan.grid.axes.map((a) => ({ path: a.path, values: a.values })),
    runs: plan.runs.map((r) => ({ index: r.index, key: r.key, values: r.values, seed: r.seed })),
    shard,
  };
}

/** The worker task for a planned run. */
export function taskOf(
  plan: SweepPlan,
  run: SweepPlan['runs'][number],
  dir: string,
  maxEvents?: number,
): RunTask {
  const planned = plan.configs[run.config]!;
  const params = Object.fromEntries(plan.grid.axes.map((a, i) => [a.path, run.values[i]]));
  return {
    key: run.key,
    engineVersion: plan.engineVersion,
    config: { ...planned.config, seed: run.seed },
    ...(planned.trace ? { trace: planned.trace } : {}),
    params,
    dir,
    ...(maxEvents !== undefined ? { maxEvents } : {}),
  };
}

/**
 * Run the plan's runs that `options.shard` selects and have no record in `dir` yet. Resolves when
 * all have ended or Ctrl-C stopped them.
 */
export async function runPlanned(
  plan: SweepPlan,
  runs: SweepPlan['runs'],
  options: SweepRunOptions,
): Promise<Omit<SweepRunResult, 'manifest'>> {
  const records = new Map<string, RunRecord>();
  const todo: RunTask[] = [];
  const invalid: string[] = [];
  for (const run of runs) {
    const stored = loadRun(options.dir, run.key);
    if (stored.ok) records.set(run.key, stored.record);
    else {
      // A damaged record is data, not a result: the run goes again and replaces it.
      if (!stored.missing) invalid.push(`${stored.problem}: run ${run.index} runs again`);
      todo.push(taskOf(plan, run, options.dir, options.maxEvents));
    }
  }
  const skipped = records.size;
  const failed: string[] = [];
  let interrupted = false;
  if (todo.length > 0) {
    const label = options.label ?? 'sweep';
    const progress = createProgress(label, todo.length, options.quiet);
    const indexOf = new Map(runs.map((r) => [r.key, r.index]));
    const pool = runPool(
      todo,
      Math.max(1, Math.min(options.workers, todo.length)),
      (record) => {
        records.set(record.key, record);
        progress.tick();
      },
      (error, task) => {
        failed.push(
          `run ${indexOf.get(task.key)} (${describeParams(task.params)}): ${error.message}`,
        );
        progress.tick();
      },
    );
    const onSignal = (): void => {
      interrupted = true;
      void pool.cancel();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const fatal = await pool.done;
      if (fatal) failed.push(`the worker pool failed: ${fatal.message}`);
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
    const ran = records.size - skipped;
    progress.done(
      interrupted
        ? `interrupted: ${ran} runs finished now and kept, ${skipped} were done before; run the same command again to resume`
        : `${ran} runs done${skipped > 0 ? `, ${skipped} found done already (resumed)` : ''}${failed.length > 0 ? `, ${failed.length} failed` : ''}`,
    );
  }
  return { records, ran: records.size - skipped, skipped, failed, invalid, interrupted };
}

/** A grid sweep, or one shard of it, in `options.dir`. */
export async function runSweep(plan: SweepPlan, options: SweepRunOptions): Promise<SweepRunResult> {
  const manifest = manifestOf(plan, options.shard);
  prepareSweepDir(options.dir);
  writeManifest(options.dir, manifest);
  const shard = options.shard;
  const runs = shard ? plan.runs.filter((r) => r.index % shard.count === shard.index) : plan.runs;
  const result = await runPlanned(plan, runs, options);
  return { manifest, ...result };
}
