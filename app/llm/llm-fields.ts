// Every LLM setting a person can type or a link can carry: its label (the control's and the
// messages'), bounds and link parameter, with one checker for both, so that a bad value gets the
// same clear message wherever it comes from ("Prompt length, mean: must be a whole number from 1
// to 32,768 tokens (got "abc")") and is never applied. Pure: the controls, the link reader and the
// tests use it.

import { ROUTER_NAMES } from '../../src/engine/llm/config-sections.ts';
import { clip } from '../../src/engine/echo.ts';
import { LLM_SCHEDULER_NAMES, isLlmSchedulerName } from '../../src/engine/schedulers/registry.ts';
import type { LlmPresetId, LlmSettings } from './llm-defaults.ts';

export interface NumberField {
  key: keyof LlmSettings;
  /** Its link parameter (after `l.`). */
  param: string;
  label: string;
  min: number;
  max: number;
  integer: boolean;
  unit?: string;
}

/** The numeric settings, in the order a link lists them. */
export const NUMBER_FIELDS: readonly NumberField[] = [
  {
    key: 'rate',
    param: 'rate',
    label: 'Arrival rate',
    min: 0.1,
    max: 200,
    integer: false,
    unit: 'req/s',
  },
  {
    key: 'promptMean',
    param: 'pm',
    label: 'Prompt length, mean',
    min: 1,
    max: 32768,
    integer: true,
    unit: 'tokens',
  },
  { key: 'promptCv', param: 'pcv', label: 'Prompt length, CV', min: 0, max: 10, integer: false },
  {
    key: 'outputMean',
    param: 'om',
    label: 'Output length, mean',
    min: 1,
    max: 32768,
    integer: true,
    unit: 'tokens',
  },
  { key: 'outputCv', param: 'ocv', label: 'Output length, CV', min: 0, max: 10, integer: false },
  { key: 'prefixShare', param: 'ps', label: 'Prefix share', min: 0, max: 1, integer: false },
  {
    key: 'prefixTokens',
    param: 'pt',
    label: 'Prefix length',
    min: 1,
    max: 16384,
    integer: true,
    unit: 'tokens',
  },
  {
    key: 'blocks',
    param: 'blocks',
    label: 'KV blocks per replica',
    min: 64,
    max: 8192,
    integer: true,
  },
  {
    key: 'blockTokens',
    param: 'bt',
    label: 'Block size',
    min: 1,
    max: 1024,
    integer: true,
    unit: 'tokens',
  },
  { key: 'maxNumSeqs', param: 'seqs', label: 'max_num_seqs', min: 1, max: 512, integer: true },
  {
    key: 'tokenBudget',
    param: 'budget',
    label: 'Token budget per step',
    min: 256,
    max: 32768,
    integer: true,
    unit: 'tokens',
  },
  { key: 'lanes', param: 'lanes', label: 'Replicas', min: 1, max: 4, integer: true },
  {
    key: 'ttftSloMs',
    param: 'ttft',
    label: 'TTFT SLO',
    min: 1,
    max: 600000,
    integer: false,
    unit: 'ms',
  },
  {
    key: 'tpotSloMs',
    param: 'tpot',
    label: 'TPOT SLO',
    min: 1,
    max: 60000,
    integer: false,
    unit: 'ms',
  },
  { key: 'seed', param: 'seed', label: 'Seed', min: 0, max: 2 ** 32 - 1, integer: true },
  { key: 'speed', param: 'speed', label: 'Speed', min: 0.1, max: 50, integer: false },
];

export function numberField(key: keyof LlmSettings): NumberField {
  return NUMBER_FIELDS.find((f) => f.key === key)!;
}

/** A plain decimal number as typed or linked (no hex, blanks, Infinity); else NaN. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `raw` as the field's value, or a message naming the field and what it takes. */
export function checkNumber(
  f: NumberField,
  raw: string,
): { ok: true; value: number } | { ok: false; problem: string } {
  const text = raw.trim();
  const v = DECIMAL.test(text) ? Number(text) : NaN;
  const range = `${f.min.toLocaleString('en')} to ${f.max.toLocaleString('en')}${f.unit ? ` ${f.unit}` : ''}`;
  const what = f.integer ? 'a whole number' : 'a number';
  if (Number.isNaN(v) || v < f.min || v > f.max || (f.integer && !Number.isInteger(v)))
    return { ok: false, problem: `${f.label}: must be ${what} from ${range} (got "${clip(raw)}")` };
  return { ok: true, value: v };
}

export const PRESET_IDS: readonly LlmPresetId[] = [
  'chat',
  'long_prompt',
  'azure_conv',
  'azure_code',
  'system_prompt',
];

/** The choice settings: parameter, label, and the values it takes. */
const CHOICES = {
  scheduler: { param: 'sched', label: 'Scheduler' },
  preemption: { param: 'pre', label: 'Preemption mode' },
  router: { param: 'router', label: 'Router' },
} as const;

const isPreemption = (v: string): v is LlmSettings['preemption'] =>
  v === 'recompute' || v === 'swap';
const isRouter = (v: string): v is LlmSettings['router'] =>
  (ROUTER_NAMES as readonly string[]).includes(v);

/** An LLM run as link parameters: `mode=llm`, the preset, then what differs from the preset. */
export function encodeLlmLink(s: LlmSettings, preset: LlmSettings): URLSearchParams {
  const out = new URLSearchParams({ mode: 'llm', 'l.preset': s.preset });
  for (const f of NUMBER_FIELDS)
    if (s[f.key] !== preset[f.key]) out.set(`l.${f.param}`, String(s[f.key]));
  for (const [key, c] of Object.entries(CHOICES) as [
    keyof typeof CHOICES,
    (typeof CHOICES)[keyof typeof CHOICES],
  ][])
    if (s[key] !== preset[key]) out.set(`l.${c.param}`, s[key]);
  return out;
}

export type LlmLinkResult = { ok: true; settings: LlmSettings } | { ok: false; problems: string[] };

/**
 * Read an LLM run's link over `presetSettings(preset)`: every `l.*` parameter checked, each problem
 * named; any problem and nothing is applied. Undefined when the link is not an LLM run's.
 */
export function decodeLlmLink(
  params: URLSearchParams,
  presetSettings: (id: LlmPresetId) => LlmSettings,
): LlmLinkResult | undefined {
  const keys = [...params.keys()].filter((k) => k === 'mode' || k.startsWith('l.'));
  if (keys.length === 0) return undefined;
  const problems: string[] = [];
  const mode = params.getAll('mode');
  if (mode.length !== 1 || mode[0] !== 'llm')
    problems.push(
      mode.length === 0
        ? 'LLM settings (l.*) need mode=llm'
        : `mode=${clip(mode.join(','))}: must be llm, given once`,
    );
  const seen = new Set<string>();
  for (const k of keys) {
    if (k === 'mode') continue;
    if (seen.has(k))
      problems.push(`"${clip(k, 40)}" is given more than once: give each setting once`);
    seen.add(k);
  }
  const known = new Set([
    'l.preset',
    ...NUMBER_FIELDS.map((f) => `l.${f.param}`),
    ...Object.values(CHOICES).map((c) => `l.${c.param}`),
  ]);
  for (const k of seen) if (!known.has(k)) problems.push(`"${clip(k, 40)}" is not an LLM setting`);
  const presetRaw = params.get('l.preset') ?? 'chat';
  const preset = PRESET_IDS.find((p) => p === presetRaw);
  if (preset === undefined)
    problems.push(`l.preset=${clip(presetRaw)}: not a preset (${PRESET_IDS.join(', ')})`);
  const s: LlmSettings = { ...presetSettings(preset ?? 'chat') };
  const set = s as unknown as Record<string, number | string>;
  for (const f of NUMBER_FIELDS) {
    const raw = params.get(`l.${f.param}`);
    if (raw === null) continue;
    const r = checkNumber(f, raw);
    if (r.ok) set[f.key] = r.value;
    else problems.push(`l.${f.param}: ${r.problem}`);
  }
  const choice = (
    param: string,
    label: string,
    valid: (v: string) => boolean,
    apply: (v: string) => void,
    names: readonly string[],
  ): void => {
    const raw = params.get(`l.${param}`);
    if (raw === null) return;
    if (valid(raw)) apply(raw);
    else problems.push(`l.${param}=${clip(raw)}: ${label} must be one of ${names.join(', ')}`);
  };
  choice(
    CHOICES.scheduler.param,
    CHOICES.scheduler.label,
    isLlmSchedulerName,
    (v) => (s.scheduler = v as LlmSettings['scheduler']),
    LLM_SCHEDULER_NAMES,
  );
  choice(
    CHOICES.preemption.param,
    CHOICES.preemption.label,
    isPreemption,
    (v) => (s.preemption = v as LlmSettings['preemption']),
    ['recompute', 'swap'],
  );
  choice(
    CHOICES.router.param,
    CHOICES.router.label,
    isRouter,
    (v) => (s.router = v as LlmSettings['router']),
    ROUTER_NAMES,
  );
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: s };
}
