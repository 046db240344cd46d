// Live LLM mode's page side: the Simulated/Live switch's state and actions. Live starts a run on
// real decoder lanes in the engine worker (LlmApi.resetLive: lane workers load the tiny decoder,
// with progress), whose frames feed the same charts; "Check the simulation" asks the worker to
// replay the finished run in the simulation (LlmApi.checkSimulation). Simulated starts the
// simulated run of the current settings again. Any new simulated run (an engine setting, a preset)
// ends live mode: the first frame without a live part says so.

import * as Comlink from 'comlink';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { LlmLiveProgress, LlmSimCheck } from '../../src/workers/llm-protocol.ts';
import { connect, llmRestartWith } from './llm-actions.ts';
import { llmFrames, llmStore } from './llm-store.ts';

export type LlmSource = 'sim' | 'live';

export interface LiveUi {
  source: LlmSource;
  /** What the next live run serves. */
  requests: number;
  rate: number;
  lanes: number;
  webgpu: boolean;
  /** Lanes loading (by lane name), while a live run starts. */
  loading: Record<string, LlmLiveProgress> | null;
  problems: string[];
  checking: boolean;
  check: LlmSimCheck | null;
  checkProblem: string | null;
}

export const LIVE_DEFAULTS = { requests: 40, rate: 2, lanes: 1, webgpu: true } as const;

export const liveUi = createStore<LiveUi>(() => ({
  source: 'sim',
  ...LIVE_DEFAULTS,
  loading: null,
  problems: [],
  checking: false,
  check: null,
  checkProblem: null,
}));

export function useLive<T>(pick: (s: LiveUi) => T): T {
  return useStore(liveUi, pick);
}

/** The live run's id, and whether its frames have begun (frames come in order: a frame without a
 * live part after those is a newer, simulated run). */
let liveRun: { id: number; seen: boolean } | undefined;

llmFrames.subscribe((frame) => {
  if (liveRun === undefined) return;
  if (frame.runId === liveRun.id && frame.live) liveRun.seen = true;
  else if (liveRun.seen && frame.live === undefined) {
    liveRun = undefined;
    liveUi.setState({ source: 'sim', check: null, checkProblem: null });
  }
});

export function setLiveOptions(
  p: Partial<Pick<LiveUi, 'requests' | 'rate' | 'lanes' | 'webgpu'>>,
): void {
  liveUi.setState(p);
}

/** Start a live run with the panel's options; false (problems shown) when no lane could start. */
export async function startLive(): Promise<boolean> {
  const ui = liveUi.getState();
  const { settings } = llmStore.getState();
  liveUi.setState({
    source: 'live',
    loading: {},
    problems: [],
    check: null,
    checkProblem: null,
  });
  const remote = await connect();
  const onProgress = (p: LlmLiveProgress): void => {
    const loading = liveUi.getState().loading;
    if (loading) liveUi.setState({ loading: { ...loading, [p.lane]: p } });
  };
  const result = await remote.resetLive(
    {
      requests: clamp(Math.round(ui.requests), 4, 2000),
      rate: clamp(ui.rate, 0.1, 20),
      lanes: clamp(Math.round(ui.lanes), 1, 4),
      webgpu: ui.webgpu,
      scheduler: settings.scheduler,
      preemption: settings.preemption,
      seed: settings.seed,
    },
    true,
    Comlink.proxy(onProgress),
  );
  if (!result.ok) {
    liveUi.setState({ source: 'sim', loading: null, problems: result.problems });
    return false;
  }
  liveRun = { id: result.runId, seen: false };
  llmFrames.dropRunsBefore(result.runId);
  llmStore.setState({ playing: true, connected: true, problems: [] });
  liveUi.setState({ loading: null });
  return true;
}

/** Switch between the simulated run and a live one. */
export async function setLlmSource(source: LlmSource): Promise<void> {
  if (source === liveUi.getState().source) return;
  if (source === 'live') {
    await startLive();
    return;
  }
  liveRun = undefined;
  liveUi.setState({ source: 'sim', check: null, checkProblem: null, problems: [] });
  await llmRestartWith({});
}

/** Replay the finished live run in the simulation and compare (the verdict shows in the panel). */
export async function checkLiveSimulation(): Promise<void> {
  liveUi.setState({ checking: true, checkProblem: null });
  try {
    const result = await (await connect()).checkSimulation();
    if (result.ok) liveUi.setState({ check: result.check });
    else liveUi.setState({ check: null, checkProblem: result.problem });
  } catch (e) {
    liveUi.setState({ check: null, checkProblem: e instanceof Error ? e.message : String(e) });
  } finally {
    liveUi.setState({ checking: false });
  }
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}
