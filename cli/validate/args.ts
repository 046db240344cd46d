// `npm run validate`'s command line (cli/validate.ts has the usage): options with their defaults,
// each checked before anything runs, since a live run takes real time; a bad one exits 2.

import { MODEL_IDS, type ModelId } from '../../src/models/manifest.ts';
import { DECODER_IDS } from '../../src/models/decoders/decoder-config.ts';
import { OptionError, parseOptions } from '../io/options.ts';
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

export const OPTIONS = {
  quick: { type: 'boolean' },
  out: { type: 'string', default: 'out/validate' },
  seed: { type: 'int', min: 0, max: 2 ** 32 - 1, default: 21 },
  jobs: { type: 'int', min: 1, max: MAX_LIVE_JOBS },
  lanes: { type: 'int', min: 1, max: 64, default: 2 },
  threads: { type: 'int', min: 1, max: 64, default: 1 },
  models: { type: 'string' },
  interactive: { type: 'number', min: 0, max: 1, default: 0.5 },
  loads: { type: 'string', default: '0.3,0.5,0.7,0.85' },
  'no-bursty': { type: 'boolean' },
  repeats: { type: 'int', min: 1, max: 100, default: 3 },
  warmup: { type: 'int', min: 0, max: 10_000, default: 8 },
  pacing: { type: 'choice', values: ['event', 'tick'], default: 'event' },
  replays: { type: 'int', min: 1, max: 100, default: 5 },
  'probe-jobs': { type: 'int', min: 0, max: MAX_LIVE_JOBS },
  'probe-load': { type: 'number', min: 0, above: true, max: 2, default: 0.5 },
  'drift-probe-ms': { type: 'int', min: 10, max: 60_000 },
  tiering: { type: 'boolean' },
} as const;

/**
 * `npm run validate`'s options from its arguments (cli/io/options.ts: strict, a repeated flag or
 * a malformed number is refused); a bad one throws an OptionError naming the flag. Undefined for
 * `--help`.
 */
export function parseValidateArgs(argv: string[]): CliOptions {
  const { values: v } = parseOptions(argv, OPTIONS);
  const quick = v.quick;
  const loads = v.loads
    .split(',')
    .map((x) => (/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(x) ? Number(x) : NaN));
  if (loads.some((l) => !(l > 0 && l <= 2))) {
    throw new OptionError(['--loads: shares of capacity in (0, 2], e.g. 0.3,0.7']);
  }
  let models = LIVE_MIX;
  if (v.models !== undefined) {
    try {
      models = parseModels(v.models);
    } catch (e) {
      throw new OptionError([(e as Error).message]);
    }
  }
  return {
    quick,
    out: v.out,
    seed: v.seed,
    // Live runs take real time (a 100,000-job run at 30 jobs/s is about an hour): larger is refused.
    jobs: v.jobs ?? (quick ? 300 : 1500),
    lanes: v.lanes,
    threads: v.threads,
    models,
    interactiveRatio: v.interactive,
    loads,
    bursty: !v['no-bursty'],
    repeats: v.repeats,
    warmupRuns: v.warmup,
    pacing: v.pacing as 'event' | 'tick',
    replays: v.replays,
    probeJobs: v['probe-jobs'] ?? (quick ? 300 : 1000),
    probeLoad: v['probe-load'],
    // A drift probe before each case and after each repeat: about 1 s each with the default mix
    // on 2 lanes (quick), 2 s in the full run.
    probeMs: v['drift-probe-ms'] ?? (quick ? 150 : 300),
    tiering: v.tiering,
    calibration: quick ? { spreadBudgetMs: 800, pings: 20, sharingRuns: 10 } : {},
  };
}

/** `npm run validate -- --llm ...`: LLM serving on a real decoder (llm-validate.ts parses with these). */
export const LLM_OPTIONS = {
  llm: { type: 'boolean' },
  quick: { type: 'boolean' },
  model: { type: 'choice', values: DECODER_IDS, default: 'decoder_tiny' },
  lane: { type: 'choice', values: ['wasm', 'webgpu'], default: 'wasm' },
  out: { type: 'string', default: 'out/validate-llm' },
  seed: { type: 'int', min: 0, max: 2 ** 32 - 1, default: 23 },
  requests: { type: 'int', min: 10, max: 20_000 },
  loads: { type: 'string' },
  repeats: { type: 'int', min: 1, max: 20 },
  scheduler: { type: 'choice', values: ['continuous', 'chunked_prefill'], default: 'continuous' },
  tiering: { type: 'boolean' },
} as const;
