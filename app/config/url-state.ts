// The whole configuration lives in the URL's query string, so a link reproduces a run. Each setting
// is one short, readable parameter. Reading is strict: an unknown or repeated parameter, a value
// that is not a plain decimal number (no hex, no spaces, no Infinity), or one out of range makes the
// whole URL fall back to the defaults, with a message naming each bad parameter (a half-applied link
// would reproduce something else without saying so). Messages echo at most ECHO_CHARS of a value.

import { clip } from '../../src/engine/echo.ts';
import { isSchedulerName } from '../../src/engine/schedulers/registry.ts';
import { isAutoscalerName } from '../../src/engine/autoscalers/registry.ts';
import {
  CLASSIC_MODELS,
  DEFAULT_SETTINGS,
  LIMITS,
  LOAD_SHAPES,
  type LoadShape,
  MODEL_IDS,
  type ModelId,
  type Settings,
} from './settings.ts';

/** The settings a link may carry, one query parameter each. */
export const KEYS: readonly string[] = [
  'rate',
  'ir',
  'mix',
  'sched',
  'batch',
  'bw',
  'bmax',
  'gpu',
  'cpu',
  'backup',
  'as',
  'asmin',
  'asmax',
  'aspol',
  'ascold',
  'astgt',
  'asprcpu',
  'asprgpu',
  'shape',
  'mem',
  'seed',
  'speed',
];

/** Parameters other modules own (a shared policy: app/policy/policy-url.ts; a lesson step:
 * app/lessons/); settings keep them. `lesson` and `step` are read here, strictly. */
const OTHER_KEYS = ['policy', 'lesson', 'step'];

/** A lesson's id as a link carries it (the lesson schema's rule). */
const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Most steps a lesson has (the lesson schema's limit). */
export const MAX_LESSON_STEPS = 30;

/** The lesson step a link opens: `lesson=<id>` and `step=<n>` (1-based; default 1). */
export interface LessonLink {
  id: string;
  step: number;
}

/** Whether `key` is one of the settings' own parameters (`rate`, `sched`, …). */
export function isSettingParam(key: string): boolean {
  return KEYS.includes(key);
}

/** Settings as query parameters; only the ones that differ from the defaults. */
export function encodeSettings(s: Settings): URLSearchParams {
  const all = encodeAll(s);
  const defaults = encodeAll(DEFAULT_SETTINGS);
  const out = new URLSearchParams();
  for (const k of KEYS) if (all[k] !== defaults[k]) out.set(k, all[k]!);
  return out;
}

/** Every setting as its query parameter's value, defaults included. */
export function encodeAll(s: Settings): Record<string, string> {
  return {
    rate: String(s.rate),
    ir: String(s.interactiveRatio),
    // Three weights while the light models have none (links from before them read the same).
    mix: MODEL_IDS.slice(
      0,
      MODEL_IDS.slice(CLASSIC_MODELS).some((m) => s.mix[m] > 0) ? MODEL_IDS.length : CLASSIC_MODELS,
    )
      .map((m) => s.mix[m])
      .join(','),
    sched: s.scheduler,
    batch: s.batching.enabled ? '1' : '0',
    bw: String(s.batching.windowMs),
    bmax: String(s.batching.maxBatch),
    gpu: String(s.gpuLanes),
    cpu: String(s.cpuLanes),
    backup: String(s.backupLanes),
    as: s.autoscale.enabled ? '1' : '0',
    asmin: String(s.autoscale.min),
    asmax: String(s.autoscale.max),
    aspol: s.autoscale.policy,
    ascold: String(s.autoscale.coldStartMs),
    astgt: String(s.autoscale.target),
    asprcpu: String(s.prices.cpu),
    asprgpu: String(s.prices.gpu),
    shape: s.loadShape,
    mem: String(s.memoryMiB),
    seed: String(s.seed),
    speed: String(s.speed),
  };
}

export type DecodeResult =
  { ok: true; settings: Settings; lesson?: LessonLink } | { ok: false; problems: string[] };

/** A plain decimal number, as the app writes them. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal string's number, or NaN (hex, blanks, `Infinity` and the like are not numbers here). */
function decimal(raw: string): number {
  return DECIMAL.test(raw) ? Number(raw) : NaN;
}

/** `key=value` as a message shows it: cut to ECHO_CHARS. */
export function shown(key: string, raw: string): string {
  return `${clip(key, 40)}=${clip(raw)}`;
}

/** Each parameter's values, in the order the link gives them. */
export function groupParams(params: URLSearchParams): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const [key, value] of params) {
    const values = seen.get(key);
    if (values) values.push(value);
    else seen.set(key, [value]);
  }
  return seen;
}

/** The message for a parameter given more than once (its first three values shown). */
export function repeatedProblem(key: string, values: readonly string[]): string {
  const listed = values.slice(0, 3).map((v) => shown(key, v));
  return `"${clip(key, 40)}" is given ${values.length} times (${listed.join(', ')}${values.length > 3 ? ', …' : ''}): give each setting once`;
}

/** Parse query parameters into settings, or list every problem. Keys for which `owned` says true
 * belong to another reader (compare mode's `cmp` and `b.*`, which checks them as strictly) and are
 * left alone here. */
export function decodeSettings(
  params: URLSearchParams,
  owned: (key: string) => boolean = () => false,
): DecodeResult {
  const problems: string[] = [];
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  for (const [key, values] of groupParams(params)) {
    if (owned(key)) continue;
    if (!KEYS.includes(key) && !OTHER_KEYS.includes(key)) {
      problems.push(`"${clip(key, 40)}" is not a setting`);
    } else if (values.length > 1) {
      problems.push(repeatedProblem(key, values));
    }
  }
  const num = (
    key: string,
    range: { min: number; max: number },
    integer: boolean,
  ): number | undefined => {
    const raw = params.get(key);
    if (raw === null) return undefined;
    const v = decimal(raw);
    if (Number.isNaN(v)) {
      problems.push(`${shown(key, raw)}: not a number`);
      return undefined;
    }
    if (v < range.min || v > range.max) {
      problems.push(`${shown(key, raw)}: must be between ${range.min} and ${range.max}`);
      return undefined;
    }
    if (integer && !Number.isInteger(v)) {
      problems.push(`${shown(key, raw)}: must be a whole number`);
      return undefined;
    }
    return v;
  };
  s.rate = num('rate', LIMITS.rate, false) ?? s.rate;
  s.interactiveRatio = num('ir', { min: 0, max: 1 }, false) ?? s.interactiveRatio;
  s.gpuLanes = num('gpu', LIMITS.lanes, true) ?? s.gpuLanes;
  s.cpuLanes = num('cpu', LIMITS.lanes, true) ?? s.cpuLanes;
  s.backupLanes = num('backup', LIMITS.backupLanes, true) ?? s.backupLanes;
  s.memoryMiB = num('mem', LIMITS.memoryMiB, true) ?? s.memoryMiB;
  s.seed = num('seed', LIMITS.seed, true) ?? s.seed;
  s.speed = num('speed', LIMITS.speed, false) ?? s.speed;
  s.batching.windowMs = num('bw', LIMITS.windowMs, false) ?? s.batching.windowMs;
  s.batching.maxBatch = num('bmax', LIMITS.maxBatch, true) ?? s.batching.maxBatch;
  s.autoscale.min = num('asmin', LIMITS.autoscaleLanes, true) ?? s.autoscale.min;
  s.autoscale.max = num('asmax', LIMITS.autoscaleLanes, true) ?? s.autoscale.max;
  s.autoscale.coldStartMs = num('ascold', LIMITS.coldStartMs, true) ?? s.autoscale.coldStartMs;
  s.autoscale.target = num('astgt', LIMITS.autoscaleTarget, false) ?? s.autoscale.target;
  s.prices.cpu = num('asprcpu', LIMITS.pricePerHour, false) ?? s.prices.cpu;
  s.prices.gpu = num('asprgpu', LIMITS.pricePerHour, false) ?? s.prices.gpu;
  const aspol = params.get('aspol');
  if (aspol !== null) {
    if (isAutoscalerName(aspol)) s.autoscale.policy = aspol;
    else problems.push(`${shown('aspol', aspol)}: not an autoscaler`);
  }
  const shape = params.get('shape');
  if (shape !== null) {
    if ((LOAD_SHAPES as readonly string[]).includes(shape)) s.loadShape = shape as LoadShape;
    else problems.push(`${shown('shape', shape)}: must be one of ${LOAD_SHAPES.join(', ')}`);
  }
  const as = params.get('as');
  if (as !== null) {
    if (as === '1' || as === '0') s.autoscale.enabled = as === '1';
    else problems.push(`${shown('as', as)}: must be 0 or 1`);
  }
  if (s.autoscale.max < Math.max(1, s.autoscale.min)) {
    problems.push(
      `asmin=${s.autoscale.min}, asmax=${s.autoscale.max}: max must be at least min and 1`,
    );
  }
  const batch = params.get('batch');
  if (batch !== null) {
    if (batch === '1' || batch === '0') s.batching.enabled = batch === '1';
    else problems.push(`${shown('batch', batch)}: must be 0 or 1`);
  }
  const sched = params.get('sched');
  if (sched !== null) {
    if (isSchedulerName(sched)) s.scheduler = sched;
    else problems.push(`${shown('sched', sched)}: not a scheduler`);
  }
  const mix = params.get('mix');
  if (mix !== null) {
    const parts = mix.split(',').map(decimal);
    if (
      (parts.length !== MODEL_IDS.length && parts.length !== CLASSIC_MODELS) ||
      parts.some((p) => !Number.isFinite(p) || p < 0 || p > 100)
    ) {
      problems.push(
        `${shown('mix', mix)}: must be ${CLASSIC_MODELS} or ${MODEL_IDS.length} weights (${MODEL_IDS.join(', ')}) from 0 to 100, comma-separated`,
      );
    } else if (parts.every((p) => p === 0)) {
      problems.push(`${shown('mix', mix)}: at least one model weight must be above 0`);
    } else {
      MODEL_IDS.forEach((m: ModelId, i) => (s.mix[m] = parts[i] ?? 0));
    }
  }
  if (s.gpuLanes + s.cpuLanes === 0)
    problems.push('gpu=0 and cpu=0: a run needs at least one lane');
  const lesson = decodeLesson(params, problems);
  if (problems.length > 0) return { ok: false, problems };
  return lesson ? { ok: true, settings: s, lesson } : { ok: true, settings: s };
}

/** `lesson` and `step`, checked like every other parameter (problems go to `problems`). */
function decodeLesson(params: URLSearchParams, problems: string[]): LessonLink | undefined {
  const id = params.get('lesson');
  const rawStep = params.get('step');
  if (id === null) {
    if (rawStep !== null) problems.push(`${shown('step', rawStep)}: a step needs a lesson`);
    return undefined;
  }
  if (!LESSON_ID.test(id)) {
    problems.push(`${shown('lesson', id)}: not a lesson id (lower case letters, digits and -)`);
    return undefined;
  }
  if (rawStep === null) return { id, step: 1 };
  const step = decimal(rawStep);
  if (!Number.isInteger(step) || step < 1 || step > MAX_LESSON_STEPS) {
    problems.push(
      `${shown('step', rawStep)}: must be a whole number from 1 to ${MAX_LESSON_STEPS}`,
    );
    return undefined;
  }
  return { id, step };
}

/** Mirror the settings into the address bar (replacing, so Back still leaves the app), followed by
 * `extra` parameters (compare mode's). */
export function writeUrl(s: Settings, extra?: URLSearchParams): void {
  const settings = encodeSettings(s);
  const current = new URLSearchParams(location.search);
  for (const key of OTHER_KEYS) {
    const v = current.get(key);
    if (v !== null) settings.set(key, v);
  }
  for (const [k, v] of extra ?? []) settings.append(k, v);
  const params = settings.toString();
  const url = `${location.pathname}${params === '' ? '' : `?${params}`}${location.hash}`;
  history.replaceState(null, '', url);
}
