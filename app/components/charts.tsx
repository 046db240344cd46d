// The scene charts, each a SceneChart with a stable layout function.

import { memo, useCallback, useState } from 'react';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { cdfLayout } from '../charts/cdf-layout.ts';
import { timelineLayout } from '../charts/timeline-layout.ts';
import { percentileLayout, waitHistogramLayout } from '../charts/bars-layout.ts';
import { memoryLayout } from '../charts/memory-layout.ts';
import { SceneChart } from './scene-chart.tsx';

export const CdfChart = memo(function CdfChart() {
  const [log, setLog] = useState(true);
  const layout = useCallback(
    (f: FrameMessage, w: number, h: number) => cdfLayout(f, w, h, log),
    [log],
  );
  return (
    <SceneChart
      id="cdf"
      title="Latency CDF"
      subtitle="per class, since the run began"
      height={300}
      layout={layout}
      tools={
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} />
          Log scale
        </label>
      }
    />
  );
});

const timeline = (f: FrameMessage, w: number, h: number) => timelineLayout(f, w, h);
export const TimelineChart = memo(function TimelineChart() {
  return (
    <SceneChart
      id="timeline"
      title="Timeline"
      subtitle="per simulated second; vertical lines mark control changes"
      height={300}
      layout={timeline}
    />
  );
});

const percentiles = (f: FrameMessage, w: number, h: number) =>
  percentileLayout(f.percentiles, f.sloMs, w, h);
export const PercentileChart = memo(function PercentileChart() {
  return (
    <SceneChart
      id="percentiles"
      title="Latency percentiles"
      subtitle="since the run began"
      height={220}
      layout={percentiles}
    />
  );
});

const waits = (f: FrameMessage, w: number, h: number) => waitHistogramLayout(f.histograms, w, h);
export const WaitChart = memo(function WaitChart() {
  return (
    <SceneChart
      id="wait"
      title="Wait time"
      subtitle="histogram per class"
      height={220}
      layout={waits}
    />
  );
});

const memory = (f: FrameMessage, w: number) => memoryLayout(f.lanes, w);
export const MemoryChart = memo(function MemoryChart() {
  return (
    <SceneChart
      id="memory"
      title="Memory per lane"
      subtitle="used vs capacity; the black tick is the peak"
      height={80}
      layout={memory}
    />
  );
});
