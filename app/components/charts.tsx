// The single view's charts as data (`ChartSpec`s drawn by the one SceneChart card), and the latency
// CDF's card with its log-scale switch. After a scheduler switch the CDF and the percentile bars
// show the jobs that ended before it against those since (never mixed), and say so in their window.

import { memo, useCallback, useEffect, useState } from 'react';
import type { FrameMessage, SwitchView } from '../../src/workers/protocol.ts';
import { cdfLayout } from '../charts/cdf-layout.ts';
import { timelineLayout } from '../charts/timeline-layout.ts';
import { percentileLayout, waitHistogramLayout } from '../charts/bars-layout.ts';
import { memoryLayout } from '../charts/memory-layout.ts';
import { formatClock } from '../format.ts';
import { frameStore } from '../state/frame-store.ts';
import { SceneChart, type ChartSpec } from './chart-card.tsx';

/** The latest scheduler switch of the run (when, from, to), updated only when it changes. */
export function useSwitch(): Pick<SwitchView, 't' | 'from' | 'to'> | undefined {
  const [sw, setSw] = useState<Pick<SwitchView, 't' | 'from' | 'to'> | undefined>(undefined);
  useEffect(() => {
    let last = '';
    const read = (f: FrameMessage | null): void => {
      const s = f?.switched;
      const key = s ? `${f.runId}|${s.t}|${s.to}` : '';
      if (key === last) return;
      last = key;
      setSw(s ? { t: s.t, from: s.from, to: s.to } : undefined);
    };
    read(frameStore.getState().frame);
    return frameStore.subscribe((st) => read(st.frame));
  }, []);
  return sw;
}

/** A window tag for figures that split at a scheduler switch. */
export function switchWindow(sw: { t: number } | undefined, whole: string): string {
  return sw ? `before and since the switch at ${formatClock(sw.t)}` : whole;
}

export const CdfChart = memo(function CdfChart() {
  const [log, setLog] = useState(true);
  const sw = useSwitch();
  const layout = useCallback(
    (f: FrameMessage, w: number, h: number) => cdfLayout(f, w, h, log),
    [log],
  );
  return (
    <SceneChart
      spec={{
        id: 'cdf',
        title: 'Latency CDF',
        window: switchWindow(sw, 'since the run began'),
        subtitle: 'share of jobs done within each latency, per class',
        height: 300,
        layout,
      }}
      tools={
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} />
          Log scale
        </label>
      }
    />
  );
});

export const TIMELINE: ChartSpec = {
  id: 'timeline',
  title: 'Timeline',
  window: 'per second, last 5 min',
  subtitle: 'vertical lines mark control changes',
  height: 300,
  layout: (f, w, h) => timelineLayout(f, w, h),
};

export const PercentileChart = memo(function PercentileChart() {
  const sw = useSwitch();
  return (
    <SceneChart
      spec={{
        id: 'percentiles',
        title: 'Latency percentiles',
        window: switchWindow(sw, 'since the run began'),
        height: 220,
        layout: percentiles,
      }}
    />
  );
});
const percentiles = (f: FrameMessage, w: number, h: number) =>
  percentileLayout(f.percentiles, f.sloMs, w, h, f.switched);

export const WAIT: ChartSpec = {
  id: 'wait',
  title: 'Wait time',
  window: 'since the run began',
  subtitle: 'histogram per class',
  height: 220,
  layout: (f, w, h) => waitHistogramLayout(f.histograms, w, h),
};

export const MEMORY: ChartSpec = {
  id: 'memory',
  title: 'Memory per lane',
  window: 'now, and the peak',
  subtitle: 'used vs capacity; the black tick is the peak',
  height: 80,
  layout: (f, w) => memoryLayout(f.lanes, w),
};
