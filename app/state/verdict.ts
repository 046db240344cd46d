// Compare mode's verdict: A and B over extra seeds in the seeds worker (its own Web Worker, so the
// runs never take time from the engine worker's frames), and the paired intervals once ready.
// A new request (settings changed) terminates the running worker and starts a fresh one: results
// for settings no longer shown are never worth waiting for. Requests are debounced, since a slider
// drag would otherwise restart the seeds many times a second.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ConfigInput } from '../../src/engine/config.ts';
import type { PairedMetric } from '../../src/engine/compare-seeds.ts';
import { verdictSeeds } from '../../src/engine/compare-seeds.ts';
import { startWorker } from '../../src/workers/spawn.ts';
import {
  PROTOCOL_VERSION,
  type SeedsMessage,
  type SeedsRequest,
} from '../../src/workers/protocol.ts';

/** Seeds per verdict and arrivals per seed and side. */
export const VERDICT_SEEDS = 10;
export const VERDICT_JOBS = 20_000;
/** The most the seeds worker takes per seed and side (src/workers/seeds-job.ts, MAX_SEED_JOBS). */
export const VERDICT_MAX_JOBS = 200_000;
const DEBOUNCE_MS = 400;

export interface VerdictState {
  status: 'off' | 'running' | 'ready' | 'error';
  /** Seeds finished of `seeds.length`, while running. */
  done: number;
  seeds: number[];
  jobs: number;
  metrics: PairedMetric[];
  problems: string[];
}

const OFF: VerdictState = { status: 'off', done: 0, seeds: [], jobs: 0, metrics: [], problems: [] };

export const verdictStore = createStore<VerdictState>(() => OFF);

export function useVerdict<T>(select: (s: VerdictState) => T): T {
  return useStore(verdictStore, select);
}

let worker: Worker | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let lastKey = '';
let requestId = 0;

function stopWorker(): void {
  worker?.terminate();
  worker = undefined;
}

/** Stop any verdict and forget it (compare mode off). */
export function stopVerdict(): void {
  clearTimeout(timer);
  timer = undefined;
  stopWorker();
  lastKey = '';
  verdictStore.setState(OFF);
}

/**
 * Ask for the verdict of A's config against B's, on seeds from each config's seed (the same seeds,
 * hence the same arrivals, unless the sides differ in their seed). The same request as the one
 * running or shown is ignored.
 */
export function requestVerdict(a: ConfigInput, b: ConfigInput, jobs = VERDICT_JOBS): void {
  const seeds = verdictSeeds(a.seed ?? 1, VERDICT_SEEDS);
  const seedsB = verdictSeeds(b.seed ?? 1, VERDICT_SEEDS);
  const key = JSON.stringify([a, b, seeds, jobs]);
  if (key === lastKey) return;
  lastKey = key;
  clearTimeout(timer);
  stopWorker();
  verdictStore.setState({ ...OFF, status: 'running', seeds, jobs });
  timer = setTimeout(() => start(a, b, seeds, seedsB, jobs), DEBOUNCE_MS);
}

function start(
  a: ConfigInput,
  b: ConfigInput,
  seeds: number[],
  seedsB: number[],
  jobs: number,
): void {
  timer = undefined;
  const id = ++requestId;
  const w = startWorker('seeds');
  worker = w;
  w.onmessage = (event: MessageEvent<SeedsMessage>) => {
    const m = event.data;
    if (m?.v !== PROTOCOL_VERSION || m.id !== id || worker !== w) return;
    if (m.kind === 'seeds-progress') {
      verdictStore.setState({ done: m.done });
      return;
    }
    stopWorker();
    if (m.kind === 'seeds-result') {
      verdictStore.setState({
        status: 'ready',
        done: m.seeds.length,
        seeds: m.seeds,
        jobs: m.jobs,
        metrics: m.metrics,
        problems: [],
      });
    } else {
      verdictStore.setState({ status: 'error', problems: m.problems });
    }
  };
  w.onerror = (e) => {
    if (worker !== w) return;
    stopWorker();
    verdictStore.setState({ status: 'error', problems: [e.message || 'the seeds worker failed'] });
  };
  const req: SeedsRequest = {
    v: PROTOCOL_VERSION,
    kind: 'seeds',
    id,
    a,
    b,
    seeds,
    ...(seedsB[0] !== seeds[0] ? { seedsB } : {}),
    jobs,
  };
  w.postMessage(req);
}
