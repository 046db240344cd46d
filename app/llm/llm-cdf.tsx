// TTFT, TPOT and ITL CDFs since the run began, per class, on a log time axis, with each class's SLO
// (TTFT and TPOT have one) as a dashed line: the share of requests left of the line met it. Drawn
// on a canvas from the CDFs the host samples from its sketches about 4 times a second.

import { memo, useRef } from 'react';
import { scaleLinear, scaleLog } from 'd3-scale';
import { prepareCanvas } from '../components/canvas-size.ts';
import { useCanvasLayer } from '../use-layer.ts';
import { formatMsTick } from '../format.ts';
import { latestFrame, llmFrames } from './llm-store.ts';
import { Term } from './glossary.tsx';
import { CDF_QUANTILES, type LlmFrame } from '../../src/workers/llm-protocol.ts';

const HEIGHT = 190;
const M = { top: 8, right: 18, bottom: 26, left: 34 };
const CLASS_COLOURS = ['#0369a1', '#7c3aed'];
const CLASS_NAMES = ['interactive', 'batch'];

export type CdfMetric = 'ttft' | 'tpot' | 'itl';

const LABELS: Record<CdfMetric, string> = { ttft: 'TTFT', tpot: 'TPOT', itl: 'ITL' };

/** The x domain (ms) that shows both classes' curves and SLOs, in decades. */
export function cdfDomain(
  curves: readonly Float64Array[],
  slos: readonly number[],
): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (const c of curves) {
    if (c.length === 0) continue;
    lo = Math.min(lo, c[0]!);
    hi = Math.max(hi, c[c.length - 1]!);
  }
  for (const s of slos) {
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  if (!Number.isFinite(lo) || hi <= 0) return [1, 1000];
  lo = Math.max(0.1, lo);
  return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(Math.max(hi, lo * 10)))];
}

function draw(canvas: HTMLCanvasElement, width: number, metric: CdfMetric, f: LlmFrame): void {
  const ctx = prepareCanvas(canvas, width, HEIGHT);
  const cdfs = llmFrames.cdfs;
  if (!ctx) return;
  ctx.clearRect(0, 0, width, HEIGHT);
  const curves = cdfs?.[metric] ?? [new Float64Array(0), new Float64Array(0)];
  // ITL has no SLO of its own (TPOT's bounds its mean per request, not each gap).
  const slos = metric === 'ttft' ? f.slo.ttftMs : metric === 'tpot' ? f.slo.tpotMs : undefined;
  const shown = [0, 1].filter((c) => (curves[c]?.length ?? 0) > 0);
  const x = scaleLog()
    .domain(
      cdfDomain(
        shown.map((c) => curves[c]!),
        slos === undefined ? [] : shown.length > 0 ? shown.map((c) => slos[c]!) : [slos[0]],
      ),
    )
    .range([M.left, width - M.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([HEIGHT - M.bottom, M.top]);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#64748b';
  ctx.strokeStyle = '#e2e8f0';
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of x.ticks(5)) {
    if (!Number.isInteger(Math.log10(t))) continue;
    const px = Math.round(x(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, M.top);
    ctx.lineTo(px, HEIGHT - M.bottom);
    ctx.stroke();
    ctx.fillText(formatMsTick(t), px, HEIGHT - M.bottom + 3);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const q of [0, 0.5, 0.9, 0.99]) {
    const py = Math.round(y(q)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(M.left, py);
    ctx.lineTo(width - M.right, py);
    ctx.stroke();
    ctx.fillText(q === 0.99 ? '.99' : String(q), M.left - 3, py);
  }
  for (const c of shown) {
    const v = curves[c]!;
    ctx.strokeStyle = CLASS_COLOURS[c]!;
    ctx.lineWidth = 2;
    ctx.setLineDash([]);
    ctx.beginPath();
    v.forEach((ms, i) => {
      const px = x(Math.max(ms, x.domain()[0]!));
      const py = y(CDF_QUANTILES[i]!);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
    ctx.stroke();
    if (slos === undefined) continue;
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.5;
    const sx = Math.round(x(slos[c]!)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(sx, M.top);
    ctx.lineTo(sx, HEIGHT - M.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (shown.length === 0) {
    ctx.fillStyle = '#94a3b8';
    ctx.textAlign = 'center';
    ctx.fillText('no completed request yet', width / 2, HEIGHT / 2);
  }
}

export const LlmCdf = memo(function LlmCdf(props: { metric: CdfMetric }) {
  const lastCdfs = useRef<unknown>(undefined);
  const { box, canvas } = useCanvasLayer(
    llmFrames,
    latestFrame,
    (c, w, f) => draw(c, w, props.metric, f),
    [props.metric],
    {
      // Only a frame with new CDFs changes the picture.
      when: () => {
        if (llmFrames.cdfs === lastCdfs.current) return false;
        lastCdfs.current = llmFrames.cdfs;
        return true;
      },
    },
  );
  const label = LABELS[props.metric];
  return (
    <section
      className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white p-2 shadow-sm"
      aria-labelledby={`llm-cdf-${props.metric}`}
      data-chart={`llm-cdf-${props.metric}`}
    >
      <header className="mb-1 flex flex-wrap items-baseline gap-x-2">
        <h2 id={`llm-cdf-${props.metric}`} className="text-sm font-semibold text-slate-800">
          <Term k={props.metric}>{label}</Term> CDF
        </h2>
        <span className="text-xs text-slate-500">
          {props.metric === 'itl' ? (
            'every gap between tokens, since the run began'
          ) : (
            <>
              since the run began; dashed: the <Term k="slo">SLO</Term>
            </>
          )}
        </span>
        <span className="ml-auto flex gap-2 text-[11px]">
          {CLASS_NAMES.map((n, c) => (
            <span key={n} style={{ color: CLASS_COLOURS[c] }}>
              ━ {n}
            </span>
          ))}
        </span>
      </header>
      <div ref={box} className="min-w-0">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${label} cumulative distribution per class${props.metric === 'itl' ? '' : ' with the SLO'}`}
        />
      </div>
    </section>
  );
});
