// Actions: plain module functions that change the app store and tell the worker. Controls that the
// engine can take live (rate, interactive ratio, scheduler, speed) apply to the running engine;
// the rest (lanes, seed, mix, batching, memory) start a fresh run with the new config.

import type { ConfigInput, SchedulerName } from '../../src/engine/config.ts';
import type { EngineMode, RunOptions } from '../../src/workers/protocol.ts';
import { liveConfig, liveOptions } from '../../src/workers/lanes/live-preset.ts';
import { buildConfig, type Settings } from '../config/settings.ts';
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

/** Start a fresh run of the current settings (and base config). Live mode runs the live preset
 * (light models at a modest rate on one WebGPU and one WASM lane) over the same settings. */
export async function resetRun(): Promise<boolean> {
  const { settings, base, playing, mode, liveThreads } = appStore.getState();
  const config = buildConfig(settings, base);
  // A user policy that runs keeps running in the fresh run, from time zero.
  const source = policyStore.getState().running?.source;
  const policy = source !== undefined ? { policy: source } : {};
  if (mode === 'live') {
    // Live lanes are real workers started up front: autoscaling is for simulated runs.
    const live = { ...config };
    delete live.autoscale;
    return startRun(liveConfig(live), {
      playing,
      mode,
      speed: 1,
      live: liveOptions(liveThreads),
      ...policy,
    });
  }
  return startRun(config, { playing, mode, speed: settings.speed, ...policy });
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
  patchSettings({ rate });
  (await engineClient()).api.setRate(rate);
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

export async function setMode(mode: EngineMode): Promise<void> {
  appStore.setState({ mode });
  await resetRun();
}

/** WASM threads per CPU lane in live mode; while live, the lanes restart with the new count. */
export async function setLiveThreads(threads: number): Promise<void> {
  appStore.setState({ liveThreads: threads });
  if (appStore.getState().mode === 'live') await resetRun();
}

/** Settings that need a fresh run: apply them and restart. */
export async function applyAndReset(patch: Partial<Settings>): Promise<boolean> {
  patchSettings(patch);
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
  appStore.setState({ settings });
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
