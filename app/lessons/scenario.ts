// A lesson step's scenario as the app's settings: the patch over the defaults (a fresh run starts
// from the defaults, so a step's link reproduces it whatever the page showed before), `load` turned
// into an arrival rate, side B as A plus its patch, and the engine config each side runs. The page
// (lesson-actions.ts) and the claim tests (test-support.ts) both build runs through here.

import type { ConfigInput } from '../../src/engine/config.ts';
import {
  DEFAULT_SETTINGS,
  LIMITS,
  buildConfig,
  capacityPerS,
  type Settings,
} from '../config/settings.ts';
import type { LessonAction, LessonSetup, SettingsPatch } from './schema.ts';

/** `base` with the fields `patch` gives (zod's partial objects may hold explicit undefineds). */
function merge<T extends object>(
  base: T,
  patch: { [K in keyof T]?: T[K] | undefined } | undefined,
): T {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch ?? {})) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Settings with `patch` applied; `load` sets the rate against these settings' capacity. */
export function applyPatch(base: Settings, patch: SettingsPatch): Settings {
  const { load, mix, batching, autoscale, ...flat } = patch;
  const s: Settings = {
    ...merge(base, flat),
    mix: merge(base.mix, mix),
    batching: merge(base.batching, batching),
    autoscale: merge(base.autoscale, autoscale),
  };
  if (load !== undefined) s.rate = rateForLoad(s, load);
  return s;
}

/** The arrival rate (jobs/s) that loads the primary lanes of `s` to `load` (0.9 = 90 %), rounded
 * to a whole job per second as the slider shows it, within the slider's range. */
export function rateForLoad(s: Settings, load: number): number {
  const rate = Math.round(load * capacityPerS(s));
  return Math.min(LIMITS.rate.max, Math.max(LIMITS.rate.min, rate));
}

/** The load a rate puts on the primary lanes of `s`. */
export function loadOf(s: Settings, rate = s.rate): number {
  const cap = capacityPerS(s);
  return cap > 0 ? rate / cap : Infinity;
}

/** A step's run: A's and (compare mode) B's settings and the base config carrying what the
 * settings cannot (admission control). */
export interface Scenario {
  a: Settings;
  b?: Settings;
  base?: ConfigInput;
}

export function scenarioOf(setup: LessonSetup): Scenario {
  const a = applyPatch(DEFAULT_SETTINGS, setup.settings);
  const b = setup.compare ? applyPatch(a, setup.compare.b) : undefined;
  const base =
    setup.admission || setup.service
      ? {
          ...buildConfig(a),
          ...(setup.admission ? { admission: { ...setup.admission } } : {}),
          ...(setup.service ? { service: setup.service } : {}),
        }
      : undefined;
  return { a, ...(b ? { b } : {}), ...(base ? { base } : {}) };
}

/** The engine configs of a scenario, as the page's resetRun builds them. */
export function configsOf(sc: Scenario): { a: ConfigInput; b?: ConfigInput } {
  const a = buildConfig(sc.a, sc.base);
  return sc.b ? { a, b: buildConfig(sc.b, sc.base) } : { a };
}

/** The arrival rate an action sets, when it sets one (demo value, or `value` as a load). */
export function actionRate(action: LessonAction, s: Settings, load?: number): number | undefined {
  if (action.kind !== 'load_above' && action.kind !== 'load_below') return undefined;
  return rateForLoad(s, load ?? action.demo);
}

/** Whether the settings now satisfy a settings action (load or scheduler). Lane failures are
 * read from frames instead (measures.ts `actionDone`), LLM actions from the LLM settings
 * (llm-scenario.ts). */
export function settingsActionDone(action: LessonAction, a: Settings, b?: Settings): boolean {
  switch (action.kind) {
    case 'load_above':
      return loadOf(a) > action.above && (action.below === undefined || loadOf(a) < action.below);
    case 'load_below':
      return loadOf(a) < action.below;
    case 'scheduler':
      return (action.side === 'b' ? b : a)?.scheduler === action.name;
    default:
      return false;
  }
}
