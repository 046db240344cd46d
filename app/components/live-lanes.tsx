// Live mode's lane panel: each lane worker's provider, health (loading progress, warming, ready, or
// down with the reason), runtime (WebGPU adapter, software or not; WASM threads, or single-threaded
// without cross-origin isolation) and what it measured (runs, mean service time, last output).
// Lane state changes a few times a second at most: the panel re-renders from the frame store at
// 4 Hz, only when something it shows changed.

import { memo, useRef, useState } from 'react';
import { frameStore } from '../state/frame-store.ts';
import { useFrameLayer } from '../use-layer.ts';
import type { LiveLaneState, LiveStatus } from '../../src/workers/protocol.ts';
import { predictionSpark } from '../charts/prediction-spark.ts';
import { formatMs } from '../format.ts';
import { Panel } from './panel.tsx';

const SPARK_W = 160;
const SPARK_H = 28;

/** The latency predictor on this lane: its estimate for each recent run against the measured
 * service time, the latest pair, and its running error over every run so far. */
function PredictorRow({ lane }: { lane: LiveLaneState }) {
  const p = lane.predictor;
  if (!p || p.runs === 0) return null;
  const last = p.predicted.length - 1;
  const estimate = p.predicted[last]!;
  const spark = predictionSpark(p.predicted, p.measured, SPARK_W, SPARK_H);
  return (
    <div
      className="tabular flex flex-wrap items-center gap-2 text-xs text-slate-700"
      data-testid={`live-lane-${lane.name}-predictor`}
      data-runs={p.runs}
      data-mape={Number.isFinite(p.mape) ? p.mape.toFixed(2) : ''}
    >
      <svg
        width={SPARK_W}
        height={SPARK_H}
        role="img"
        aria-label={`${lane.name}: predicted (dashed) and measured (solid) service time of the last ${p.predicted.length} runs, 0 to ${formatMs(spark.maxMs)}`}
        className="rounded bg-slate-50"
      >
        <polyline points={spark.measured} fill="none" stroke="#0f172a" strokeWidth={1.2} />
        <polyline
          points={spark.predicted}
          fill="none"
          stroke="#0284c7"
          strokeWidth={1.2}
          strokeDasharray="3 2"
        />
      </svg>
      <span>
        predictor: last run estimated{' '}
        {Number.isFinite(estimate) ? formatMs(estimate) : '– (no estimate yet)'}, measured{' '}
        {formatMs(p.measured[last]!)} · running error{' '}
        {Number.isFinite(p.mape) ? `${p.mape.toFixed(1)} %` : '–'} over {p.runs} run
        {p.runs === 1 ? '' : 's'} (mean absolute)
      </span>
    </div>
  );
}

const TONE: Record<LiveLaneState['health'], string> = {
  starting: 'bg-slate-100 text-slate-700',
  loading: 'bg-sky-100 text-sky-800',
  warming: 'bg-sky-100 text-sky-800',
  ready: 'bg-emerald-100 text-emerald-800',
  down: 'bg-red-100 text-red-800',
  parked: 'bg-slate-100 text-slate-500',
};

function runtimeText(lane: LiveLaneState, isolated: boolean): string {
  const info = lane.info;
  if (!info) return lane.provider === 'webgpu' ? 'WebGPU' : 'WASM';
  if (lane.provider === 'webgpu') {
    const a = info.adapter;
    if (!a) return 'WebGPU: no adapter';
    const name = [a.vendor, a.architecture, a.description].filter((s) => s !== '').join(' ');
    return `WebGPU on ${name || 'unnamed adapter'}${a.software ? ' (software adapter: correct but slow)' : ''}`;
  }
  if (!isolated) return 'WASM, single-threaded (page not cross-origin isolated)';
  return `WASM, ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
}

function LaneRow({ lane, isolated }: { lane: LiveLaneState; isolated: boolean }) {
  return (
    <li
      className="flex flex-col gap-0.5 rounded border border-slate-200 px-2 py-1"
      data-testid={`live-lane-${lane.name}`}
      data-health={lane.health}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono font-semibold">{lane.name}</span>
        <span className={`rounded px-1.5 text-xs font-medium ${TONE[lane.health]}`}>
          {lane.health}
        </span>
        <span className="text-xs text-slate-600">{runtimeText(lane, isolated)}</span>
        {lane.restarts !== undefined && (
          <span className="text-xs text-slate-500" data-testid={`live-lane-${lane.name}-restarts`}>
            restarted {lane.restarts}×
          </span>
        )}
      </div>
      {(lane.health === 'loading' || lane.health === 'starting' || lane.health === 'warming') && (
        <progress
          className="h-1.5 w-full"
          max={1}
          value={lane.progress}
          aria-label={`${lane.name} ${lane.health === 'warming' ? 'warm-up' : 'loading'} progress`}
        />
      )}
      <div className={`text-xs ${lane.health === 'down' ? 'text-red-700' : 'text-slate-500'}`}>
        {lane.health === 'down' ? `down: ${lane.reason ?? lane.detail}` : lane.detail}
        {lane.health === 'down' && (
          <span className="text-slate-500"> · Recover {lane.name} (Lanes) restarts its worker</span>
        )}
      </div>
      {lane.runs > 0 && (
        <div className="tabular text-xs text-slate-700">
          {lane.runs} batches · {lane.jobs} jobs · service {lane.meanServiceMs.toFixed(1)} ms mean,{' '}
          {lane.lastServiceMs.toFixed(1)} ms last · output {lane.lastOutput}
        </div>
      )}
      <PredictorRow lane={lane} />
    </li>
  );
}

export const LiveLanes = memo(function LiveLanes() {
  const [live, setLive] = useState<LiveStatus | null>(null);
  const last = useRef('null');
  useFrameLayer(
    () => {
      // Compare here, not in a functional update: a queued updater that React bails out of keeps
      // the frame it closed over alive (see useLanes in lane-faults.tsx).
      const next = frameStore.getState().frame?.live ?? null;
      const key = JSON.stringify(next);
      if (key === last.current) return;
      last.current = key;
      setLive(next);
    },
    [],
    250,
  );
  if (!live) return null;
  return (
    <Panel
      title="Live lanes"
      testId="live-lanes"
      className="gap-1 text-sm"
      subtitle={
        live.settled
          ? 'real inference, wall clock'
          : 'loading models; the clock starts when every lane is ready or down'
      }
    >
      {!live.isolated && (
        <p className="mb-1 text-xs text-amber-700" data-testid="live-single-threaded">
          This page is not cross-origin isolated (no COOP/COEP headers): WASM lanes run
          single-threaded.
        </p>
      )}
      <ul className="flex flex-col gap-1">
        {live.lanes.map((lane) => (
          <LaneRow key={lane.name} lane={lane} isolated={live.isolated} />
        ))}
      </ul>
    </Panel>
  );
});
