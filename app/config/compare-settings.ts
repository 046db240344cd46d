// Compare mode's settings: side A is the app's settings; side B is the same settings with a few
// overridden. By default only the scheduler differs, but any setting but the shared clock's speed
// may. Editing "both sides" changes A and drops B's override of that setting; editing one side makes
// that setting differ (B keeps A's old value when A alone changes); an override equal to A's value
// is dropped, so the overrides always list exactly what differs. Pure functions, no store.
//
// In the URL, `cmp=1` turns compare mode on and `b.<param>` carries each of B's differences in the
// same form as A's own parameter (`b.sched=priority_slo`, `b.gpu=2`), so a link reproduces the
// comparison.

import { MODEL_IDS, MODEL_LABELS, type Settings } from './settings.ts';
import { clip } from '../../src/engine/echo.ts';
import {
  decodeSettings,
  encodeAll,
  encodeSettings,
  groupParams,
  isSettingParam,
  repeatedProblem,
  shown,
} from './url-state.ts';
import type { SchedulerName } from '../../src/engine/schedulers/registry.ts';

export type SideName = 'a' | 'b';

/** Settings B may override: all but the speed, which the shared clock owns, and the prices, which
 * are the market's (both sides pay the same for a replica-hour). */
export type SettingKey = Exclude<keyof Settings, 'speed' | 'prices'>;
export type SideOverrides = Partial<Pick<Settings, SettingKey>>;

export interface CompareSettings {
  enabled: boolean;
  /** B's settings that differ from A's (never one equal to A's). */
  b: SideOverrides;
}

/** Which side the setting controls edit in compare mode. */
export type EditTarget = 'both' | SideName;

export const COMPARE_OFF: CompareSettings = { enabled: false, b: {} };

/** Settings keys in the order the difference chip lists them. */
export const SETTING_KEYS: readonly SettingKey[] = [
  'scheduler',
  'rate',
  'loadShape',
  'interactiveRatio',
  'mix',
  'gpuLanes',
  'cpuLanes',
  'backupLanes',
  'autoscale',
  'batching',
  'memoryMiB',
  'seed',
];

export const SETTING_LABELS: Record<SettingKey, string> = {
  scheduler: 'scheduler',
  rate: 'arrival rate',
  loadShape: 'load shape',
  interactiveRatio: 'interactive ratio',
  mix: 'model mix',
  gpuLanes: 'GPU lanes',
  cpuLanes: 'CPU lanes',
  backupLanes: 'backup GPU lanes',
  autoscale: 'autoscaling',
  batching: 'batching',
  memoryMiB: 'memory per lane',
  seed: 'seed',
};

const same = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);

/** The settings of one side. */
export function sideSettings(a: Settings, c: CompareSettings, side: SideName): Settings {
  return side === 'a' || !c.enabled ? a : { ...a, ...structuredClone(c.b) };
}

/** B's overrides without those equal to A's values. */
export function normalizeOverrides(a: Settings, b: SideOverrides): SideOverrides {
  const out: SideOverrides = {};
  for (const key of SETTING_KEYS) {
    if (key in b && !same(b[key], a[key])) Object.assign(out, { [key]: b[key] });
  }
  return out;
}

/**
 * Apply `patch` to `target`: both sides (A takes it, B's overrides of those settings go), A only
 * (B keeps A's old value), or B only. Outside compare mode every edit is A's.
 */
export function editSettings(
  a: Settings,
  c: CompareSettings,
  patch: Partial<Settings>,
  target: EditTarget,
): { settings: Settings; compare: CompareSettings } {
  if (!c.enabled || target === 'both') {
    const b: SideOverrides = { ...c.b };
    for (const key of Object.keys(patch)) delete b[key as SettingKey];
    const settings = { ...a, ...patch };
    return { settings, compare: { ...c, b: normalizeOverrides(settings, b) } };
  }
  const { speed, ...sidePatch } = patch;
  if (target === 'b') {
    const settings = speed !== undefined ? { ...a, speed } : a;
    return {
      settings,
      compare: { ...c, b: normalizeOverrides(settings, { ...c.b, ...sidePatch }) },
    };
  }
  const b: SideOverrides = { ...c.b };
  for (const key of Object.keys(sidePatch) as SettingKey[]) {
    if (!(key in b)) Object.assign(b, { [key]: a[key] });
  }
  const settings = { ...a, ...patch };
  return { settings, compare: { ...c, b: normalizeOverrides(settings, b) } };
}

/** The scheduler B starts with when compare mode is turned on: one that differs from A's. */
export function contrastingScheduler(a: SchedulerName): SchedulerName {
  return a === 'priority_slo' ? 'fifo' : 'priority_slo';
}

/** How a setting reads in the difference chip: "fifo", "2", "1:1:1", "on, 5 ms, max 8". */
export function describeSetting(s: Settings, key: SettingKey): string {
  switch (key) {
    case 'mix':
      return MODEL_IDS.map((m) => `${MODEL_LABELS[m]} ${s.mix[m]}`).join(', ');
    case 'batching':
      return s.batching.enabled
        ? `on, ${s.batching.windowMs} ms, max ${s.batching.maxBatch}`
        : 'off';
    case 'autoscale':
      return s.autoscale.enabled
        ? `${s.autoscale.policy}, ${s.autoscale.min}-${s.autoscale.max} CPU lanes, cold start ${s.autoscale.coldStartMs} ms`
        : 'off';
    case 'loadShape':
      return s.loadShape === 'daily'
        ? 'daily cycle'
        : s.loadShape === 'twitter'
          ? 'Twitter-like day'
          : 'steady';
    case 'interactiveRatio':
      return `${Math.round(s.interactiveRatio * 100)} %`;
    case 'rate':
      return `${s.rate} jobs/s`;
    case 'memoryMiB':
      return `${s.memoryMiB} MiB`;
    default:
      return String(s[key]);
  }
}

/** What differs between the sides, in the chip's order. */
export function differences(
  a: Settings,
  c: CompareSettings,
): { key: SettingKey; label: string; a: string; b: string }[] {
  if (!c.enabled) return [];
  const b = sideSettings(a, c, 'b');
  return SETTING_KEYS.filter((k) => k in c.b).map((key) => ({
    key,
    label: SETTING_LABELS[key],
    a: describeSetting(a, key),
    b: describeSetting(b, key),
  }));
}

// ---- URL --------------------------------------------------------------------------------------

const PREFIX = 'b.';

/** Query keys compare mode owns (url-state leaves them to this module). */
export function isCompareKey(key: string): boolean {
  return key === 'cmp' || key.startsWith(PREFIX);
}

/** `cmp=1` and B's differing parameters, or nothing outside compare mode. */
export function encodeCompare(a: Settings, c: CompareSettings): URLSearchParams {
  const out = new URLSearchParams();
  if (!c.enabled) return out;
  out.set('cmp', '1');
  const pa = encodeAll(a);
  const pb = encodeAll(sideSettings(a, c, 'b'));
  for (const [k, v] of Object.entries(pb)) if (pa[k] !== v) out.set(PREFIX + k, v);
  return out;
}

export type CompareDecode =
  { ok: true; compare: CompareSettings } | { ok: false; problems: string[] };

/**
 * Read `cmp` and `b.*` over A's decoded settings, as strictly as A's own parameters (url-state.ts):
 * a repeated or unknown parameter, or a bad value, is a problem, and every problem is named with
 * its `b.` prefix, its value cut to ECHO_CHARS.
 */
export function decodeCompare(params: URLSearchParams, a: Settings): CompareDecode {
  const problems: string[] = [];
  const grouped = groupParams(params);
  const cmpValues = grouped.get('cmp') ?? [];
  if (cmpValues.length > 1) problems.push(repeatedProblem('cmp', cmpValues));
  const cmp = cmpValues.length === 1 ? cmpValues[0]! : null;
  if (cmp !== null && cmp !== '1' && cmp !== '0')
    problems.push(`${shown('cmp', cmp)}: must be 0 or 1`);
  const enabled = cmp === '1';
  // B's own parameters, each given once, by A's name.
  const bParams = new URLSearchParams();
  const bKeys = [...grouped.keys()].filter((k) => k.startsWith(PREFIX));
  if (!enabled && bKeys.length > 0) {
    const listed = bKeys.slice(0, 3).map((k) => clip(k, 40));
    problems.push(
      `${listed.join(', ')}${bKeys.length > 3 ? ', …' : ''}: side B's settings need cmp=1`,
    );
  } else {
    for (const key of bKeys) {
      const name = key.slice(PREFIX.length);
      const values = grouped.get(key)!;
      if (name === 'speed') problems.push('b.speed: the speed is shared by both sides');
      else if (name === 'asprcpu' || name === 'asprgpu')
        problems.push(`${clip(key, 40)}: prices are shared by both sides`);
      else if (!isSettingParam(name))
        problems.push(`"${clip(key, 40)}" is not a setting of side B`);
      else if (values.length > 1) problems.push(repeatedProblem(key, values));
      else bParams.set(name, values[0]!);
    }
  }
  if (!enabled)
    return problems.length > 0 ? { ok: false, problems } : { ok: true, compare: COMPARE_OFF };
  // B's parameters over A's, decoded (and checked) exactly as A's are.
  const merged = encodeSettings(a);
  for (const [name, value] of bParams) merged.set(name, value);
  const decoded = decodeSettings(merged);
  if (!decoded.ok) {
    // Value problems begin with `name=`; name them B's. Others (no lane at all) are B's too.
    for (const p of decoded.problems) {
      const eq = p.indexOf('=');
      problems.push(eq > 0 && bParams.has(p.slice(0, eq)) ? `${PREFIX}${p}` : `side B: ${p}`);
    }
  }
  if (problems.length > 0 || !decoded.ok) return { ok: false, problems };
  const b: SideOverrides = {};
  for (const key of SETTING_KEYS) Object.assign(b, { [key]: decoded.settings[key] });
  return { ok: true, compare: { enabled: true, b: normalizeOverrides(a, b) } };
}
