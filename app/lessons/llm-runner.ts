// The LLM side of the lesson player in the page: what lesson-runner.ts does for a request lesson,
// done through the LLM mode's own actions and frames. A step's setup switches the page to LLM mode
// and starts a run of its settings (with its engine fields, held in llmStore's `lessonEngine`
// while the lesson plays); the wait follows the LLM frames (and their steps, for the ITL); the
// learner's actions are read from the LLM settings; figures come from the latest frame
// (llm-measures.ts, as the claim tests read them). Closing the player puts back the person's own
// LLM settings (lesson-runner.ts puts back the page's mode). Loaded with the LLM mode's chunk, only when an LLM lesson plays.

import type { LlmFrame } from '../../src/workers/llm-protocol.ts';
import {
  llmPause,
  llmPlay,
  llmRestartWith,
  llmSetRate,
  llmSetScheduler,
  setPageMode,
} from '../llm/llm-actions.ts';
import { llmFrames, llmStore } from '../llm/llm-store.ts';
import type { LlmSettings } from '../llm/llm-settings.ts';
import { ItlSamples, readLlmMetric } from './llm-measures.ts';
import {
  llmActionDone,
  llmActionSettings,
  llmActionStatus,
  llmSettingsOf,
} from './llm-scenario.ts';
import type { LlmMetric } from './llm-schema.ts';
import type { LessonAction, LessonSetup } from './schema.ts';

interface Saved {
  settings: LlmSettings;
  connected: boolean;
  playing: boolean;
}
let saved: Saved | undefined;

/** The run id of the newest LLM frame (0 before any). */
export function llmRunId(): number {
  return llmFrames.latest?.runId ?? 0;
}

/** Start the run of a step's setup in LLM mode (paused unless `playing`); false if refused. */
export async function applyLlmSetup(setup: LessonSetup, playing: boolean): Promise<boolean> {
  const st = llmStore.getState();
  saved ??= {
    settings: st.settings,
    connected: st.connected,
    playing: st.playing,
  };
  const settings = llmSettingsOf(setup, st.settings);
  llmStore.setState({ lessonEngine: setup.llm_engine });
  if (st.mode !== 'llm') await setPageMode('llm');
  const ok = await llmRestartWith(settings);
  if (ok && !playing) await llmPause();
  if (ok && playing && !llmStore.getState().playing) await llmPlay();
  return ok;
}

/** Restart the LLM run with the settings as the learner left them (a step's `fresh`). */
export function restartLlm(): Promise<boolean> {
  return llmRestartWith({});
}

/** Resolve with the first frame of a run newer than `after` (undefined when `stale()` says the
 * step was left); `track` receives the unsubscribe function. */
export function nextLlmRunFrame(
  after: number,
  stale: () => boolean,
  track: (off: () => void) => void,
): Promise<LlmFrame | undefined> {
  return new Promise((resolve) => {
    const check = (f: LlmFrame | null): boolean => {
      if (stale()) {
        resolve(undefined);
        return true;
      }
      if (f && f.runId > after) {
        resolve(f);
        return true;
      }
      return false;
    };
    if (check(llmFrames.latest)) return;
    const off = llmFrames.subscribe((f) => {
      if (check(f)) off();
    });
    track(off);
  });
}

export const llmPlaying = (): boolean => llmStore.getState().playing;
export { llmPause, llmPlay };

/**
 * Follow LLM frames of the current run until `ms` of simulated time past `from`, collecting the
 * steps' inter-token latencies; `onStatus` gets the progress, `done` the last frame and the ITL.
 * Returns the unsubscribe function.
 */
export function followLlm(
  from: number,
  ms: number,
  onStatus: (text: string) => void,
  done: (f: LlmFrame, itl: ItlSamples) => void,
): () => void {
  const runId = llmRunId();
  const itl = new ItlSamples();
  const off = llmFrames.subscribe((f) => {
    if (f.runId !== runId) {
      off();
      onStatus('The run was restarted: go Back and into this step again.');
      return;
    }
    itl.add(f.stepLog);
    const elapsed = f.time - from;
    if (elapsed >= ms) {
      off();
      done(f, itl);
      return;
    }
    onStatus(`${(elapsed / 1000).toFixed(1)} of ${(ms / 1000).toFixed(0)} s simulated`);
  });
  return off;
}

/** A figure of an LLM frame (the player's `recordFigures` reader). */
export function llmReader(f: LlmFrame, itl: ItlSamples): (m: LlmMetric) => number {
  return (m) => readLlmMetric(f, m, itl);
}

export function llmDone(action: LessonAction): boolean {
  return llmActionDone(action, llmStore.getState().settings);
}

export function llmStatus(action: LessonAction): string {
  return llmActionStatus(action, llmStore.getState().settings);
}

/** Call `check` whenever the LLM settings change; returns the unsubscribe function. */
export function onLlmSettings(check: () => void): () => void {
  return llmStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings) check();
  });
}

/** Whether an action starts a new run of its own (settings fixed when an engine starts). */
export function restartsRun(action: LessonAction): boolean {
  return action.kind === 'llm_preemption' || action.kind === 'llm_blocks_at_most';
}

/** "Do it for me": the action through the same LLM actions as the controls. */
export async function doLlmAction(action: LessonAction): Promise<void> {
  const s = llmStore.getState().settings;
  const next = llmActionSettings(action, s);
  if (next.rate !== s.rate) await llmSetRate(next.rate);
  else if (next.scheduler !== s.scheduler) await llmSetScheduler(next.scheduler);
  else if (next !== s) await llmRestartWith(next);
}

/** Put back the person's own LLM settings (the player closed). */
export async function restoreLlm(): Promise<void> {
  const s = saved;
  saved = undefined;
  llmStore.setState({ lessonEngine: undefined });
  if (!s) return;
  if (s.connected) {
    await llmRestartWith(s.settings);
    if (!s.playing) await llmPause();
  } else {
    llmStore.setState({ settings: s.settings });
  }
}

/** Whether an LLM lesson changed the person's run (the player must restore it on close). */
export function llmChanged(): boolean {
  return saved !== undefined;
}
