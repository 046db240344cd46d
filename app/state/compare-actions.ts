// Entering, shaping and leaving compare mode: the action API the controls use, and the one lessons
// drive from their data (`startComparison` sets both sides in one step). Side A is the app's
// settings; side B is A plus its differences (compare-settings.ts). Any change to what B does
// differently restarts both sides on the same arrivals, except the scheduler, rate and interactive
// ratio, which switch live on the side they belong to.

import type { Settings } from '../config/settings.ts';
import {
  contrastingScheduler,
  normalizeOverrides,
  sideSettings,
  type EditTarget,
  type SettingKey,
  type SideName,
  type SideOverrides,
} from '../config/compare-settings.ts';
import { appStore } from './app-store.ts';
import { commitSettings, resetRun, setInteractiveRatio, setRate, setScheduler } from './actions.ts';
import type { SchedulerName } from '../../src/engine/schedulers/registry.ts';

/** A comparison, as lessons describe one: A's settings (over the current ones) and what B does
 * differently (by default a scheduler other than A's). */
export interface ComparisonSpec {
  a?: Partial<Settings>;
  b?: SideOverrides;
  /** Which side the setting controls then edit (default: both). */
  editSide?: EditTarget;
  /** Start playing (default: as now). */
  playing?: boolean;
}

/** Enter compare mode with `spec` (or change the comparison while in it) and start both sides
 * afresh, in simulation. Resolves false when the engine refused a side's config. */
export function startComparison(spec: ComparisonSpec = {}): Promise<boolean> {
  const state = appStore.getState();
  const settings = { ...state.settings, ...spec.a };
  const b = spec.b ?? { scheduler: contrastingScheduler(settings.scheduler) };
  appStore.setState({
    mode: 'simulated',
    editSide: spec.editSide ?? 'both',
    ...(spec.playing !== undefined ? { playing: spec.playing } : {}),
  });
  commitSettings(settings, { enabled: true, b: normalizeOverrides(settings, b) });
  return resetRun();
}

/** Leave compare mode: side A goes on alone (a fresh run). */
export function stopComparison(): Promise<boolean> {
  const { settings, compare } = appStore.getState();
  appStore.setState({ editSide: 'both' });
  commitSettings(settings, { ...compare, enabled: false });
  return resetRun();
}

/** The compare checkbox: on keeps B's last differences when there were any. */
export function setCompare(enabled: boolean): Promise<boolean> {
  if (!enabled) return stopComparison();
  const { settings, compare } = appStore.getState();
  const b = normalizeOverrides(settings, compare.b);
  return startComparison(Object.keys(b).length > 0 ? { b } : {});
}

/** Which side the setting controls edit. */
export function setEditSide(editSide: EditTarget): void {
  appStore.setState({ editSide });
}

/** Switch one side's scheduler live; the other side goes on untouched. */
export function setSideScheduler(side: SideName, name: SchedulerName): Promise<void> {
  return setScheduler(name, side);
}

/** Settings keys the engine takes live (the others need a fresh run). */
const LIVE_KEYS: readonly SettingKey[] = ['scheduler', 'rate', 'interactiveRatio'];

/** Make B like A in one setting (the difference chip's ×). */
export async function clearDifference(key: SettingKey): Promise<void> {
  const { settings, compare } = appStore.getState();
  if (!(key in compare.b)) return;
  if (LIVE_KEYS.includes(key)) {
    if (key === 'scheduler') await setScheduler(settings.scheduler, 'b');
    else if (key === 'rate') await setRate(settings.rate, 'b');
    else await setInteractiveRatio(settings.interactiveRatio, 'b');
    return;
  }
  const b = { ...compare.b };
  delete b[key];
  commitSettings(settings, { ...compare, b });
  await resetRun();
}

/** One side's settings now (A's, or A's with B's differences). */
export function settingsOf(side: SideName): Settings {
  const { settings, compare } = appStore.getState();
  return sideSettings(settings, compare, side);
}
