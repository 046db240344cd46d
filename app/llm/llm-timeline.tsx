// Goodput, tokens per second, KV-cache use and batch size over the last simulated minute, four
// strips on one time axis, with a red tick where requests were preempted and a dashed line where
// the rate or the scheduler changed (labelled). Drawn on a canvas from timeline-series.ts, which
// follows the frames from the moment this module loads.

import { memo, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import { prepareCanvas } from '../components/canvas-size.ts';
import { formatMsTick } from '../format.ts';
import { useCanvasLayer } from '../use-layer.ts';
import { latestFrame, llmFrames } from './llm-store.ts';
import { Term } from './glossary.tsx';
import { ChartChoice } from './chart-choice.tsx';
import { SERIES, TimelineSeries, type SeriesName } from './timeline-series.ts';
import type { LlmFrame } from '../../src/workers/llm-protocol.ts';

export const timeline = new TimelineSeries();
llmFrames.subscribe((f) => timeline.receive(f));

const STRIP = 44;
const GAP = 6;
const M = { top: 4, left: 44, right: 8, bottom: 20 };
const WINDOWS = [20_000, 60_000, 300_000];

const STRIPS: Record<SeriesName, { label: string; colour: string; format: (v: number) => string }> =
  {
    goodput: { label: 'goodput /s', colour: '#059669', format: (v) => fmt(v) },
    tokens: { label: 'tokens /s', colour: '#0284c7', format: (v) => fmt(v) },
    kv: { label: 'KV in use', colour: '#7c3aed', format: (v) => `${Math.round(v * 100)} %` },
    batch: { label: 'batch', colour: '#ea580c', format: (v) => fmt(v) },
  };

function fmt(v: number): string {
  if (v >= 10_000) return `${Math.round(v / 1000)}k`;
  if (v >= 1000) return `${(v / 1000).toFixed(1)}k`;
  return v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

function draw(canvas: HTMLCanvasElement, width: number, f: LlmFrame, windowMs: number): void {
  const height = M.top + SERIES.length * (STRIP + GAP) + M.bottom;
  const ctx = prepareCanvas(canvas, width, height);
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  const rel = scaleLinear()
    .domain([-windowMs, 0])
    .range([M.left, width - M.right]);
  const from = f.time - windowMs;
  const x = (t: number): number => rel(t - f.time);
  const s = timeline;
  // Samples in the window, oldest last.
  let n = 0;
  while (n < s.size && s.t[s.at(n)]! >= from) n++;
  ctx.font = '10px system-ui, sans-serif';
  SERIES.forEach((name, i) => {
    const top = M.top + i * (STRIP + GAP);
    const v = s.values[name];
    let max = name === 'kv' ? 1 : 0;
    for (let j = 0; j < n; j++) max = Math.max(max, v[s.at(j)]!);
    if (max <= 0) max = 1;
    const y = (val: number): number => top + STRIP - (val / max) * (STRIP - 2);
    ctx.fillStyle = '#f8fafc';
    ctx.fillRect(M.left, top, width - M.left - M.right, STRIP);
    const strip = STRIPS[name];
    ctx.strokeStyle = strip.colour;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let j = n - 1; j >= 0; j--) {
      const k = s.at(j);
      const px = x(s.t[k]!);
      if (j === n - 1) ctx.moveTo(px, y(v[k]!));
      else ctx.lineTo(px, y(v[k]!));
    }
    ctx.stroke();
    // The strip's top value on the axis; its name and latest value inside, top left.
    ctx.fillStyle = '#475569';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(strip.format(max), M.left - 4, top);
    ctx.fillText('0', M.left - 4, top + STRIP - 10);
    ctx.textAlign = 'left';
    ctx.fillStyle = strip.colour;
    ctx.fillText(
      n > 0 ? `${strip.label}: ${strip.format(v[s.at(0)]!)}` : strip.label,
      M.left + 3,
      top + 1,
    );
  });
  const bottom = M.top + SERIES.length * (STRIP + GAP) - GAP;
  let preempts = 0;
  let controls = 0;
  for (const m of s.markers) {
    if (m.t < from) continue;
    const px = Math.round(x(m.t)) + 0.5;
    if (m.kind === 'preempt') {
      preempts++;
      ctx.fillStyle = '#dc2626';
      ctx.fillRect(px - 0.5, bottom - 6, 1.5, 6);
    } else {
      controls++;
      ctx.strokeStyle = '#334155';
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(px, M.top);
      ctx.lineTo(px, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      // Labels take turns on three lines so that close changes stay readable.
      ctx.fillStyle = '#334155';
      ctx.textAlign = px > width - 90 ? 'right' : 'left';
      ctx.textBaseline = 'top';
      const line = controls % 3;
      ctx.fillText(m.text, px + (px > width - 90 ? -3 : 3), M.top + STRIP + GAP + 1 + line * 12);
    }
  }
  canvas.dataset.samples = String(n);
  canvas.dataset.preemptions = String(preempts);
  canvas.dataset.controls = String(controls);
  ctx.fillStyle = '#64748b';
  ctx.textBaseline = 'top';
  for (const t of rel.ticks(5)) {
    ctx.textAlign = t === 0 ? 'right' : 'center';
    ctx.fillText(t === 0 ? 'now' : `−${formatMsTick(-t)}`, rel(t), height - M.bottom + 4);
  }
}

export const LlmTimeline = memo(function LlmTimeline() {
  const [windowMs, setWindowMs] = useState(60_000);
  const { box, canvas } = useCanvasLayer(
    llmFrames,
    latestFrame,
    (c, w, f) => draw(c, w, f, windowMs),
    [windowMs],
  );
  return (
    <section
      className="flex min-w-0 flex-col gap-1 rounded-lg border border-slate-200 bg-white p-2 shadow-sm"
      aria-labelledby="llm-timeline-title"
      data-chart="llm-timeline"
    >
      <header className="flex flex-wrap items-baseline gap-x-2">
        <h2 id="llm-timeline-title" className="text-sm font-semibold text-slate-800">
          <Term k="timeline">Over time</Term>
        </h2>
        <span className="text-xs text-slate-500">
          <Term k="goodput">goodput</Term>, tokens per second, <Term k="kvCache">KV cache</Term> in
          use and requests per step (rates over 5 s)
        </span>
        <ChartChoice
          name="Timeline window"
          className="ml-auto"
          options={WINDOWS}
          value={windowMs}
          label={(w) => (w >= 60_000 ? `${w / 60_000} min` : `${w / 1000} s`)}
          onChange={setWindowMs}
        />
      </header>
      <div ref={box} className="min-w-0">
        <canvas
          ref={canvas}
          data-testid="llm-timeline"
          role="img"
          aria-label="Goodput, tokens per second, KV cache in use and batch size over simulated time, with preemptions and control changes marked"
        />
      </div>
      <p className="flex flex-wrap gap-x-3 text-[11px] text-slate-600">
        <span className="text-red-600">▮ requests preempted</span>
        <span className="text-slate-700">┆ rate or scheduler changed</span>
      </p>
    </section>
  );
});
