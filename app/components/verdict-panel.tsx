// Compare mode's verdict: A against B over extra seeds, run in the background by the seeds worker,
// with each figure's 95 % interval once ready. The sentence names what got worse as well as what
// got better (verdictSummary); changes past 3× read as factors ("about 510× slower"), not as
// "+51094 %"; every term (seeds, confidence interval, percentage points, fairness) is explained on
// hover and tap, and the window says why these figures differ from the difference panel's (other
// runs, not this one). Low-rate state (a result every few seconds at most): React renders it.

import { memo } from 'react';
import {
  pairedDirection,
  verdictSummary,
  type PairedMetric,
} from '../../src/engine/compare-seeds.ts';
import { SLOWER_FASTER, signedChange } from '../../src/engine/change-words.ts';
import { formatCount, formatMs } from '../format.ts';
import { useVerdict } from '../state/verdict.ts';
import { Panel } from './panel.tsx';
import { Term } from './term.tsx';

function value(m: PairedMetric, v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (m.unit === 'ms') return formatMs(v);
  if (m.unit === 'jobs/s') return `${v.toFixed(1)}/s`;
  if (m.unit === 'points') return `${v.toFixed(2)} %`;
  return v.toFixed(3);
}

/** B against A as the table shows it: a relative change of a latency, a difference otherwise. */
export function change(m: PairedMetric, x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (m.kind === 'ratio') return signedChange(1 + x, SLOWER_FASTER);
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  const v = Math.abs(x);
  if (m.unit === 'jobs/s') return `${sign}${v.toFixed(1)}/s`;
  if (m.unit === 'points') return `${sign}${v.toFixed(2)} points`;
  return `${sign}${v.toFixed(4)}`;
}

/** A figure's name, with its jargon explained. */
function Label({ m }: { m: PairedMetric }) {
  if (m.id === 'fairness') return <Term id="fairness" />;
  if (m.unit === 'points') {
    return (
      <>
        {m.label.replace(' SLO violations', '')} <Term id="slo">SLO</Term> violations
      </>
    );
  }
  if (m.id === 'goodput') return <Term id="goodput" />;
  return <>{m.label}</>;
}

export const VerdictPanel = memo(function VerdictPanel() {
  const v = useVerdict((s) => s);
  const span = `${v.seeds.length} other seeds × ${formatCount(v.jobs)} jobs per side`;
  return (
    <Panel
      title="Verdict"
      window={span}
      testId="verdict"
      data={{ status: v.status }}
      subtitle={
        <>
          A and B at the current settings on {v.seeds.length} <Term id="seeds">seeds</Term> (
          {v.seeds[0] ?? '–'}-{v.seeds[v.seeds.length - 1] ?? '–'}), run in the background; each
          figure with its <Term id="ci">95 % confidence interval</Term>. Other runs than the one
          below, so its figures differ from this run&apos;s.
        </>
      }
    >
      {v.status === 'running' && (
        <div className="flex items-center gap-2 text-xs text-slate-700" aria-live="polite">
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
      {v.status === 'ready' && v.metrics.length > 0 && (
        <>
          <p className="text-base font-semibold text-slate-900" data-testid="verdict-headline">
            {verdictSummary(v.metrics, v.seeds.length)}
          </p>
          <table className="tabular w-full text-xs" data-testid="verdict-table">
            <thead className="text-left text-slate-600">
              <tr>
                <th className="font-medium">figure</th>
                <th className="text-right font-medium">A (mean)</th>
                <th className="text-right font-medium">B (mean)</th>
                <th className="text-right font-medium">B against A</th>
                <th className="pl-3 font-medium">95 % confidence interval</th>
              </tr>
            </thead>
            <tbody>
              {v.metrics.map((m) => {
                const d = pairedDirection(m);
                const tone =
                  d === true ? 'text-green-700' : d === false ? 'text-red-700' : 'text-slate-700';
                return (
                  <tr key={m.id} data-metric={m.id}>
                    <td>
                      <Label m={m} />
                    </td>
                    <td className="text-right">{value(m, m.a)}</td>
                    <td className="text-right">{value(m, m.b)}</td>
                    <td className={`text-right font-semibold ${tone}`}>
                      {m.identical ? 'same' : change(m, m.estimate)}
                      {d === true ? ' (better)' : d === false ? ' (worse)' : ''}
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
    </Panel>
  );
});
