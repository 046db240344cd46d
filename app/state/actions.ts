// Actions: plain module functions that change the app store and tell the worker. Controls that the
// engine can take live (rate, interactive ratio, scheduler, speed) apply to the running engine;
// the rest (lanes, seed, mix, batching, memory) start a fresh run with the new config. In compare
// mode an edit lands on the side(s) the person is editing (`editSide`, see compare-settings.ts),
// live ones on the matching engine(s) in the worker; compare-actions.ts enters and leaves it.

import type { ConfigInput } from '../../src/engine/config.ts';
import type { EngineMode, RunOptions } from '../../src/workers/protocol.ts';
import { DAILY_PERIOD_S, dayMeanRate, isDayShape } from '../config/load-shape.ts';
import { liveOptions } from '../config/live-preset.ts';
import { buildConfig, type Settings } from '../config/settings.ts';
import { clampLive, enterLive, liveRunConfig, stashOf } from '../config/live-settings.ts';
import { simCheckStore } from './sim-check-store.ts';
import {
  editSettings,
  encodeCompare,
  normalizeOverrides,
  sideSettings,
  type CompareSettings,
  type EditTarget,
} from '../config/compare-settings.ts';
import {
  EngineReplaced,
  cleanEngine,
  engineClient,
  noteUserCode,
  onEngineReplaced,
} from '../engine-client.ts';
import { writeUrl } from '../config/url-state.ts';
import { appStore, type Notice } from './app-store.ts';
import { frameStore } from './frame-store.ts';
import { requestVerdict, stopVerdict, VERDICT_MAX_JOBS } from './verdict.ts';
import { policyStore } from '../policy/policy-store.ts';
import type { SchedulerName } from '../../src/engine/schedulers/registry.ts';

/** Store the settings and compare settings and mirror both into the URL. */
export function commitSettings(settings: Settings, compare: CompareSettings): void {
  appStore.setState({ settings, compare });
  writeUrl(settings, encodeCompare(settings, compare));
}

/** Apply `patch` to `target` (by default the side being edited; outside compare mode, A).
 * Returns the side(s) it landed on. */
function patchSettings(patch: Partial<Settings>, target?: EditTarget): EditTarget {
  const { settings, compare, editSide } = appStore.getState();
  const t = compare.enabled ? (target ?? editSide) : 'both';
  const next = editSettings(settings, compare, patch, t);
  commitSettings(next.settings, next.compare);
  return t;
}

/** The engine configs of the current settings: A's, and B's in compare mode. */
export function currentConfigs(): { a: ConfigInput; b?: ConfigInput } {
  const { settings, compare, base } = appStore.getState();
  const a = buildConfig(settings, base);
  if (!compare.enabled) return { a };
  return { a, b: buildConfig(sideSettings(settings, compare, 'b'), base) };
}

/** Compare mode: ask for the verdict of the current settings (debounced; same settings: kept). */
function refreshVerdict(): void {
  const { compare, mode } = appStore.getState();
  if (!compare.enabled || mode === 'live') return;
  const { a, b } = currentConfigs();
  const { settings } = appStore.getState();
  // A daily shape needs its days: two of them (the first teaches a forecast the day).
  const shape = settings.loadShape;
  const jobs = isDayShape(shape)
    ? Math.min(VERDICT_MAX_JOBS, Math.round(dayMeanRate(shape, settings.rate) * DAILY_PERIOD_S * 2))
    : undefined;
  if (b) requestVerdict(a, b, jobs);
}

/** Start a fresh run of the current settings (and base config). Live mode runs exactly the
 * settings too (live-settings.ts keeps them within what live lanes can do). */
export async function resetRun(): Promise<boolean> {
  const { settings, base, playing, mode, liveThreads, compare } = appStore.getState();
  const config = buildConfig(settings, base);
  // A user policy that runs keeps running in the fresh run, from time zero (on side B in compare
  // mode: the user's policy against A's built-in scheduler).
  const source = policyStore.getState().running?.source;
  const policy = source !== undefined ? { policy: source } : {};
  // The user's autoscaler sizes the pools of the sides picked for it (the Autoscaling panel).
  const { autoscaler, autoscalerSides } = policyStore.getState();
  const scaler = (side: 'a' | 'b') =>
    autoscaler && autoscalerSides.includes(side) ? { autoscaler: autoscaler.source } : {};
  if (compare.enabled && mode !== 'live') {
    const { b } = currentConfigs();
    const ok = await startRun(config, {
      playing,
      mode,
      speed: settings.speed,
      ...scaler('a'),
      compare: { b: b!, ...policy, ...scaler('b') },
    });
    if (ok) refreshVerdict();
    else stopVerdict();
    return ok;
  }
  stopVerdict();
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
  return startRun(buildConfig(settings, base), {
    playing,
    mode,
    speed: settings.speed,
    ...policy,
    ...scaler('a'),
  });
}

/** The id of the run the last successful reset started (frames carry it as `runId`). */
let startedRunId: number | undefined;

/** The run the last successful `resetRun` started: its frames have this `runId` (lessons wait for
 * its first frame). */
export function lastRunId(): number | undefined {
  return startedRunId;
}

async function startRun(config: ConfigInput, options: RunOptions): Promise<boolean> {
  try {
    // A run without user code never shares the engine's realm with a policy's leftovers: a worker
    // that ran a policy is replaced first (engine-client.ts).
    const scalers = [options.autoscaler, options.compare?.autoscaler].filter(
      (x): x is string => x !== undefined,
    );
    if (options.policy === undefined && options.compare?.policy === undefined && !scalers.length)
      await cleanEngine();
    else noteUserCode();
    const { api } = await engineClient();
    // The worker compiles user code once it has its compiler (a fresh worker has not loaded it).
    for (const source of new Set(scalers)) await api.setPolicy(source);
    const result = await api.reset(config, options);
    if (!result.ok) {
      showNotice({
        kind: 'error',
        title: 'The engine refused this configuration',
        details: result.problems,
      });
      return false;
    }
    startedRunId = result.runId;
    appStore.setState({ fatal: undefined });
    return true;
  } catch (e) {
    // A call on a worker the watchdog replaced: the restore after it starts the run again.
    if (e instanceof EngineReplaced) return false;
    appStore.setState({ fatal: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

// The watchdog replaced a frozen engine worker (a policy stuck in a built-in call): drop the
// policy, run the settings on their built-in scheduler from the start, and say what happened.
onEngineReplaced((why) => {
  const policy = policyStore.getState().running?.name ?? 'your policy';
  policyStore.setState({ running: undefined, autoscalerSides: [] });
  const { settings, compare } = appStore.getState();
  const scheduler = compare.enabled
    ? sideSettings(settings, compare, 'b').scheduler
    : settings.scheduler;
  void resetRun().then(() =>
    showNotice({
      kind: 'error',
      title: 'The engine stopped answering and was replaced',
      details: [
        `${why}: a single built-in call that never returns (a regular expression that backtracks for ever, say) cannot be stopped from inside.`,
        `The run started again from the beginning on the built-in scheduler ${scheduler}; ${policy} is still in the editor.`,
      ],
    }),
  );
});

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

export async function setRate(rate: number, side?: EditTarget): Promise<void> {
  // A daily shape is a trace of its peak: a new peak is a new day, from its start.
  if (isDayShape(appStore.getState().settings.loadShape) && appStore.getState().mode !== 'live') {
    patchSettings({ rate }, side);
    await resetRun();
    return;
  }
  // Live mode: within what live lanes can do (a note says what changed).
  if (appStore.getState().mode === 'live') {
    const { settings, notes } = clampLive({ ...appStore.getState().settings, rate });
    if (notes.length > 0) showLiveNotes(notes);
    rate = settings.rate;
  }
  const target = patchSettings({ rate }, side);
  (await engineClient()).api.setRate(rate, target);
  refreshVerdict();
}

export async function setInteractiveRatio(ratio: number, side?: EditTarget): Promise<void> {
  const target = patchSettings({ interactiveRatio: ratio }, side);
  (await engineClient()).api.setInteractiveRatio(ratio, target);
  refreshVerdict();
}

/** Switch the scheduler live: of the side(s) being edited, or of `side` (compare mode's
 * "Scheduler A" and "Scheduler B"), leaving the other side untouched. */
export async function setScheduler(name: SchedulerName, side?: EditTarget): Promise<void> {
  const target = patchSettings({ scheduler: name }, side);
  // A built-in takes over from a user policy on the side it runs on (B in compare mode).
  if (target !== 'a' || !appStore.getState().compare.enabled) {
    policyStore.setState({ running: undefined });
  }
  (await engineClient()).api.setScheduler(name, target);
  refreshVerdict();
}

/** The prices of a replica-hour (both sides: a price is the market's). Nothing the engine simulates
 * changes, so the run goes on; the page prices its replica-seconds again (app/config/prices.ts). */
export function setPrices(prices: Settings['prices']): void {
  patchSettings({ prices }, 'both');
}

/** The speed of the one simulated clock (both sides in compare mode). */
export async function setSpeed(speed: number): Promise<void> {
  patchSettings({ speed }, 'both');
  (await engineClient()).api.setSpeed(speed);
}

/** Fail or recover lane `lane` of `side`; in compare mode the other side's lane of the same name
 * goes down or up with it. */
export async function failLane(lane: number, down: boolean, side: 'a' | 'b' = 'a'): Promise<void> {
  const { api } = await engineClient();
  if (down) api.failLane(lane, side);
  else api.recoverLane(lane, side);
}

/**
 * Switch between simulation and live mode. Entering live mode starts from a light rate and mix on
 * the lanes set (within live limits) and says so; leaving it gives the simulation back the rate,
 * mix and lanes it had.
 */
export async function setMode(mode: EngineMode): Promise<boolean> {
  const { compare, settings: current } = appStore.getState();
  if (mode === 'live' && compare.enabled) {
    // Live mode runs one side on real lanes: compare mode is simulated only.
    commitSettings(current, { ...compare, enabled: false });
    showNotice({
      kind: 'info',
      title: 'Compare mode is off in live mode',
      details: ['Both sides of a comparison run simulated, on one clock; live mode runs side A.'],
    });
  }
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

/** Settings that need a fresh run: apply them (to the side(s) being edited, or `side`; within
 * live limits in live mode) and restart. */
export async function applyAndReset(patch: Partial<Settings>, side?: EditTarget): Promise<boolean> {
  const state = appStore.getState();
  if (state.mode === 'live') {
    const { settings, notes } = clampLive({ ...state.settings, ...patch });
    if (notes.length > 0) showLiveNotes(notes);
    patchSettings(settings, side);
  } else {
    patchSettings(patch, side);
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
  const previous = {
    settings: before.settings,
    compare: before.compare,
    base: before.base,
    baseName: before.baseName,
  };
  if (base !== undefined) {
    appStore.setState({ base: base?.config, baseName: base?.name });
  }
  const live = appStore.getState().mode === 'live' ? clampLive(settings) : undefined;
  if (live && live.notes.length > 0) showLiveNotes(live.notes);
  const next = live?.settings ?? settings;
  // Compare mode stays on; B keeps what it does differently (where that still differs).
  const { compare } = appStore.getState();
  appStore.setState({
    settings: next,
    compare: { ...compare, b: normalizeOverrides(next, compare.b) },
  });
  const ok = await resetRun();
  if (!ok) appStore.setState(previous);
  const after = appStore.getState();
  writeUrl(after.settings, encodeCompare(after.settings, after.compare));
  return ok;
}

export function showNotice(notice: Notice): void {
  appStore.setState({ notice });
}

export function dismissNotice(): void {
  appStore.setState({ notice: undefined });
}

/** Tell the person, once per run, when a run (in compare mode: either side's) stops early at a
 * resource limit (the engine's words, named by side in compare mode). */
export function noticeStoppedRuns(): () => void {
  let shown = -1;
  return frameStore.subscribe(({ frame }) => {
    if (!frame || frame.runId === shown) return;
    const b = frame.compare?.b;
    const details: string[] = [];
    if (frame.stopped !== undefined) details.push(b ? `A: ${frame.stopped}` : frame.stopped);
    if (b?.stopped !== undefined) details.push(`B: ${b.stopped}`);
    if (details.length === 0) return;
    shown = frame.runId;
    showNotice({ kind: 'error', title: 'The run stopped early', details });
  });
}
