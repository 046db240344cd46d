// The LLM mode's state. `llmStore` (zustand, React renders it): which mode the page is in, the LLM
// settings, play state and the last problems. The frames themselves never go through React state:
// `llmFrames` keeps the latest (the last CDFs, the last steps in a ring) and tells subscribers (the canvases, the numbers)
// once per frame; they draw on the next animation frame.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { LlmCdfs, LlmExportKind, LlmFrame } from '../../src/workers/llm-protocol.ts';
import type { ConfigInput } from '../../src/engine/config.ts';
import { LLM_DEFAULTS, type LlmSettings } from './llm-defaults.ts';
import { StepRing } from './step-ring.ts';

export type PageMode = 'requests' | 'llm';

export interface LlmState {
  mode: PageMode;
  settings: LlmSettings;
  playing: boolean;
  /** The last config the host refused, by field (the run it had goes on). */
  problems: string[];
  /** The LLM host is connected and has a run. */
  connected: boolean;
  /** The last export: what, its rows, the ms it covers (simulated, or of a live run's clock). */
  lastExport?: { kind: LlmExportKind; rows: number; until: number; live: boolean };
  /** Engine fields a lesson's run sets beyond the controls (prefix caching, disaggregation,
   * length caps: app/lessons/llm-runner.ts), over every run's `llm` section while it plays. */
  lessonEngine?: Partial<NonNullable<ConfigInput['llm']>> | undefined;
}

export const llmStore = createStore<LlmState>(() => ({
  mode: 'requests',
  settings: LLM_DEFAULTS,
  playing: false,
  problems: [],
  connected: false,
}));

export function useLlm<T>(pick: (s: LlmState) => T): T {
  return useStore(llmStore, pick);
}

type Listener = (frame: LlmFrame) => void;

/** The latest LLM frame and the latest CDFs, outside React. */
export const llmFrames = {
  latest: null as LlmFrame | null,
  cdfs: null as LlmCdfs | null,
  count: 0,
  steps: new StepRing(),
  listeners: new Set<Listener>(),
  receive(frame: LlmFrame): void {
    if (this.latest !== null && this.latest.runId !== frame.runId) {
      this.steps.clear();
      this.cdfs = null;
    }
    this.steps.push(frame.stepLog);
    this.latest = frame;
    if (frame.cdfs) this.cdfs = frame.cdfs;
    this.count++;
    for (const l of this.listeners) l(frame);
  },
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  },
  clear(): void {
    this.latest = null;
    this.cdfs = null;
    this.steps.clear();
  },
  /**
   * Forget an earlier run's frames once run `runId` has started: its first frame may have come in
   * already (a paused run sends one at once), and it stays (clearing it left the page waiting).
   */
  dropRunsBefore(runId: number): void {
    if (this.latest !== null && this.latest.runId !== runId) this.clear();
  },
};

/** The latest LLM frame (what the LLM charts draw; null before the first). */
export const latestFrame = (): LlmFrame | null => llmFrames.latest;
