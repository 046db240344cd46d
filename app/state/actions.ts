// Actions: plain module functions that change the app store and tell the worker. Controls that the
// engine can take live (rate, interactive ratio, scheduler, speed) apply to the running engine;
// the rest (lanes, seed, mix, batching, memory) start a fresh run with the new config.

import type { ConfigInput, SchedulerName } from '../../src/engine/config.ts';
import type { EngineMode, RunOptions } from '../../src/workers/protocol.ts';
import { liveOptions } from '../../src/workers/lanes/live-preset.ts';
import { buildConfig, type Settings } from '../config/settings.ts';
import { clampLive, enterLive, liveRunConfig, stashOf } from '../config/live-settings.ts';
import { simCheckStore } from './sim-check-store.ts';
import { engineClient } from '../engine-client.ts';
import { writeUrl } from '../config/url-state.ts';
import { appStore, type Notice } from './app-store.ts';
import { frameStore } from './frame-store.ts';
import { policyStore } from '../policy/policy-store.ts';

function patchSettings(patch: Partial<Settings>): Settings {
  const settings = { ...appStore.getState().settings, ...patch };
  appStore.setState({ settings });
  writeUrl(settings);
  return settings;
}

/** Start a fresh run of the current settings (and base config). Live mode runs exactly the
 * settings too (live-settings.ts keeps them within what live lanes can do). */
export async function resetRun(): Promise<boolean> {
  const { settings, base, playing, mode, liveThreads } = appStore.getState();
  // A user policy that runs keeps running in the fresh run, from time zero.
  const source = policyStore.getState().running?.source;
  const policy = source !== undefined ? { policy: source } : {};
  // A check of the simulation belongs to the run it checked.
  simCheckStore.setState({ result: undefined, problem: undefined });
  if (mode === 'live') {
    return startRun(liveRunConfig(settings, base), {
      playing,
      mode,
      speed: 1,
      live: liveOptions(liveThreads),
      ...policy,
    });
  }
  return startRun(buildConfig(settings, base), { playing, mode, speed: settings.speed, ...policy });
}

async function startRun(config: ConfigInput, options: RunOptions): Promise<boolean> {
  try {
    const { api } = await engineClient();
    const result = await api.reset(config, options);
    if (!result.ok) {
      showNotice({
        kind: 'error',
        title: 'The engine refused this configuration',
        details: result.problems,
      });
      return false;
    }
    appStore.setState({ fatal: undefined });
    return true;
  } catch (e) {
    appStore.setState({ fatal: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

export async function play(): Promise<void> {
  appStore.setState({ playing: true });
  (await engineClient()).api.play();
}

export async function pause(): Promise<void> {
  appStore.setState({ playing: false });
  (await engineClient()).api.pause();
}

export function togglePlay(): Promise<void> {
  return appStore.getState().playing ? pause() : play();
}

export async function step(): Promise<void> {
  appStore.setState({ playing: false });
  (await engineClient()).api.step();
}

export async function setRate(rate: number): Promise<void> {
  const live = appStore.getState().mode === 'live';
  const { settings, notes } = live
    ? clampLive({ ...appStore.getState().settings, rate })
    : { settings: { ...appStore.getState().settings, rate }, notes: [] };
  if (notes.length > 0) showLiveNotes(notes);
  patchSettings({ rate: settings.rate });
  (await engineClient()).api.setRate(settings.rate);
}

export async function setInteractiveRatio(ratio: number): Promise<void> {
  patchSettings({ interactiveRatio: ratio });
  (await engineClient()).api.setInteractiveRatio(ratio);
}

export async function setScheduler(name: SchedulerName): Promise<void> {
  patchSettings({ scheduler: name });
  // A built-in takes over from a user policy.
  policyStore.setState({ running: undefined });
  (await engineClient()).api.setScheduler(name);
}

export async function setSpeed(speed: number): Promise<void> {
  patchSettings({ speed });
  (await engineClient()).api.setSpeed(speed);
}

export async function failLane(lane: number, down: boolean): Promise<void> {
  const { api } = await engineClient();
  if (down) api.failLane(lane);
  else api.recoverLane(lane);
}

/**
 * Switch between simulation and live mode. Entering live mode starts from a light rate and mix on
 * the lanes set (within live limits) and says so; leaving it gives the simulation back the rate,
 * mix and lanes it had.
 */
export async function setMode(mode: EngineMode): Promise<boolean> {
  const state = appStore.getState();
  if (mode === state.mode) return resetRun();
  if (mode === 'live') {
    const { settings, notes } = enterLive(state.settings);
    appStore.setState({ mode, simStash: stashOf(state.settings) });
    patchSettings(settings);
    showLiveNotes(notes);
  } else {
    const stash = state.simStash;
    appStore.setState({ mode, simStash: undefined });
    if (stash) patchSettings(stash);
    if (state.notice?.title === LIVE_NOTICE) dismissNotice();
  }
  return resetRun();
}

const LIVE_NOTICE = 'Live mode runs what the controls show';

function showLiveNotes(notes: string[]): void {
  showNotice({ kind: 'info', title: LIVE_NOTICE, details: notes });
}

/**
 * Live mode: pause the run and check the simulation against it (the engine worker calibrates the
 * live lanes, replays the same arrivals in the simulator and compares). The result lands in the
 * sim-check store; resolves with it.
 */
export async function checkSimulation(): Promise<void> {
  simCheckStore.setState({ running: true, problem: undefined });
  appStore.setState({ playing: false });
  try {
    const response = await (await engineClient()).api.checkSimulation();
    if (response.ok) simCheckStore.setState({ result: response, problem: undefined });
    else simCheckStore.setState({ problem: response.problem });
  } catch (e) {
    simCheckStore.setState({ problem: e instanceof Error ? e.message : String(e) });
  } finally {
    simCheckStore.setState({ running: false });
  }
}

/** WASM threads per CPU lane in live mode; while live, the lanes restart with the new count. */
export async function setLiveThreads(threads: number): Promise<void> {
  appStore.setState({ liveThreads: threads });
  if (appStore.getState().mode === 'live') await resetRun();
}

/** Settings that need a fresh run: apply them (within live limits in live mode) and restart. */
export async function applyAndReset(patch: Partial<Settings>): Promise<boolean> {
  const state = appStore.getState();
  if (state.mode === 'live') {
    const { settings, notes } = clampLive({ ...state.settings, ...patch });
    if (notes.length > 0) showLiveNotes(notes);
    patchSettings(settings);
  } else {
    patchSettings(patch);
  }
  return resetRun();
}

/**
 * Replace every setting (a preset, an imported config) and restart. When the engine refuses the
 * result, the settings and the base go back to what they were: the current run goes on unchanged.
 */
export async function loadSettings(
  settings: Settings,
  base?: { config: ConfigInput; name: string } | null,
): Promise<boolean> {
  const before = appStore.getState();
  const previous = { settings: before.settings, base: before.base, baseName: before.baseName };
  if (base !== undefined) {
    appStore.setState({ base: base?.config, baseName: base?.name });
  }
  const live = appStore.getState().mode === 'live' ? clampLive(settings) : undefined;
  if (live && live.notes.length > 0) showLiveNotes(live.notes);
  appStore.setState({ settings: live?.settings ?? settings });
  const ok = await resetRun();
  appStore.setState(ok ? {} : previous);
  writeUrl(appStore.getState().settings);
  return ok;
}

export function showNotice(notice: Notice): void {
  appStore.setState({ notice });
}

export function dismissNotice(): void {
  appStore.setState({ notice: undefined });
}

/** Tell the person, once per run, when a run stops early at a resource limit (the engine's words). */
export function noticeStoppedRuns(): () => void {
  let shown = -1;
  return frameStore.subscribe(({ frame }) => {
    if (frame?.stopped === undefined || frame.runId === shown) return;
    shown = frame.runId;
    showNotice({ kind: 'error', title: 'The run stopped early', details: [frame.stopped] });
  });
}
