// "Check the simulation" in live LLM mode's panel: the button (once every request has ended), the
// verdict, the table of live against simulated TTFT, TPOT and end-to-end latency with issue 23's
// targets, and the table's exports (CSV, and the whole check as JSON with the lanes and device the
// live figures came from: llm-check-export.ts).

import type { LlmLiveState, LlmSimCheck } from '../../src/workers/llm-protocol.ts';
import { downloadCheck } from './llm-check-export.ts';
import { checkLiveSimulation, useLive } from './llm-live.ts';

const METRIC_LABEL: Record<string, string> = {
  ttft_p50: 'TTFT p50',
  ttft_p99: 'TTFT p99',
  tpot_p50: 'TPOT p50',
  tpot_p99: 'TPOT p99',
  e2e_p50: 'end-to-end p50',
  e2e_p99: 'end-to-end p99',
};

export function LiveCheck({ live }: { live: LlmLiveState }) {
  const checking = useLive((s) => s.checking);
  const check = useLive((s) => s.check);
  const problem = useLive((s) => s.checkProblem);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          disabled={!live.finished || checking}
          data-testid="llm-live-check"
          className="rounded border border-sky-600 px-2 py-1 text-sm font-medium text-sky-700 disabled:opacity-50"
          onClick={() => void checkLiveSimulation()}
        >
          {checking ? 'Checking…' : 'Check the simulation'}
        </button>
        <span className="text-xs text-slate-600">
          {live.finished
            ? 'Replays the same requests in the simulation, with step costs fitted on this run’s own steps, and compares TTFT and TPOT.'
            : 'Available once every request of the run has ended.'}
        </span>
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      ) : null}
      {check ? <CheckResult check={check} live={live} /> : null}
    </div>
  );
}

function CheckResult({ check, live }: { check: LlmSimCheck; live: LlmLiveState }) {
  const rows = check.rows.filter((r) => r.class === 'all');
  return (
    <div className="flex flex-col gap-1 text-xs" data-testid="llm-live-verdict-box">
      <p
        role="status"
        data-testid="llm-live-verdict"
        data-good={check.good}
        className={check.good ? 'font-medium text-emerald-800' : 'font-medium text-amber-800'}
      >
        {check.verdict}
      </p>
      <p className="text-slate-600">
        Step costs fitted on{' '}
        {check.fits
          .map((f) => `${f.steps} ${f.kind.toUpperCase()}-lane steps (R² ${f.r2.toFixed(3)})`)
          .join(' and ')}
        ; offered load {(check.load * 100).toFixed(0)} % of a lane; {check.liveCompleted} requests
        served live, {check.twinCompleted} simulated.
      </p>
      <table className="w-full max-w-xl border-collapse text-left">
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th className="py-0.5 font-medium">All requests</th>
            <th className="py-0.5 text-right font-medium">Live</th>
            <th className="py-0.5 text-right font-medium">Simulated</th>
            <th className="py-0.5 text-right font-medium">Error</th>
            <th className="py-0.5 text-right font-medium">Target</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.metric}
              className="border-b border-slate-100"
              data-testid="llm-live-check-row"
            >
              <td className="py-0.5">{METRIC_LABEL[r.metric] ?? r.metric}</td>
              <td className="py-0.5 text-right tabular-nums">{r.measured_ms.toFixed(1)} ms</td>
              <td className="py-0.5 text-right tabular-nums">{r.predicted_ms.toFixed(1)} ms</td>
              <td className="py-0.5 text-right tabular-nums">
                {r.error_pct > 0 ? '+' : ''}
                {r.error_pct.toFixed(1)} %
              </td>
              <td className="py-0.5 text-right">
                {r.metric.startsWith('e2e') ? '—' : `±${r.target_pct} %`}
                {r.met === null || r.metric.startsWith('e2e') ? '' : r.met ? ' ✓' : ' ✗'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex flex-wrap items-center gap-1">
        <button
          type="button"
          className="btn"
          onClick={() => downloadCheck('csv', check, live.model, live.lanes)}
        >
          Check table CSV
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => downloadCheck('json', check, live.model, live.lanes)}
        >
          Check JSON
        </button>
        <span className="text-slate-500">
          Every class and metric; the JSON adds the fits, the verdict and the lanes it ran on.
        </span>
      </div>
    </div>
  );
}
