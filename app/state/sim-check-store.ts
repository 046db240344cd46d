// "Check the simulation": the latest check of the live run against the simulation (low rate, React
// renders it), whether one is running, and why the last one could not be made. Cleared when a new
// run starts (the check belongs to the run it checked).

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { SimCheckResult } from '../../src/workers/protocol.ts';

export interface SimCheckState {
  result: SimCheckResult | undefined;
  running: boolean;
  problem: string | undefined;
}

export const simCheckStore = createStore<SimCheckState>(() => ({
  result: undefined,
  running: false,
  problem: undefined,
}));

export function useSimCheck<T>(select: (s: SimCheckState) => T): T {
  return useStore(simCheckStore, select);
}
