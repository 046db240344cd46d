// Plays a lesson in the page: the step machine behind the player panel. Entering a step sets up its
// run (the app's own actions: settings, compare mode, a fresh run), pauses for a prediction when
// the step asks for one, then follows the frames until the step's wait is over (simulated time, or
// the learner's action read from the app's settings and the frames), records the step's figures
// from that frame (measures.ts, as the claim tests do) and reveals them. No React here: the panel
// renders `playerStore`.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { appStore } from '../state/app-store.ts';
import { frameStore } from '../state/frame-store.ts';
import {
  commitSettings,
  failLane,
  lastRunId,
  pause,
  play,
  resetRun,
  setMode,
  setRate,
  setScheduler,
} from '../state/actions.ts';
import {
  SETTING_KEYS,
  normalizeOverrides,
  sideSettings,
  type SideOverrides,
} from '../config/compare-settings.ts';
import type { Settings } from '../config/settings.ts';
import {
  InSystemAverage,
  claimHolds,
  fillFigures,
  judgePrediction,
  recordFigures,
  unitsOf,
  type PredictionVerdict,
  type Sides,
} from './measures.ts';
import { loadOf, rateForLoad, scenarioOf, settingsActionDone } from './scenario.ts';
import type { Lesson, LessonAction, LessonSetup, LessonStep } from './schema.ts';
import { completeStep, readProgress, type Progress } from './progress.ts';
import { lessonStore } from './lesson-store.ts';
import { llmStore, type PageMode } from '../llm/llm-store.ts';
import type * as LlmRunnerModule from './llm-runner.ts';
import { switchMode } from '../llm/mode-switch.tsx';

/** The LLM side of the player (llm-runner.ts), loaded with the LLM mode when an LLM lesson plays. */
type LlmRunner = typeof LlmRunnerModule;
let llm: LlmRunner | undefined;
const loadLlm = async (): Promise<LlmRunner> => (llm ??= await import('./llm-runner.ts'));
const isLlm = (): boolean => playerStore.getState().lesson?.mode === 'llm';
/** Play state of the run the current lesson follows. */
const runPlaying = (): boolean => (isLlm() && llm ? llm.llmPlaying() : appStore.getState().playing);
const pauseRun = (): Promise<void> => (isLlm() && llm ? llm.llmPause() : pause());
const playRun = (): Promise<void> => (isLlm() && llm ? llm.llmPlay() : play());

export type Phase = 'starting' | 'predict' | 'waiting' | 'done' | 'failed';

export interface PlayerState {
  lesson: Lesson | undefined;
  index: number;
  phase: Phase;
  /** Figures recorded in this lesson so far (this visit), by name. */
  figures: Record<string, number>;
  /** The learner's prediction per step (as shown back in the reveal), and what they gave (the
   * option, or the number) for judging it. */
  predictions: Record<number, string>;
  given: Record<number, string | number>;
  /** The prediction of the step shown, judged against the run once revealed. */
  verdict: PredictionVerdict | undefined;
  /** What the step waits for, said plainly ("12 of 40 s simulated"). */
  status: string;
  /** The step's claims checked against this run (once revealed). */
  claims: { text: string; holds: boolean }[];
  progress: Progress;
}

export const playerStore = createStore<PlayerState>(() => ({
  lesson: undefined,
  index: 0,
  phase: 'starting',
  figures: {},
  predictions: {},
  given: {},
  verdict: undefined,
  status: '',
  claims: [],
  progress: readProgress(),
}));

export function usePlayer<T>(select: (s: PlayerState) => T): T {
  return useStore(playerStore, select);
}

/** Each step entry gets a token; callbacks of an older entry see a newer token and stop. */
let token = 0;
/** Subscriptions of the current step (unsubscribed when another step starts). */
let watchers: (() => void)[] = [];
/** The lesson whose setup the current run is (a step without a setup continues that run). */
let runOf: string | undefined;
/** Simulated ms at which the current wait began, and its in-system average. */
let waitFrom = 0;
let avg = new InSystemAverage();

function stopWatching(): void {
  for (const w of watchers) w();
  watchers = [];
}

const current = (): { lesson: Lesson; step: LessonStep; index: number } | undefined => {
  const { lesson, index } = playerStore.getState();
  const step = lesson?.steps[index];
  return lesson && step ? { lesson, step, index } : undefined;
};

/** The step's setup, or the nearest earlier one when the current run is not this lesson's. */
function setupFor(lesson: Lesson, index: number): LessonSetup | undefined {
  const own = lesson.steps[index]?.setup;
  if (own || runOf === lesson.id) return own;
  for (let i = index - 1; i >= 0; i--) {
    const s = lesson.steps[i]!.setup;
    if (s) return s;
  }
  return undefined;
}

/** Mirror the lesson and step (1-based) into the address bar, keeping every other parameter. */
export function writeLessonUrl(lessonId: string | undefined, index = 0): void {
  const params = new URLSearchParams(location.search);
  if (lessonId === undefined) {
    params.delete('lesson');
    params.delete('step');
  } else {
    params.set('lesson', lessonId);
    params.set('step', String(index + 1));
  }
  const q = params.toString();
  history.replaceState(null, '', `${location.pathname}${q === '' ? '' : `?${q}`}${location.hash}`);
}

/** What the person had before a lesson changed their run: put back when the player closes. */
interface Saved {
  settings: Settings;
  compare: ReturnType<typeof appStore.getState>['compare'];
  editSide: ReturnType<typeof appStore.getState>['editSide'];
  base: ReturnType<typeof appStore.getState>['base'];
  baseName: string | undefined;
  mode: ReturnType<typeof appStore.getState>['mode'];
  playing: boolean;
}
let saved: Saved | undefined;
/** The page's mode (requests or LLM serving) before a lesson first set up a run. */
let pageMode: PageMode | undefined;

/** Start a fresh run of a setup: A's settings, compare mode with B's, the base config. */
async function applySetup(lesson: Lesson, setup: LessonSetup, playing: boolean): Promise<boolean> {
  if (!saved) {
    const st = appStore.getState();
    saved = {
      settings: st.settings,
      compare: st.compare,
      editSide: st.editSide,
      base: st.base,
      baseName: st.baseName,
      mode: st.mode,
      playing: st.playing,
    };
  }
  const sc = scenarioOf(setup);
  appStore.setState({
    mode: 'simulated',
    playing,
    editSide: 'both',
    base: sc.base,
    baseName: sc.base ? `lesson: ${lesson.title}` : undefined,
  });
  const b: SideOverrides = {};
  if (sc.b) for (const k of SETTING_KEYS) Object.assign(b, { [k]: sc.b[k] });
  commitSettings(sc.a, { enabled: sc.b !== undefined, b: sc.b ? normalizeOverrides(sc.a, b) : {} });
  runOf = lesson.id;
  return resetRun();
}

/** Resolve with the first frame of the run the last reset started (`lastRunId`). */
function nextRunFrame(mine: number): Promise<FrameMessage | undefined> {
  const runId = lastRunId();
  return new Promise((resolve) => {
    const check = (): boolean => {
      if (mine !== token) {
        resolve(undefined);
        return true;
      }
      const f = frameStore.getState().frame;
      if (f && (runId === undefined || f.runId >= runId)) {
        resolve(f);
        return true;
      }
      return false;
    };
    if (check()) return;
    const off = frameStore.subscribe(() => {
      if (check()) off();
    });
    watchers.push(off);
  });
}

/** The first frame of an LLM run newer than `after`. */
function llmFirstFrame(mine: number, after: number): Promise<unknown> {
  return llm!.nextLlmRunFrame(
    after,
    () => mine !== token,
    (off) => watchers.push(off),
  );
}

/** Open step `index` of `lesson`: set up its run, then predict, wait, reveal. */
export async function enterStep(lesson: Lesson, index: number): Promise<void> {
  const mine = ++token;
  stopWatching();
  const before = playerStore.getState();
  const sameLesson = before.lesson?.id === lesson.id;
  playerStore.setState({
    lesson,
    index,
    phase: 'starting',
    status: '',
    claims: [],
    verdict: undefined,
    ...(sameLesson ? {} : { figures: {}, predictions: {}, given: {} }),
  });
  if (!sameLesson && runOf !== lesson.id) runOf = undefined;
  writeLessonUrl(lesson.id, index);
  const step = lesson.steps[index]!;
  const setup = setupFor(lesson, index);
  if (lesson.mode === 'llm') await loadLlm();
  if (setup) {
    playerStore.setState({ status: 'Setting up the run…' });
    // The page's mode before the first lesson run (put back on close); a request lesson shows
    // the request mode.
    pageMode ??= llmStore.getState().mode;
    if (lesson.mode !== 'llm' && llmStore.getState().mode === 'llm') await switchMode('requests');
    if (mine !== token) return;
    const before = llm?.llmRunId() ?? 0;
    const ok =
      lesson.mode === 'llm'
        ? await llm!.applyLlmSetup(setup, step.predict === undefined)
        : await applySetup(lesson, setup, step.predict === undefined);
    if (mine !== token) return;
    if (!ok) {
      playerStore.setState({ phase: 'failed', status: 'The engine refused this step’s run.' });
      return;
    }
    if (lesson.mode === 'llm') runOf = lesson.id;
    const first =
      lesson.mode === 'llm' ? await llmFirstFrame(mine, before) : await nextRunFrame(mine);
    if (!first || mine !== token) return;
  }
  if (step.predict) {
    if (runPlaying()) await pauseRun();
    if (mine !== token) return;
    playerStore.setState({ phase: 'predict', status: 'Make your prediction to go on.' });
    return;
  }
  if (!runPlaying() && step.wait) await playRun();
  beginWait(mine);
}

/** The learner's prediction (or `undefined`: skipped), as shown and as given (the option, or the
 * number); the run goes on. */
export async function answer(text: string | undefined, given?: string | number): Promise<void> {
  const mine = token;
  const { index, predictions, given: all } = playerStore.getState();
  playerStore.setState({
    predictions: { ...predictions, [index]: text ?? 'skipped' },
    given: given === undefined ? all : { ...all, [index]: given },
  });
  if (current()?.step.wait) await playRun();
  if (mine === token) beginWait(mine);
}

function beginWait(mine: number): void {
  const cur = current();
  if (!cur || mine !== token) return;
  const wait = cur.step.wait;
  if (!wait) {
    finish(mine, frameStore.getState().frame);
    return;
  }
  playerStore.setState({ phase: 'waiting' });
  if (cur.lesson.mode === 'llm') {
    beginLlmWait(mine, wait);
    return;
  }
  const frame = frameStore.getState().frame;
  if ('sim_s' in wait) {
    waitFor(mine, frame?.time ?? 0, wait.sim_s * 1000);
  } else {
    awaitAction(mine, wait.action, async () => {
      let from = frameStore.getState().frame?.time ?? 0;
      if (wait.fresh) {
        playerStore.setState({ status: 'Starting the run again with your settings…' });
        if (!(await resetRun())) return;
        const first = await nextRunFrame(mine);
        if (!first || mine !== token) return;
        from = first.time;
      }
      waitFor(mine, from, wait.then_s * 1000);
    });
  }
}

/** An LLM lesson's wait: simulated time on the LLM run, or the learner's action on the LLM
 * controls (then, after a fresh start or a setting that restarts the run, the new run's time). */
function beginLlmWait(mine: number, wait: NonNullable<LessonStep['wait']>): void {
  const l = llm!;
  const follow = (from: number, ms: number): void => {
    const off = l.followLlm(
      from,
      ms,
      (status) => {
        if (mine === token && playerStore.getState().status !== status)
          playerStore.setState({ status });
      },
      (f, itl) => {
        if (mine === token) finish(mine, null, l.llmReader(f, itl));
      },
    );
    watchers.push(off);
  };
  if ('sim_s' in wait) {
    const latest = l.llmRunId();
    void llmFirstFrame(mine, latest - 1).then((f) => {
      if (f && mine === token) follow((f as { time: number }).time, wait.sim_s * 1000);
    });
    return;
  }
  const before = l.llmRunId();
  awaitAction(mine, wait.action, async () => {
    let after = before;
    if (wait.fresh) {
      playerStore.setState({ status: 'Starting the run again with your settings…' });
      after = l.llmRunId();
      if (!(await l.restartLlm())) return;
    }
    const restarted = wait.fresh || l.restartsRun(wait.action);
    const f = await llmFirstFrame(mine, restarted ? after : after - 1);
    if (!f || mine !== token) return;
    if (!runPlaying()) await playRun();
    follow((f as { time: number }).time, wait.then_s * 1000);
  });
}

/** Follow frames until `ms` of simulated time past `from`, then finish. */
function waitFor(mine: number, from: number, ms: number): void {
  waitFrom = from;
  avg = new InSystemAverage();
  const runId = frameStore.getState().frame?.runId;
  const onFrame = (f: FrameMessage | null): boolean => {
    if (mine !== token || !f) return true;
    if (f.runId !== runId) {
      playerStore.setState({ status: 'The run was restarted: go Back and into this step again.' });
      return true;
    }
    avg.add(f.compare ? { a: f, b: f.compare.b } : { a: f });
    const done = f.time - waitFrom;
    if (done >= ms) {
      finish(mine, f);
      return true;
    }
    const status = `${(done / 1000).toFixed(1)} of ${(ms / 1000).toFixed(0)} s simulated`;
    if (playerStore.getState().status !== status) playerStore.setState({ status });
    return false;
  };
  if (onFrame(frameStore.getState().frame)) return;
  const off = frameStore.subscribe(({ frame }) => {
    if (onFrame(frame)) off();
  });
  watchers.push(off);
}

/** Whether the learner has done what `action` asks, read from the settings and the latest frame. */
export function actionDone(action: LessonAction, frame: FrameMessage | null): boolean {
  if (action.kind.startsWith('llm_')) return llm?.llmDone(action) ?? false;
  if (action.kind === 'fail_lane') {
    const lane = frame?.lanes.find((l) => l.name === action.lane);
    return lane !== undefined && !lane.up;
  }
  const { settings, compare } = appStore.getState();
  return settingsActionDone(
    action,
    settings,
    compare.enabled ? sideSettings(settings, compare, 'b') : undefined,
  );
}

/** Plain words for what the step waits for, with where things stand now. */
export function actionStatus(action: LessonAction, a: Settings): string {
  if (action.kind.startsWith('llm_')) return llm?.llmStatus(action) ?? '';
  switch (action.kind) {
    case 'load_above':
      return action.below !== undefined
        ? `Waiting for you: set Arrival rate between ${Math.round(action.above * 100)} % and ${Math.round(action.below * 100)} % load (now ${Math.round(loadOf(a) * 100)} %).`
        : `Waiting for you: raise Arrival rate above ${Math.round(action.above * 100)} % load (now ${Math.round(loadOf(a) * 100)} %).`;
    case 'load_below':
      return `Waiting for you: lower Arrival rate below ${Math.round(action.below * 100)} % load (now ${Math.round(loadOf(a) * 100)} %).`;
    case 'scheduler':
      return `Waiting for you: switch Scheduler${appStore.getState().compare.enabled ? ` ${action.side.toUpperCase()}` : ''} to ${action.name}.`;
    case 'fail_lane':
      return `Waiting for you: under Lanes, fail ${action.lane}.`;
    default:
      return '';
  }
}

function awaitAction(mine: number, action: LessonAction, then: () => Promise<void>): void {
  let fired = false;
  const check = (): boolean => {
    if (mine !== token || fired) return true;
    if (actionDone(action, frameStore.getState().frame)) {
      fired = true;
      void then();
      return true;
    }
    const status = actionStatus(action, appStore.getState().settings);
    if (playerStore.getState().status !== status) playerStore.setState({ status });
    return false;
  };
  if (check()) return;
  const offs = [
    appStore.subscribe(() => check() && stop()),
    frameStore.subscribe(() => check() && stop()),
    ...(llm && action.kind.startsWith('llm_') ? [llm.onLlmSettings(() => check() && stop())] : []),
  ];
  const stop = (): void => offs.forEach((o) => o());
  watchers.push(stop);
}

/** "Do it for me": what the step asks, through the same actions as the controls. */
export async function doItForMe(): Promise<void> {
  const wait = current()?.step.wait;
  if (!wait || 'sim_s' in wait) return;
  const action = wait.action;
  if (action.kind.startsWith('llm_')) {
    await llm?.doLlmAction(action);
    return;
  }
  const { settings, compare } = appStore.getState();
  switch (action.kind) {
    case 'load_above':
    case 'load_below':
      await setRate(rateForLoad(settings, action.demo), 'both');
      return;
    case 'scheduler':
      await setScheduler(action.name, compare.enabled ? action.side : undefined);
      return;
    case 'fail_lane': {
      const lane =
        frameStore.getState().frame?.lanes.findIndex((l) => l.name === action.lane) ?? -1;
      if (lane >= 0) await failLane(lane, true, 'a');
      return;
    }
    default:
      return;
  }
}

/** Record the step's figures from `frame` (an LLM lesson's through `llmRead`), check its claims,
 * reveal, and pause to read. */
function finish(
  mine: number,
  frame: FrameMessage | null,
  llmRead?: Parameters<typeof recordFigures>[4],
): void {
  const cur = current();
  if (!cur || mine !== token) return;
  stopWatching();
  const state = playerStore.getState();
  let figures = state.figures;
  if (frame || llmRead) {
    const sides = frame ? sidesOf(frame) : null;
    figures = { ...figures, ...recordFigures(cur.step.record, sides, avg, figures, llmRead) };
  }
  const units = unitsOf(cur.lesson.steps);
  const claims = cur.step.claims.map((c) => ({
    text: fillFigures(c.text, figures, units),
    holds: claimHolds(c, figures),
  }));
  const verdict = cur.step.predict
    ? judgePrediction(cur.step.predict, state.given[cur.index], figures, units)
    : undefined;
  playerStore.setState({
    phase: 'done',
    figures,
    claims,
    verdict,
    status: '',
    progress: completeStep(cur.lesson.id, cur.index),
  });
  if (cur.step.wait && runPlaying()) void pauseRun();
}

// Closing the player gives the person their own run back.
lessonStore.subscribe((s, prev) => {
  if (prev.open && !s.open) void restoreOwnRun();
});

/** A frame's sides, with each side's load as the settings say it (the `load` metric). */
function sidesOf(frame: FrameMessage): Sides {
  const { settings, compare } = appStore.getState();
  const loadA = loadOf(settings);
  if (!frame.compare) return { a: frame, load: { a: loadA } };
  return {
    a: frame,
    b: frame.compare.b,
    load: { a: loadA, b: loadOf(sideSettings(settings, compare, 'b')) },
  };
}

/** Leave the lesson: stop following the run (the run and settings stay as they are: the learner
 * may pick another lesson from the list). */
export function leaveLesson(): void {
  token++;
  stopWatching();
  runOf = undefined;
  playerStore.setState({
    lesson: undefined,
    index: 0,
    phase: 'starting',
    status: '',
    claims: [],
    verdict: undefined,
  });
}

/**
 * The player closed: give the person back what they had before the first lesson changed their run
 * (settings, compare mode, an imported config, mode, play state) and start it again. Nothing to do
 * when no lesson set up a run.
 */
export async function restoreOwnRun(): Promise<void> {
  if (llm?.llmChanged()) await llm.restoreLlm();
  const mode = pageMode;
  pageMode = undefined;
  if (mode !== undefined && llmStore.getState().mode !== mode) await switchMode(mode);
  const s = saved;
  saved = undefined;
  if (!s) return;
  appStore.setState({
    base: s.base,
    baseName: s.baseName,
    editSide: s.editSide,
    playing: s.playing,
  });
  commitSettings(s.settings, s.compare);
  if (appStore.getState().mode !== s.mode) await setMode(s.mode);
  else await resetRun();
}
