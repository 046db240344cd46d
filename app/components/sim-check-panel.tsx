// "Check the simulation" (live mode): pauses the live run, calibrates its lanes, replays the same
// arrivals in the simulator and overlays the predicted latency CDF on the measured one, with each
// percentile's error; beside it the lanes' drift during the run (probes at its start and at the
// check) and the error of a prediction corrected for it. The chart is a pure layout (app/charts/sim-check-layout.ts) drawn by the
// page's canvas renderer; the table under it says the same in text.

import { memo, useMemo, useRef, useState } from 'react';
import type { FrameMessage, LiveLaneState, SimCheckResult } from '../../src/workers/protocol.ts';
import { signedChange } from '../../src/engine/change-words.ts';
import { simCheckLayout } from '../charts/sim-check-layout.ts';
import { formatMs, formatRate } from '../format.ts';
import { useApp } from '../state/app-store.ts';
import { checkSimulation } from '../state/actions.ts';
import { frameStore } from '../state/frame-store.ts';
import { useSimCheck } from '../state/sim-check-store.ts';
import { useFrameLayer } from '../use-layer.ts';
import { SceneChart, type ChartSpec } from './chart-card.tsx';
import { Panel } from './panel.tsx';
import { simCheckVerdict, withinTolerance } from './sim-check-verdict.ts';
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

const signedPct = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(1)} %`;

/** How far the lanes' speed moved during the run, and what the corrected prediction does with it. */
function DriftLine({ result }: { result: SimCheckResult }) {
  const d = result.drift;
  if (!d) {
    return (
      <p className="text-xs text-slate-600" data-testid="sim-check-drift">
        Drift: not measured ({result.driftProblem ?? 'no probes'}).
      </p>
    );
  }
  const used = d[d.by];
  return (
    <p className="text-xs text-slate-600" data-testid="sim-check-drift">
      Drift (how much slower the lanes ran than when calibrated; each model timed on the lanes at
      the run's start and at this check, one lane at a time and all lanes busy together): alone{' '}
      {signedPct(d.alone.startPct)} at the start, {signedPct(d.alone.endPct)} now; together{' '}
      {signedPct(d.together.startPct)} at the start, {signedPct(d.together.endPct)} now. The
      drift-corrected prediction runs service times ×{used.factor.toFixed(2)} (the run's {d.by}{' '}
      drift {signedPct(used.runPct)} against {signedPct(used.basisPct)} right after the
      calibration).
    </p>
  );
}

/** The error of a figure as a change from measured to predicted ("+12 %", "4.9× higher"). */
function errorText(measured: number, predicted: number): string {
  return measured > 0 ? signedChange(predicted / measured) : '–';
}

function ResultTable({ result }: { result: SimCheckResult }) {
  const corrected = result.drift !== undefined;
  return (
    <table className="tabular w-full text-xs" data-testid="sim-check-table">
      <thead>
        <tr className="text-left text-slate-500">
          <th className="font-medium">class</th>
          <th className="font-medium">figure</th>
          <th className="text-right font-medium">measured (live)</th>
          <th className="text-right font-medium">predicted (simulation)</th>
          <th className="text-right font-medium">simulation vs live</th>
          {corrected && <th className="text-right font-medium">drift-corrected</th>}
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
                className={`text-right ${r.metric !== 'throughput' && r.metric !== 'mean' && !withinTolerance(r.metric, r.errorPct) ? 'font-semibold text-red-700' : ''}`}
              >
                {errorText(r.measured, r.predicted)}
              </td>
              {corrected && (
                <td className="text-right" data-testid="sim-check-corrected">
                  {r.correctedPredicted !== undefined
                    ? errorText(r.measured, r.correctedPredicted)
                    : '–'}
                </td>
              )}
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

/** Whether the simulation is usable here, and why not. */
function Verdict({ result }: { result: SimCheckResult }) {
  const lanes: readonly LiveLaneState[] = frameStore.getState().frame?.live?.lanes ?? [];
  const v = simCheckVerdict(result, lanes);
  return (
    <div
      className={`rounded border px-2 py-1.5 ${v.usable ? 'border-emerald-300 bg-emerald-50 text-emerald-950' : 'border-amber-300 bg-amber-50 text-amber-950'}`}
      data-testid="sim-check-verdict"
      data-usable={v.usable ? 'true' : 'false'}
    >
      <p className="font-semibold">{v.headline}</p>
      {v.reasons.length > 0 && (
        <>
          <p className="mt-1 text-xs font-medium">Likely why:</p>
          <ul className="list-disc pl-5 text-xs">
            {v.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export const SimCheckPanel = memo(function SimCheckPanel() {
  const live = useApp((s) => s.mode === 'live');
  const running = useSimCheck((s) => s.running);
  const result = useSimCheck((s) => s.result);
  const problem = useSimCheck((s) => s.problem);
  const checking = useChecking();
  const spec: ChartSpec = useMemo(
    () => ({
      id: 'sim-check',
      title: 'Simulation against the live run',
      window: 'the live run so far',
      subtitle: 'latency CDF: measured (solid) and predicted (dashed)',
      height: 300,
      layout: (_f: FrameMessage, w: number, h: number) =>
        simCheckLayout({ classes: result?.classes ?? [], table: false }, w, h),
    }),
    [result],
  );
  if (!live) return null;
  return (
    <Panel title="Check the simulation" hideTitle testId="sim-check" className="gap-2 text-sm">
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
          <Verdict result={result} />
          <CalibrationLine result={result} />
          <DriftLine result={result} />
          <SceneChart spec={spec} />
          <ResultTable result={result} />
        </>
      )}
    </Panel>
  );
});
