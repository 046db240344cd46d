// LLM compare mode's state and its worker: A is the LLM mode's settings, B the same with the
// differences the person picks (scheduler, preemption mode, token budget); both run on the same
// seeds, so on identical requests, in the seeds role of the one worker script (src/workers/seeds-worker.ts, which the
// request mode's verdict uses too: never the engine worker, whose frames must not wait). A new request (settings changed) ends the
// running worker and starts a fresh one, debounced since a slider drag changes settings many times
// a second. The result carries the paired figures (the CLI's code) and both sides' CDFs.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { startWorker } from '../../src/workers/spawn.ts';
import { verdictSeeds, type PairedMetric } from '../../src/engine/compare-seeds.ts';
import type { LlmSchedulerName } from '../../src/engine/schedulers/registry.ts';
import {
  LLM_COMPARE_VERSION,
  type LlmCompareMessage,
  type LlmCompareRequest,
  type LlmSideCdfs,
} from '../../src/workers/llm/llm-compare-protocol.ts';
import { llmStore } from './llm-store.ts';
import { llmConfig, type LlmSettings } from './llm-settings.ts';

/** Seeds per comparison and requests per seed and side (about 2 s of worker time here). */
export const LLM_COMPARE_SEEDS = 10;
export const LLM_COMPARE_JOBS = 1000;
const DEBOUNCE_MS = 400;

/** What B changes of A's settings. */
export type LlmSideB = Pick<LlmSettings, 'scheduler' | 'preemption' | 'tokenBudget'>;

export interface LlmCompareState {
  enabled: boolean;
  b: LlmSideB;
  status: 'off' | 'running' | 'ready' | 'error';
  done: number;
  seeds: number[];
  jobs: number;
  metrics: PairedMetric[];
  cdfs: [LlmSideCdfs, LlmSideCdfs] | undefined;
  problems: string[];
}

const IDLE = {
  status: 'off',
  done: 0,
  seeds: [],
  jobs: 0,
  metrics: [],
  cdfs: undefined,
  problems: [],
} as const satisfies Partial<LlmCompareState>;

export const llmCompareStore = createStore<LlmCompareState>(() => ({
  ...IDLE,
  seeds: [],
  metrics: [],
  problems: [],
  enabled: false,
  b: { scheduler: 'static', preemption: 'recompute', tokenBudget: 4096 },
}));

export function useLlmCompare<T>(select: (s: LlmCompareState) => T): T {
  return useStore(llmCompareStore, select);
}

let worker: Worker | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let requestId = 0;
let lastKey = '';
let unsubscribe: (() => void) | undefined;

function stopWorker(): void {
  clearTimeout(timer);
  timer = undefined;
  worker?.terminate();
  worker = undefined;
}

/** B's settings: A's with B's differences. */
export function sideBSettings(a: LlmSettings, b: LlmSideB): LlmSettings {
  return { ...a, ...b };
}

/** Turn compare mode on (B starts as the other batching of A's) or off. */
export function setLlmCompare(on: boolean): void {
  if (!on) {
    unsubscribe?.();
    unsubscribe = undefined;
    stopWorker();
    lastKey = '';
    llmCompareStore.setState({ ...IDLE, seeds: [], metrics: [], problems: [], enabled: false });
    return;
  }
  const a = llmStore.getState().settings;
  const other: LlmSchedulerName = a.scheduler === 'static' ? 'continuous' : 'static';
  llmCompareStore.setState({
    enabled: true,
    b: { scheduler: other, preemption: a.preemption, tokenBudget: a.tokenBudget },
  });
  // A follows the LLM mode's settings (rate, preset, engine settings): compare again on a change.
  unsubscribe ??= llmStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings) request();
  });
  request();
}

/** Change what B differs in, and compare again. */
export function setLlmSideB(change: Partial<LlmSideB>): void {
  llmCompareStore.setState((s) => ({ b: { ...s.b, ...change } }));
  request();
}

function request(): void {
  const { enabled, b } = llmCompareStore.getState();
  if (!enabled) return;
  // Speed is the page's pacing, not the engine's: it changes nothing compared.
  const a = { ...llmStore.getState().settings, speed: 1 };
  const configA = llmConfig(a);
  const configB = llmConfig(sideBSettings(a, b));
  const seeds = verdictSeeds(a.seed, LLM_COMPARE_SEEDS);
  const key = JSON.stringify([configA, configB, seeds]);
  if (key === lastKey) return;
  lastKey = key;
  stopWorker();
  llmCompareStore.setState({ ...IDLE, status: 'running', seeds, jobs: LLM_COMPARE_JOBS });
  const id = ++requestId;
  timer = setTimeout(() => {
    timer = undefined;
    start({
      v: LLM_COMPARE_VERSION,
      kind: 'llm-compare',
      id,
      a: configA,
      b: configB,
      seeds,
      jobs: LLM_COMPARE_JOBS,
    });
  }, DEBOUNCE_MS);
}

function start(req: LlmCompareRequest): void {
  const w = startWorker('seeds');
  worker = w;
  w.onmessage = (event: MessageEvent<LlmCompareMessage>) => {
    const m = event.data;
    if (m?.v !== LLM_COMPARE_VERSION || m.id !== req.id || worker !== w) return;
    if (m.kind === 'llm-compare-progress') {
      llmCompareStore.setState({ done: m.done });
      return;
    }
    stopWorker();
    if (m.kind === 'llm-compare-result') {
      llmCompareStore.setState({
        status: 'ready',
        done: m.seeds.length,
        seeds: m.seeds,
        jobs: m.jobs,
        metrics: m.metrics,
        cdfs: m.cdfs,
        problems: [],
      });
    } else {
      llmCompareStore.setState({ status: 'error', problems: m.problems });
    }
  };
  w.onerror = (e) => {
    if (worker !== w) return;
    stopWorker();
    llmCompareStore.setState({
      status: 'error',
      problems: [e.message || 'the seeds worker failed'],
    });
  };
  w.postMessage(req);
}
