// The load-test panel: sweep the offered rate against the current lanes (a fixed pool: autoscaling
// off, so the knee is the lanes' own) in a worker, with progress and Cancel, and draw p99 latency
// against the offered rate with the knee marked, from the intended send time and from the actual
// one. The same sweep as `npm run loadtest -- --sweep ...` (src/engine/loadtest-sweep.ts), against
// the simulation or, as `--live` does, against real lane workers on the wall clock (live mode's
// lanes); a live sweep takes real time, so its defaults are short.

import { memo, useId, useState } from 'react';
import type { SweepReport } from '../../src/engine/loadtest-sweep.ts';
import { buildConfig, capacityPerS } from '../config/settings.ts';
import { Panel } from '../components/panel.tsx';
import { Term } from '../components/term.tsx';
import { formatMs } from '../format.ts';
import { useApp } from '../state/app-store.ts';
import { CheckedNumber } from './checked-input.tsx';
import { kneeScene } from './elastic-layout.ts';
import { PlotFrame } from './autoscale-panel.tsx';
import { cancelLoadtest, runLoadtest, useLoadtest } from './loadtest-client.ts';

/** `count` rates from `from` to `to`, evenly spaced, rounded to whole req/s. */
export function sweepLevels(from: number, to: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const r = Math.round(from + ((to - from) * i) / Math.max(1, count - 1));
    if (out.length === 0 || r > out[out.length - 1]!) out.push(r);
  }
  return out;
}

function KneeChart(props: { report: SweepReport }) {
  const scene = kneeScene(props.report);
  const { box } = scene;
  const k = props.report.knee;
  return (
    <svg
      viewBox={`0 0 ${box.width} ${box.height}`}
      className="h-auto w-full"
      role="img"
      aria-label={`p99 latency against offered rate; the knee at ${k.level} req/s (throughput ${k.throughput_per_s.toFixed(0)}/s, p99 ${formatMs(k.p99_ms)})`}
      data-testid="knee-chart"
      data-knee={k.level}
    >
      <PlotFrame box={box} />
      <line
        x1={scene.knee.x}
        x2={scene.knee.x}
        y1={box.top}
        y2={box.height - box.bottom}
        stroke="#b91c1c"
        strokeDasharray="4 3"
      />
      <text x={scene.knee.x + 4} y={box.top + 12} fontSize={11} fill="#b91c1c">
        knee {k.level}/s
      </text>
      <path d={scene.actual} fill="none" stroke="#0f766e" strokeWidth={2} strokeDasharray="5 3" />
      <path d={scene.intended} fill="none" stroke="#1d4ed8" strokeWidth={2} />
      {scene.points.map((p) => (
        <circle key={p.level} cx={p.x} cy={p.y} r={3} fill="#1d4ed8" />
      ))}
      <text x={box.left - 4} y={box.top + 8} textAnchor="end" fontSize={10}>
        {formatMs(scene.latencyMax)}
      </text>
      <text x={box.left - 4} y={box.height - box.bottom} textAnchor="end" fontSize={10}>
        1 ms
      </text>
      <text x={box.width - box.right} y={box.height - 8} textAnchor="end" fontSize={10}>
        {`${scene.rateMax} req/s offered`}
      </text>
      <text x={box.left} y={box.height - 8} fontSize={10}>
        0
      </text>
    </svg>
  );
}

type Target = 'simulation' | 'live';

interface SweepForm {
  from: number | null;
  to: number | null;
  count: number;
  repeats: number;
  duration: number;
  connections: number;
}

/** Each target's own settings: a live sweep's defaults are short (it serves in real time), and its
 * rates low (real lanes are slower than the simulated service times; live mode shows theirs). */
const FORMS: Record<Target, SweepForm & { fromShare: number; toShare: number }> = {
  simulation: {
    from: null,
    to: null,
    count: 6,
    repeats: 2,
    duration: 10,
    connections: 64,
    fromShare: 0.2,
    toShare: 1.5,
  },
  live: {
    from: null,
    to: null,
    count: 2,
    repeats: 1,
    duration: 3,
    connections: 64,
    fromShare: 0.05,
    toShare: 0.2,
  },
};

export const LoadtestPanel = memo(function LoadtestPanel() {
  const id = useId();
  const settings = useApp((s) => s.settings);
  const base = useApp((s) => s.base);
  const lt = useLoadtest((s) => s);
  const cap = Math.max(1, Math.round(capacityPerS(settings)));
  const [target, setTarget] = useState<Target>('simulation');
  const [forms, setForms] = useState<Record<Target, SweepForm>>(FORMS);
  const form = forms[target];
  const setForm = (f: SweepForm) => setForms({ ...forms, [target]: f });
  const from = form.from ?? Math.max(1, Math.round(FORMS[target].fromShare * cap));
  const to = form.to ?? Math.max(from + 1, Math.round(FORMS[target].toShare * cap));
  const realSeconds = sweepLevels(from, to, form.count).length * form.repeats * form.duration;
  const [problem, setProblem] = useState<string | null>(null);
  const run = (): void => {
    if (to <= from) {
      setProblem(`To rate: ${to} req/s must be above From rate (${from} req/s).`);
      return;
    }
    setProblem(null);
    // A fixed pool: the sweep measures the lanes as they are, not an autoscaler's answer.
    const config = buildConfig(
      { ...settings, autoscale: { ...settings.autoscale, enabled: false } },
      base,
    );
    runLoadtest({
      config,
      levels: sweepLevels(from, to, form.count),
      repeats: form.repeats,
      duration_s: form.duration,
      connections: form.connections,
      target,
    });
  };
  const running = lt.status === 'running';
  const report = lt.report;
  return (
    <Panel
      title="Load test"
      testId="loadtest-panel"
      data={{ status: lt.status }}
      className="gap-2"
      subtitle={
        <>
          Offer rising rates to the current lanes (autoscaling off) and find the{' '}
          <Term id="knee">knee</Term>. Latency is timed from when each request was due (intended)
          and from when the client could send it (actual): behind a pool of connections the two part
          past the knee, and the gap is the wait that{' '}
          <Term id="coordinated_omission">coordinated omission</Term> hides.
        </>
      }
    >
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" disabled={running}>
        <legend className="sr-only">Target</legend>
        <span className="font-medium">Target:</span>
        {(
          [
            ['simulation', 'Simulation', 'the engine’s simulated lanes, simulated seconds (fast)'],
            ['live', 'Live lanes', 'real lane workers running the models, on the wall clock'],
          ] as const
        ).map(([value, label, hint]) => (
          <label key={value} className="flex items-center gap-1">
            <input
              type="radio"
              name={`${id}-target`}
              value={value}
              checked={target === value}
              onChange={() => setTarget(value)}
              data-testid={`lt-target-${value}`}
            />
            {label} <span className="text-xs text-slate-600">({hint})</span>
          </label>
        ))}
      </fieldset>
      {target === 'live' && (
        <p className="text-xs text-slate-700" data-testid="lt-live-note">
          A live sweep takes real time: about {realSeconds} s of serving ({form.count} levels ×{' '}
          {form.repeats} repeat{form.repeats === 1 ? '' : 's'} × {form.duration} s), after the lanes
          load their models and warm up. A lane that cannot start (no WebGPU for a GPU-class lane)
          is left out and named.
        </p>
      )}
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-6">
        <CheckedNumber
          id={`${id}-from`}
          label="From rate"
          unit="req/s"
          value={from}
          min={1}
          max={20_000}
          testId="lt-from"
          onCommit={(v) => setForm({ ...form, from: v })}
        />
        <CheckedNumber
          id={`${id}-to`}
          label="To rate"
          unit="req/s"
          value={to}
          min={1}
          max={20_000}
          testId="lt-to"
          onCommit={(v) => setForm({ ...form, to: v })}
        />
        <CheckedNumber
          id={`${id}-n`}
          label="Levels"
          value={form.count}
          min={2}
          max={20}
          integer
          testId="lt-levels"
          onCommit={(v) => setForm({ ...form, count: v })}
        />
        <CheckedNumber
          id={`${id}-rep`}
          label="Repeats"
          value={form.repeats}
          min={1}
          max={10}
          integer
          testId="lt-repeats"
          onCommit={(v) => setForm({ ...form, repeats: v })}
        />
        <CheckedNumber
          id={`${id}-dur`}
          label="Run length"
          unit="s"
          value={form.duration}
          min={1}
          max={120}
          testId="lt-duration"
          onCommit={(v) => setForm({ ...form, duration: v })}
        />
        <CheckedNumber
          id={`${id}-conn`}
          label="Connections"
          value={form.connections}
          min={1}
          max={100_000}
          integer
          testId="lt-connections"
          onCommit={(v) => setForm({ ...form, connections: v })}
        />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn" onClick={run} disabled={running} data-testid="lt-run">
          Run sweep
        </button>
        <button
          type="button"
          className="btn"
          onClick={cancelLoadtest}
          disabled={!running}
          data-testid="lt-cancel"
        >
          Cancel sweep
        </button>
        {running && (
          <span className="flex items-center gap-2 text-xs" aria-live="polite">
            <progress
              max={lt.total}
              value={lt.points.length}
              aria-label="Levels of the sweep done"
              className="h-2 w-32"
            />
            level {Math.min(lt.points.length + 1, lt.total)} of {lt.total}…
            {lt.detail && <span data-testid="lt-detail">{lt.detail}</span>}
          </span>
        )}
        {lt.status === 'cancelled' && (
          <span className="text-xs">Cancelled after {lt.points.length} levels.</span>
        )}
      </div>
      {problem && (
        <p role="alert" className="text-xs text-red-700">
          {problem}
        </p>
      )}
      {lt.status === 'error' && (
        <p role="alert" className="text-xs text-red-700">
          The sweep could not run: {lt.problems.join('; ')}
        </p>
      )}
      {report && (
        <>
          <p className="text-sm font-semibold" data-testid="lt-knee">
            Knee at {report.knee.level} req/s offered: {report.knee.throughput_per_s.toFixed(0)}{' '}
            served per second, p99 {formatMs(report.knee.p99_ms)} (the level of greatest throughput
            / p99, {report.repeats} seed{report.repeats === 1 ? '' : 's'} a level
            {lt.target === 'live' ? ', served live by the lanes' : ''}).
          </p>
          <KneeChart report={report} />
          <p className="text-xs text-slate-700">
            <span className="text-blue-700">Solid: p99 from the intended send time</span> ·{' '}
            <span className="text-teal-700">dashed: from the actual send time</span>; a log axis.
          </p>
          <table className="tabular w-full text-xs" data-testid="lt-table">
            <thead className="text-left text-slate-600">
              <tr>
                <th className="font-medium">offered</th>
                <th className="text-right font-medium">served/s</th>
                <th className="text-right font-medium">success</th>
                <th className="text-right font-medium">p99 intended</th>
                <th className="text-right font-medium">p99 actual</th>
              </tr>
            </thead>
            <tbody>
              {report.points.map((p) => (
                <tr key={p.level} data-level={p.level}>
                  <td>{p.level}/s</td>
                  <td className="text-right">{p.throughput_per_s.mean.toFixed(0)}</td>
                  <td className="text-right">{(100 * p.success_rate.mean).toFixed(1)} %</td>
                  <td className="text-right">{formatMs(p.p99_intended_ms.mean)}</td>
                  <td className="text-right">{formatMs(p.p99_actual_ms.mean)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
});
