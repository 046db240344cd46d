// The load-test panel's worker: one sweep at a time in a fresh instance of the background worker
// (the seeds role of src/workers/worker.ts, the verdict's), each level's point shown as it arrives; Cancel (or
// a new run) terminates it, so nothing of an old sweep lands on the page. Low-rate state (a point
// every second or so): React renders it.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { startWorker } from '../../src/workers/spawn.ts';
import type { SweepPoint, SweepReport } from '../../src/engine/loadtest-sweep.ts';
import {
  PROTOCOL_VERSION,
  type LoadtestMessage,
  type LoadtestRequest,
} from '../../src/workers/protocol.ts';

export interface LoadtestState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  points: SweepPoint[];
  total: number;
  /** A live sweep's step in words (starting the lanes, run k of n). */
  detail: string;
  /** What the latest sweep ran against. */
  target: 'simulation' | 'live';
  report: SweepReport | null;
  problems: string[];
}

const IDLE: LoadtestState = {
  status: 'idle',
  points: [],
  total: 0,
  detail: '',
  target: 'simulation',
  report: null,
  problems: [],
};
export const loadtestStore = createStore<LoadtestState>(() => IDLE);

export function useLoadtest<T>(select: (s: LoadtestState) => T): T {
  return useStore(loadtestStore, select);
}

let worker: Worker | undefined;
let requestId = 0;

function stop(): void {
  worker?.terminate();
  worker = undefined;
}

/** Cancel the sweep that runs (its points so far stay shown). */
export function cancelLoadtest(): void {
  if (!worker) return;
  stop();
  loadtestStore.setState({ status: 'cancelled' });
}

export function runLoadtest(req: Omit<LoadtestRequest, 'v' | 'kind' | 'id'>): void {
  stop();
  const id = ++requestId;
  const w = startWorker('seeds');
  worker = w;
  loadtestStore.setState({
    ...IDLE,
    status: 'running',
    total: req.levels.length,
    target: req.target ?? 'simulation',
  });
  w.onmessage = (event: MessageEvent<LoadtestMessage>) => {
    const m = event.data;
    if (m?.v !== PROTOCOL_VERSION || m.id !== id || worker !== w) return;
    if (m.kind === 'loadtest-progress') {
      loadtestStore.setState({ detail: m.detail });
      return;
    }
    if (m.kind === 'loadtest-point') {
      loadtestStore.setState((s) => ({ points: [...s.points, m.point], total: m.total }));
      return;
    }
    stop();
    if (m.kind === 'loadtest-result') {
      loadtestStore.setState({ status: 'done', report: m.report, points: m.report.points });
    } else loadtestStore.setState({ status: 'error', problems: m.problems });
  };
  w.onerror = (e) => {
    if (worker !== w) return;
    stop();
    loadtestStore.setState({
      status: 'error',
      problems: [e.message || 'the load-test worker failed'],
    });
  };
  w.postMessage({ v: PROTOCOL_VERSION, kind: 'loadtest', id, ...req } satisfies LoadtestRequest);
}
