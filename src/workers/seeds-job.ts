// The seeds worker's job, apart from its entry file so that it runs in Node tests: validate both
// configs, run them over the seeds (compare-seeds.ts, the same code `npm run sim:compare` uses) and
// answer with the paired figures, or with the problems.

import { checkConfig } from '../engine/config.ts';
import { metricsFor, pairMetrics, runSeeds } from '../engine/compare-seeds.ts';
import { PROTOCOL_VERSION, type SeedsMessage, type SeedsRequest } from './protocol.ts';

/** Most jobs per seed and side: a request cannot keep the worker busy for minutes. */
export const MAX_SEED_JOBS = 200_000;
export const MAX_SEEDS = 50;

export function runSeedsRequest(
  req: SeedsRequest,
  progress: (done: number) => void = () => {},
): SeedsMessage {
  const a = checkConfig(req.a);
  const b = checkConfig(req.b);
  const problems = [
    ...(a.ok ? [] : a.problems.map((p) => `A: ${p}`)),
    ...(b.ok ? [] : b.problems.map((p) => `B: ${p}`)),
  ];
  if (!Number.isInteger(req.jobs) || req.jobs < 1 || req.jobs > MAX_SEED_JOBS) {
    problems.push(`jobs: ${req.jobs} is not a whole number from 1 to ${MAX_SEED_JOBS}`);
  }
  if (req.seedsB !== undefined && req.seedsB.length !== req.seeds.length) {
    problems.push(`seedsB: ${req.seedsB.length} given for ${req.seeds.length} seeds`);
  }
  if (req.seeds.length < 2 || req.seeds.length > MAX_SEEDS) {
    problems.push(`seeds: ${req.seeds.length} given; an interval needs 2 to ${MAX_SEEDS}`);
  }
  const fail = (p: string[]): SeedsMessage => ({
    v: PROTOCOL_VERSION,
    kind: 'seeds-error',
    id: req.id,
    problems: p,
  });
  if (!a.ok || !b.ok || problems.length > 0) return fail(problems);
  try {
    const runs = runSeeds(a.config, b.config, req.seeds, req.jobs, progress, req.seedsB);
    return {
      v: PROTOCOL_VERSION,
      kind: 'seeds-result',
      id: req.id,
      seeds: runs.seeds,
      jobs: runs.jobs,
      metrics: pairMetrics(runs.a, runs.b, 0.95, metricsFor(runs.a, runs.b)),
    };
  } catch (e) {
    return fail([e instanceof Error ? e.message : String(e)]);
  }
}
