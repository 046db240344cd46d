// "Check the simulation" (live mode): pauses the live run, calibrates its lanes, replays the same
// arrivals in the simulator and overlays the predicted latency CDF on the measured one, with each
// percentile's error. The chart is a pure layout (app/charts/sim-check-layout.ts) drawn by the
// page's canvas renderer; the table under it says the same in text.

import { memo, useCallback, useRef, useState } from 'react';
import type { FrameMessage, SimCheckResult } from '../../src/workers/protocol.ts';
import { formatError, simCheckLayout } from '../charts/sim-check-layout.ts';
import { formatMs, formatRate } from '../format.ts';
import { useApp } from '../state/app-store.ts';
import { checkSimulation } from '../state/actions.ts';
import { frameStore } from '../state/frame-store.ts';
import { useSimCheck } from '../state/sim-check-store.ts';
import { useFrameLayer } from '../use-layer.ts';
import { SceneChart } from './scene-chart.tsx';

/** What the engine worker says the check is doing (from frames, 4 Hz). */
function useChecking(): string | undefined {
  const [detail, setDetail] = useState<string | undefined>(undefined);
  const last = useRef<string | undefined>(undefined);
  useFrameLayer(
    () => {
      const next = frameStore.getState().frame?.checking;
      if (next === last.current) return;
      last.current = next;
      setDetail(next);
    },
    [],
    250,
  );
  return detail;
}

function CalibrationLine({ result }: { result: SimCheckResult }) {
  const cal = result.calibration;
  const overhead = cal.overhead.map((o) => `${o.kind} ${formatMs(o.meanMs)}`).join(', ');
  const sharing = cal.sharing
    .map((s) => `${s.lanes} ${s.kind} lanes at once ×${s.slowdown.toFixed(2)}`)
    .join(', ');
  return (
    <p className="text-xs text-slate-600" data-testid="sim-check-calibration">
      Calibrated on this run's lanes: {cal.batch1.length} model × lane timings (
      {cal.batch1.map((b) => `${b.model} ${formatMs(b.meanMs)} cv ${b.cv.toFixed(2)}`).join(', ')}
      ); overhead per run {overhead}
      {sharing ? `; sharing: ${sharing}` : ''}. The simulation replayed the run's {result.arrived}{' '}
      arrivals {result.replays} times with other service draws.
    </p>
  );
}

function ResultTable({ result }: { result: SimCheckResult }) {
  return (
    <table className="tabular w-full text-xs" data-testid="sim-check-table">
      <thead>
        <tr className="text-left text-slate-500">
          <th className="font-medium">class</th>
          <th className="font-medium">figure</th>
          <th className="text-right font-medium">measured (live)</th>
          <th className="text-right font-medium">predicted (simulation)</th>
          <th className="text-right font-medium">error</th>
        </tr>
      </thead>
      <tbody>
        {result.classes.flatMap((c) =>
          c.rows.map((r) => (
            <tr key={`${c.cls}-${r.metric}`} data-class={c.cls} data-metric={r.metric}>
              <td>{c.cls}</td>
              <td>{r.metric}</td>
              <td className="text-right">
                {r.metric === 'throughput' ? `${formatRate(r.measured)}/s` : formatMs(r.measured)}
              </td>
              <td className="text-right">
                {r.metric === 'throughput' ? `${formatRate(r.predicted)}/s` : formatMs(r.predicted)}
              </td>
              <td
                className={`text-right ${Math.abs(r.errorPct) > 20 ? 'font-semibold text-red-700' : ''}`}
              >
                {formatError(r.errorPct)}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

export const SimCheckPanel = memo(function SimCheckPanel() {
  const live = useApp((s) => s.mode === 'live');
  const running = useSimCheck((s) => s.running);
  const result = useSimCheck((s) => s.result);
  const problem = useSimCheck((s) => s.problem);
  const checking = useChecking();
  const layout = useCallback(
    (_f: FrameMessage, w: number, h: number) =>
      simCheckLayout({ classes: result?.classes ?? [] }, w, h),
    [result],
  );
  if (!live) return null;
  return (
    <section
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-2 text-sm shadow-sm"
      aria-label="Check the simulation"
      data-testid="sim-check"
    >
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className="rounded bg-slate-700 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
          onClick={() => void checkSimulation()}
          disabled={running}
        >
          Check the simulation
        </button>
        <span className="text-xs text-slate-500">
          Pauses the live run, calibrates its lanes, replays the same arrivals in the simulator and
          compares the latency distributions over the same jobs. Play resumes the run.
        </span>
      </div>
      {running && (
        <p className="text-xs text-sky-800" data-testid="sim-check-progress">
          Checking… {checking ?? ''}
        </p>
      )}
      {problem && (
        <p className="text-xs text-red-700" role="alert" data-testid="sim-check-problem">
          {problem}
        </p>
      )}
      {result && (
        <>
          <p className="text-xs text-slate-700" data-testid="sim-check-summary">
            {result.jobs} jobs compared
            {result.liveOnly > 0
              ? ` (${result.liveOnly} finished live but not in the simulation are left out)`
              : ''}
            ; arrivals identical in both: {result.arrivalsIdentical ? 'yes' : 'no'}.
          </p>
          <CalibrationLine result={result} />
          <SceneChart
            id="sim-check"
            title="Simulation against the live run"
            subtitle="latency CDF: measured (solid) and predicted (dashed)"
            height={300}
            layout={layout}
          />
          <ResultTable result={result} />
        </>
      )}
    </section>
  );
});
