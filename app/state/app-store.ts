// Low-rate app state that React renders: the settings the controls edit, whether the run plays, the
// imported base config, and the message shown to the person (import errors, URL fallbacks). Slices
// are plain objects; actions are module functions in actions.ts that update this store and call
// the worker.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ConfigInput } from '../../src/engine/config.ts';
import type { EngineMode } from '../../src/workers/protocol.ts';
import { DEFAULT_SETTINGS, type Settings } from '../config/settings.ts';
import { COMPARE_OFF, type CompareSettings, type EditTarget } from '../config/compare-settings.ts';
import { defaultLiveThreads } from '../config/live-preset.ts';
import type { LiveStash } from '../config/live-settings.ts';

export interface Notice {
  kind: 'error' | 'info';
  /** Short headline. */
  title: string;
  /** Details, one a line (e.g. each bad field or line of a file). */
  details: string[];
  /** A button beside Dismiss (e.g. Reload after an update). */
  action?: { label: string; run: () => void };
}

export interface AppState {
  /** What the controls show and the URL carries (side A's in compare mode). */
  settings: Settings;
  /** Compare mode: on or off, and what side B does differently (the URL carries it too). */
  compare: CompareSettings;
  /** Compare mode: which side the setting controls edit. */
  editSide: EditTarget;
  /** An imported config the settings are layered on (service model, SLOs, a replayed trace). */
  base: ConfigInput | undefined;
  /** Name of the imported file behind `base`, for the status bar. */
  baseName: string | undefined;
  playing: boolean;
  /** The mode asked for; frames say which mode is in effect. */
  mode: EngineMode;
  /** Live mode: WASM threads per CPU-class lane, as asked (lanes use 1 without cross-origin
   * isolation). Applies when live mode starts; changing it while live restarts the lanes. */
  liveThreads: number;
  /** Live mode: the simulation's rate, mix and lanes from before live mode, given back on leaving
   * it (undefined outside live mode). */
  simStash: LiveStash | undefined;
  /** The worker is up and the first frame of the current run arrived. */
  ready: boolean;
  notice: Notice | undefined;
  /** A file import in progress (parsed in the import worker): its name and the share parsed. */
  importing: { name: string; fraction: number } | undefined;
  /** Set when the worker failed to start or refused the config. */
  fatal: string | undefined;
}

export const appStore = createStore<AppState>(() => ({
  settings: DEFAULT_SETTINGS,
  compare: COMPARE_OFF,
  editSide: 'both',
  base: undefined,
  baseName: undefined,
  playing: true,
  mode: 'simulated',
  liveThreads: defaultLiveThreads(),
  simStash: undefined,
  ready: false,
  notice: undefined,
  importing: undefined,
  fatal: undefined,
}));

export function useApp<T>(select: (s: AppState) => T): T {
  return useStore(appStore, select);
}
