// Compare mode's verdict: A against B over extra seeds, run in the background by the seeds worker,
// with each figure's 95 % interval once ready ("B cuts interactive p99 by 63 % (95 % CI 55-70 %)
// over 10 seeds"). Low-rate state (a result every few seconds at most): React renders it.

import { memo } from 'react';
import {
  headlineMetric,
  verdictSentence,
  type PairedMetric,
} from '../../src/engine/compare-seeds.ts';
import { formatCount, formatMs } from '../format.ts';
import { useVerdict } from '../state/verdict.ts';

function value(m: PairedMetric, v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (m.unit === 'ms') return formatMs(v);
  if (m.unit === 'jobs/s') return `${v.toFixed(1)}/s`;
  if (m.unit === 'points') return `${v.toFixed(2)} %`;
  return v.toFixed(3);
}

function change(m: PairedMetric, x: number): string {
  if (!Number.isFinite(x)) return '–';
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  const v = Math.abs(x);
  if (m.kind === 'ratio') return `${sign}${(v * 100).toFixed(1)} %`;
  if (m.unit === 'jobs/s') return `${sign}${v.toFixed(1)}/s`;
  if (m.unit === 'points') return `${sign}${v.toFixed(2)} pts`;
  return `${sign}${v.toFixed(4)}`;
}

/** Whether the interval says B is better (true), worse (false) or cannot tell (null). */
function direction(m: PairedMetric): boolean | null {
  const iv = m.interval;
  if (!iv || (iv.lo <= 0 && iv.hi >= 0)) return null;
  const up = iv.lo > 0;
  return m.better === 'higher' ? up : !up;
}

export const VerdictPanel = memo(function VerdictPanel() {
  const v = useVerdict((s) => s);
  const headline = headlineMetric(v.metrics);
  return (
    <section
      className="flex flex-col gap-1 rounded-lg border border-slate-200 bg-white p-2 shadow-sm"
      aria-labelledby="verdict-title"
      data-testid="verdict"
      data-status={v.status}
    >
      <header className="flex flex-wrap items-baseline gap-2">
        <h2 id="verdict-title" className="text-sm font-semibold text-slate-800">
          Verdict
        </h2>
        <span className="text-xs text-slate-500">
          {v.seeds.length} seeds ({v.seeds[0] ?? '–'}-{v.seeds[v.seeds.length - 1] ?? '–'}) ×{' '}
          {formatCount(v.jobs)} jobs per side at the current settings, in the background; 95 %
          t-interval on per-seed paired differences
        </span>
      </header>
      {v.status === 'running' && (
        <div className="flex items-center gap-2 text-xs text-slate-600" aria-live="polite">
          <progress
            max={v.seeds.length}
            value={v.done}
            aria-label="Seeds run for the verdict"
            className="h-2 w-32"
          />
          Running seed {Math.min(v.done + 1, v.seeds.length)} of {v.seeds.length}…
        </div>
      )}
      {v.status === 'error' && (
        <p role="alert" className="text-xs text-red-700">
          The verdict could not run: {v.problems.join('; ')}
        </p>
      )}
      {v.status === 'ready' && headline && (
        <>
          <p className="text-base font-semibold text-slate-900" data-testid="verdict-headline">
            {verdictSentence(headline, v.seeds.length)}
          </p>
          <table className="tabular w-full text-xs" data-testid="verdict-table">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="font-medium">figure</th>
                <th className="text-right font-medium">A (mean)</th>
                <th className="text-right font-medium">B (mean)</th>
                <th className="text-right font-medium">B − A</th>
                <th className="pl-3 font-medium">95 % CI</th>
              </tr>
            </thead>
            <tbody>
              {v.metrics.map((m) => {
                const d = direction(m);
                const tone =
                  d === true ? 'text-green-700' : d === false ? 'text-red-700' : 'text-slate-600';
                return (
                  <tr key={m.id} data-metric={m.id}>
                    <td>{m.label}</td>
                    <td className="text-right">{value(m, m.a)}</td>
                    <td className="text-right">{value(m, m.b)}</td>
                    <td className={`text-right font-semibold ${tone}`}>
                      {m.identical ? 'same' : change(m, m.estimate)}
                    </td>
                    <td className={`pl-3 ${tone}`}>
                      {m.interval
                        ? `${change(m, m.interval.lo)} to ${change(m, m.interval.hi)}`
                        : '–'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
});
