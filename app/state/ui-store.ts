// How the page is laid out for this person: whether "More settings" is open, whether the dashboard
// (every chart) is shown, and the last Share message. Low-rate React state. The dashboard's choice
// is kept in the browser (localStorage): someone who wants every chart gets them on the next visit.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface UiState {
  /** The settings beyond the first few (mix, lanes, batching, seed, compare, live, import...). */
  moreOpen: boolean;
  /** The dashboard: the Gantt chart, latency CDF, timeline, percentiles, wait times, memory. */
  dashboard: boolean;
}

const DASHBOARD_KEY = 'schedlab-dashboard';

function storedDashboard(): boolean {
  try {
    return globalThis.localStorage?.getItem(DASHBOARD_KEY) === '1';
  } catch {
    return false;
  }
}

export const uiStore = createStore<UiState>(() => ({
  moreOpen: false,
  dashboard: storedDashboard(),
}));

export function useUi<T>(select: (s: UiState) => T): T {
  return useStore(uiStore, select);
}

export function setMoreOpen(open: boolean): void {
  uiStore.setState({ moreOpen: open });
}

/** Show or hide the dashboard, and remember the choice for the next visit. */
export function setDashboard(open: boolean): void {
  uiStore.setState({ dashboard: open });
  try {
    globalThis.localStorage?.setItem(DASHBOARD_KEY, open ? '1' : '0');
  } catch {
    // Storage blocked: the choice lasts this visit.
  }
}
