// LLM compare mode in the page: the switch, what B differs in (scheduler, preemption mode, token
// budget), and once the seeds worker answers: the verdict (goodput first, then the figure that
// moved the other way), both sides' headline numbers with the paired 95 % intervals of B against
// A, and both sides' TTFT and TPOT CDFs (A teal solid, B fuchsia dashed, as in the request mode's
// compare). Everything here is computed in the seeds worker (llm-compare.ts), off the frame path.

import { memo, useId } from 'react';
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import {
  verdictSentence,
  verdictSummary,
  type PairedMetric,
} from '../../src/engine/compare-seeds.ts';
import { signedChange } from '../../src/engine/change-words.ts';
import { LLM_POLICIES, type LlmSchedulerName } from '../../src/engine/schedulers/registry.ts';
import { CDF_QUANTILES } from '../../src/workers/llm-protocol.ts';
import { Panel } from '../components/panel.tsx';
import { Term } from './glossary.tsx';
import { cdfDomain } from './llm-cdf.tsx';
import { useLlm } from './llm-store.ts';
import { setLlmCompare, setLlmSideB, useLlmCompare, type LlmCompareState } from './llm-compare.ts';

const A_COLOUR = '#0f766e';
const B_COLOUR = '#c026d3';
/** The figures the table shows first, in this order. */
const HEADLINE = ['goodput', 'ttft.p99', 'tpot.p99', 'preemptions'] as const;
const BUDGETS = [256, 512, 1024, 2048, 4096, 8192, 16384];

function value(m: PairedMetric, v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (m.unit === 'ms')
    return v >= 100 ? `${Math.round(v).toLocaleString('en')} ms` : `${v.toFixed(1)} ms`;
  if (m.unit === 'jobs/s') return `${v.toFixed(2)} req/s`;
  return v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(1);
}

/** B against A as the table says it: a change in % (or a factor) for latencies, B − A otherwise. */
function against(m: PairedMetric): { est: string; ci: string } {
  const iv = m.interval;
  if (m.identical) return { est: 'the same', ci: '0 (every seed)' };
  if (m.kind === 'ratio') {
    return {
      est: signedChange(1 + m.estimate),
      ci: iv ? `${signedChange(1 + iv.lo)} to ${signedChange(1 + iv.hi)}` : 'n/a',
    };
  }
  const d = (x: number) =>
    `${x < 0 ? '−' : '+'}${Math.abs(x) >= 100 ? Math.abs(x).toFixed(0) : Math.abs(x).toFixed(2)}`;
  return { est: d(m.estimate), ci: iv ? `${d(iv.lo)} to ${d(iv.hi)}` : 'n/a' };
}

const CompareCdf = memo(function CompareCdf(props: {
  metric: 'ttft' | 'tpot';
  cdfs: NonNullable<LlmCompareState['cdfs']>;
  slo: number;
}) {
  const W = 360;
  const H = 170;
  const M = { top: 8, right: 12, bottom: 26, left: 34 };
  const curves = props.cdfs.map((c) => Float64Array.from(c[props.metric]));
  const x = scaleLog()
    .domain(cdfDomain(curves, [props.slo]))
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const path = line<number>()
    .x((v) => x(Math.max(v, x.domain()[0]!)))
    .y((_v, i) => y(CDF_QUANTILES[i]!));
  const name = props.metric === 'ttft' ? 'TTFT' : 'TPOT';
  return (
    <figure className="min-w-0">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-label={`${name} CDF of A and B on the first seed`}
        data-testid={`llm-compare-cdf-${props.metric}`}
      >
        {x
          .ticks(4)
          .filter((t) => Number.isInteger(Math.log10(t)))
          .map((t) => (
            <g key={t} transform={`translate(${x(t)},0)`}>
              <line y1={M.top} y2={H - M.bottom} stroke="#e2e8f0" />
              <text y={H - 10} textAnchor="middle" className="fill-slate-500 text-[9px]">
                {t >= 1000 ? `${t / 1000} s` : `${t} ms`}
              </text>
            </g>
          ))}
        {[0, 0.5, 1].map((q) => (
          <text
            key={q}
            x={M.left - 4}
            y={y(q) + 3}
            textAnchor="end"
            className="fill-slate-500 text-[9px]"
          >
            {q}
          </text>
        ))}
        <line
          x1={x(props.slo)}
          x2={x(props.slo)}
          y1={M.top}
          y2={H - M.bottom}
          stroke="#64748b"
          strokeDasharray="2 3"
        />
        {curves.map((c, k) =>
          c.length > 0 ? (
            <path
              key={k}
              d={path(Array.from(c)) ?? ''}
              fill="none"
              stroke={k === 0 ? A_COLOUR : B_COLOUR}
              strokeWidth={1.8}
              strokeDasharray={k === 0 ? undefined : '5 3'}
            />
          ) : null,
        )}
      </svg>
      <figcaption className="text-[11px] text-slate-600">
        {name} of {props.cdfs[0].cls} requests, first seed: A solid teal, B dashed fuchsia, SLO
        dotted.
      </figcaption>
    </figure>
  );
});

function Results(props: { s: LlmCompareState; sloTtft: number; sloTpot: number }) {
  const { s } = props;
  const n = s.seeds.length;
  const goodput = s.metrics.find((m) => m.id === 'goodput');
  const rows = [
    ...HEADLINE.map((id) => s.metrics.find((m) => m.id === id)).filter((m) => m !== undefined),
    ...s.metrics.filter((m) => !(HEADLINE as readonly string[]).includes(m.id)),
  ];
  return (
    <>
      <p
        role="status"
        data-testid="llm-verdict"
        className="rounded border border-emerald-300 bg-emerald-50 px-2 py-1 text-sm text-emerald-950"
      >
        {verdictSummary(s.metrics, n, goodput)}.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-xs" data-testid="llm-compare-table">
          <thead>
            <tr className="text-left text-slate-600">
              <th className="pr-2 font-medium">figure (mean of {n} seeds)</th>
              <th className="pr-2 text-right font-medium">A</th>
              <th className="pr-2 text-right font-medium">B</th>
              <th className="pr-2 text-right font-medium">B against A</th>
              <th className="font-medium">
                95 % CI <Term k="pairedInterval" name="paired interval" />
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => {
              const g = against(m);
              return (
                <tr
                  key={m.id}
                  data-metric={m.id}
                  title={verdictSentence(m, n)}
                  className="border-t border-slate-100"
                >
                  <td className="pr-2">{m.label}</td>
                  <td className="pr-2 text-right tabular-nums">{value(m, m.a)}</td>
                  <td className="pr-2 text-right tabular-nums">{value(m, m.b)}</td>
                  <td className="pr-2 text-right tabular-nums">{g.est}</td>
                  <td className="tabular-nums">{g.ci}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {s.cdfs && (
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <CompareCdf metric="ttft" cdfs={s.cdfs} slo={props.sloTtft} />
          <CompareCdf metric="tpot" cdfs={s.cdfs} slo={props.sloTpot} />
        </div>
      )}
    </>
  );
}

export const LlmComparePanel = memo(function LlmComparePanel() {
  const s = useLlmCompare((x) => x);
  const settings = useLlm((x) => x.settings);
  const ids = { on: useId(), sched: useId(), pre: useId(), budget: useId() };
  const differs = [
    s.b.scheduler !== settings.scheduler ? `scheduler ${s.b.scheduler}` : '',
    s.b.preemption !== settings.preemption ? `${s.b.preemption} preemption` : '',
    s.b.tokenBudget !== settings.tokenBudget
      ? `token budget ${s.b.tokenBudget.toLocaleString('en')}`
      : '',
  ].filter((x) => x !== '');
  return (
    <Panel
      title="Compare A and B"
      window={
        s.enabled && s.seeds.length > 0
          ? `${s.seeds.length} seeds × ${s.jobs.toLocaleString('en')} requests`
          : undefined
      }
      className="gap-2"
    >
      <label htmlFor={ids.on} className="flex items-center gap-2 text-sm">
        <input
          id={ids.on}
          type="checkbox"
          checked={s.enabled}
          onChange={(e) => setLlmCompare(e.target.checked)}
        />
        Compare A (your settings) with B on the identical requests{' '}
        <Term k="llmCompare" name="compare mode" />
      </label>
      {s.enabled && (
        <>
          <div className="flex flex-wrap items-end gap-3 text-xs">
            <label htmlFor={ids.sched} className="flex flex-col gap-0.5">
              Scheduler B
              <select
                id={ids.sched}
                className="input py-0 text-xs"
                value={s.b.scheduler}
                onChange={(e) => setLlmSideB({ scheduler: e.target.value as LlmSchedulerName })}
              >
                {LLM_POLICIES.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label htmlFor={ids.pre} className="flex flex-col gap-0.5">
              Preemption B
              <select
                id={ids.pre}
                className="input py-0 text-xs"
                value={s.b.preemption}
                onChange={(e) =>
                  setLlmSideB({ preemption: e.target.value as 'recompute' | 'swap' })
                }
              >
                <option value="recompute">recompute</option>
                <option value="swap">swap</option>
              </select>
            </label>
            <label htmlFor={ids.budget} className="flex flex-col gap-0.5">
              Token budget B
              <select
                id={ids.budget}
                className="input py-0 text-xs"
                value={s.b.tokenBudget}
                onChange={(e) => setLlmSideB({ tokenBudget: Number(e.target.value) })}
              >
                {[...new Set([...BUDGETS, settings.tokenBudget])]
                  .sort((p, q) => p - q)
                  .map((t) => (
                    <option key={t} value={t}>
                      {t.toLocaleString('en')}
                    </option>
                  ))}
              </select>
            </label>
          </div>
          <p className="text-xs text-slate-600">
            A: {settings.scheduler}, {settings.preemption} preemption, token budget{' '}
            {settings.tokenBudget.toLocaleString('en')}. B differs in:{' '}
            {differs.length > 0
              ? differs.join(', ')
              : 'nothing (the same config: every interval is zero)'}
            . Both run {s.jobs > 0 ? s.jobs.toLocaleString('en') : 'the'} requests of each seed to
            the end in a worker of their own; the page’s live run (side A’s settings) goes on
            meanwhile.
          </p>
          {s.status === 'running' && (
            <p role="status" data-testid="llm-compare-progress" className="text-xs text-slate-700">
              Comparing: seed {Math.min(s.done + 1, s.seeds.length)} of {s.seeds.length}…
            </p>
          )}
          {s.status === 'error' && (
            <ul role="alert" className="list-disc pl-5 text-xs text-red-800">
              {s.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {s.status === 'ready' && (
            <Results s={s} sloTtft={settings.ttftSloMs} sloTpot={settings.tpotSloMs} />
          )}
        </>
      )}
    </Panel>
  );
});
