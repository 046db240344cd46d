// `npm run validate`'s command line (cli/validate.ts has the usage): options with their defaults,
// each checked before anything runs, since a live run takes real time.

import { MODEL_IDS, type ModelId } from '../../src/models/manifest.ts';
import type { ValidateOptions } from './run-validate.ts';

export interface CliOptions extends ValidateOptions {
  out: string;
  quick: boolean;
  /** Keep V8's tiered WASM compilation (cli/validate.ts says why not by default). */
  tiering: boolean;
}

/** The most jobs a live run of validate serves (`--jobs`, `--probe-jobs`). */
const MAX_LIVE_JOBS = 100_000;

export const LIVE_MIX: Partial<Record<ModelId, number>> = {
  ppocr_cls: 2,
  silero_vad: 2,
  resnet18: 1,
};

function parseModels(spec: string): Partial<Record<ModelId, number>> {
  const out: Partial<Record<ModelId, number>> = {};
  for (const part of spec.split(',')) {
    const [id = '', w = '1'] = part.split(':');
    if (!(MODEL_IDS as readonly string[]).includes(id)) {
      throw new Error(`--models: ${id} is not a model (${MODEL_IDS.join(', ')})`);
    }
    const weight = Number(w);
    if (!(weight > 0)) throw new Error(`--models: ${part}: the weight must be a number above 0`);
    out[id as ModelId] = weight;
  }
  return out;
}

/** `npm run validate`'s options from its arguments; a bad one throws, naming the flag. */
export function parseValidateArgs(argv: string[]): CliOptions {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (flag: string, fallback: number): number => {
    const raw = get(flag);
    if (raw === undefined) return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v)) throw new Error(`${flag} ${raw}: not a number`);
    return v;
  };
  const quick = argv.includes('--quick');
  const loads = (get('--loads') ?? '0.3,0.5,0.7,0.85').split(',').map(Number);
  if (loads.some((l) => !(l > 0 && l <= 2)))
    throw new Error('--loads: shares of capacity in (0, 2]');
  const pacing = get('--pacing') ?? 'event';
  if (pacing !== 'event' && pacing !== 'tick') throw new Error('--pacing: event or tick');
  const repeats = num('--repeats', 3);
  if (!(repeats >= 1)) throw new Error('--repeats: at least 1');
  // Live runs take real time (a 100,000-job run at 30 jobs/s is about an hour): larger is refused.
  const jobs = num('--jobs', quick ? 300 : 1500);
  if (!(Number.isInteger(jobs) && jobs >= 1 && jobs <= MAX_LIVE_JOBS))
    throw new Error(`--jobs ${jobs}: a whole number from 1 to ${MAX_LIVE_JOBS}`);
  const probeJobs = num('--probe-jobs', quick ? 300 : 1000);
  if (!(Number.isInteger(probeJobs) && probeJobs >= 0 && probeJobs <= MAX_LIVE_JOBS))
    throw new Error(
      `--probe-jobs ${probeJobs}: a whole number from 0 (no probe) to ${MAX_LIVE_JOBS}`,
    );
  const probeLoad = num('--probe-load', 0.5);
  if (!(probeLoad > 0 && probeLoad <= 2))
    throw new Error(`--probe-load ${probeLoad}: a share of capacity in (0, 2]`);
  return {
    quick,
    out: get('--out') ?? 'out/validate',
    seed: num('--seed', 21),
    jobs,
    lanes: num('--lanes', 2),
    threads: num('--threads', 1),
    models: get('--models') ? parseModels(get('--models')!) : LIVE_MIX,
    interactiveRatio: num('--interactive', 0.5),
    loads,
    bursty: !argv.includes('--no-bursty'),
    repeats,
    warmupRuns: num('--warmup', 8),
    pacing,
    replays: num('--replays', 5),
    probeJobs,
    probeLoad,
    tiering: argv.includes('--tiering'),
    calibration: quick ? { spreadBudgetMs: 800, pings: 20, sharingRuns: 10 } : {},
  };
}
