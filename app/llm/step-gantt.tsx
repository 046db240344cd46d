// The step Gantt: each replica a row, each step a bar as wide as it took on the simulated clock,
// over the last few simulated seconds. A bar's upper half fills with the prompt tokens it computed
// (share of the token budget: prefill chunks, recomputation after a preemption), its lower half
// with the requests that decoded a token (share of max_num_seqs); a red tick marks a step that
// preempted. A long prefill shows as a wide orange bar, and every decoding request waited for it.
// Its request view (request-gantt.ts) shows the same steps as each request lived them.

import { memo, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import { prepareCanvas } from '../components/canvas-size.ts';
import { useCanvasLayer } from '../use-layer.ts';
import { formatMsTick } from '../format.ts';
import { latestFrame, llmFrames, llmStore } from './llm-store.ts';
import { Term } from './glossary.tsx';
import type { LlmFrame } from '../../src/workers/llm-protocol.ts';
import { REQUEST_COLOURS, drawRequests } from './request-gantt.ts';
import { ChartChoice } from './chart-choice.tsx';

const ROW = 56;
const GAP = 10;
const M = { left: 44, right: 8, bottom: 20 };
const PREFILL = '#ea580c';
const DECODE = '#0284c7';
const WINDOWS = [1000, 5000, 20000];

export interface StepBar {
  x0: number;
  x1: number;
  /** Heights 0..1 of the prefill and decode halves. */
  prefill: number;
  decode: number;
  preempted: boolean;
}

/** The bars of `lane` ending within (end - windowMs, end], as fractions of their halves. */
export function stepBars(
  frame: Pick<LlmFrame, 'time' | 'tokenBudget'>,
  maxNumSeqs: number,
  lane: number,
  windowMs: number,
): StepBar[] {
  const ring = llmFrames.steps;
  const from = frame.time - windowMs;
  const out: StepBar[] = [];
  ring.newestFirst((k) => {
    if (ring.end[k]! <= from) return false;
    if (ring.lane[k] !== lane) return true;
    out.push({
      x0: ring.start[k]!,
      x1: ring.end[k]!,
      prefill: Math.min(1, ring.prefill[k]! / frame.tokenBudget),
      decode: Math.min(1, ring.decode[k]! / maxNumSeqs),
      preempted: ring.preempted[k]! > 0,
    });
    return true;
  });
  return out;
}

function draw(canvas: HTMLCanvasElement, width: number, f: LlmFrame, windowMs: number): void {
  const lanes = f.lanes.length;
  const height = lanes * (ROW + GAP) + M.bottom;
  const ctx = prepareCanvas(canvas, width, height);
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  // Time relative to now, so that the ticks fall on round ages.
  const rel = scaleLinear()
    .domain([-windowMs, 0])
    .range([M.left, width - M.right]);
  const x = (t: number): number => rel(t - f.time);
  const maxSeqs = llmStore.getState().settings.maxNumSeqs;
  ctx.font = '10px system-ui, sans-serif';
  let bars = 0;
  for (let l = 0; l < lanes; l++) {
    const top = l * (ROW + GAP);
    const mid = top + ROW / 2;
    ctx.fillStyle = '#f8fafc';
    ctx.fillRect(M.left, top, width - M.left - M.right, ROW);
    ctx.fillStyle = '#475569';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(f.lanes[l]!.name, M.left - 4, mid);
    for (const b of stepBars(f, maxSeqs, l, windowMs)) {
      bars++;
      const x0 = Math.max(M.left, x(b.x0));
      const w = Math.max(1, x(b.x1) - x0 - (x(b.x1) - x0 > 3 ? 1 : 0));
      const ph = (ROW / 2 - 1) * b.prefill;
      const dh = (ROW / 2 - 1) * b.decode;
      ctx.fillStyle = PREFILL;
      ctx.fillRect(x0, mid - 1 - ph, w, ph);
      ctx.fillStyle = DECODE;
      ctx.fillRect(x0, mid + 1, w, dh);
      if (b.preempted) {
        ctx.fillStyle = '#dc2626';
        ctx.fillRect(x0, top, Math.max(2, w), 4);
      }
    }
    ctx.strokeStyle = '#cbd5e1';
    ctx.beginPath();
    ctx.moveTo(M.left, mid + 0.5);
    ctx.lineTo(width - M.right, mid + 0.5);
    ctx.stroke();
  }
  canvas.dataset.bars = String(bars);
  ctx.fillStyle = '#64748b';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  for (const t of rel.ticks(5)) {
    ctx.textAlign = t === 0 ? 'right' : 'center';
    ctx.fillText(t === 0 ? 'now' : `−${formatMsTick(-t)}`, rel(t), height - M.bottom + 4);
  }
}

type GanttView = 'steps' | 'requests';

export const StepGantt = memo(function StepGantt() {
  const [windowMs, setWindowMs] = useState(5000);
  const [view, setView] = useState<GanttView>('steps');
  const { box, canvas } = useCanvasLayer(
    llmFrames,
    latestFrame,
    (c, w, f) => (view === 'steps' ? draw(c, w, f, windowMs) : drawRequests(c, w, f, windowMs)),
    [windowMs, view],
  );
  return (
    <section
      className="flex min-w-0 flex-col gap-1 rounded-lg border border-slate-200 bg-white p-2 shadow-sm"
      aria-labelledby="llm-steps-title"
      data-chart="llm-steps"
    >
      <header className="flex flex-wrap items-baseline gap-x-2">
        <h2 id="llm-steps-title" className="text-sm font-semibold text-slate-800">
          {view === 'steps' ? (
            <Term k="stepGantt">Steps</Term>
          ) : (
            <Term k="requestView">Requests</Term>
          )}
        </h2>
        {view === 'steps' ? (
          <span className="text-xs text-slate-500">
            bar width: step time; up: prompt tokens (of the{' '}
            <Term k="tokenBudget">token budget</Term>); down: decoding requests (of{' '}
            <Term k="maxNumSeqs">max_num_seqs</Term>)
          </span>
        ) : (
          <span className="text-xs text-slate-500">
            the newest 40 requests that ran, one row each, oldest at the top
          </span>
        )}
        <ChartChoice
          name="Gantt view"
          className="ml-auto"
          options={['steps', 'requests'] as const}
          value={view}
          label={(v) => (v === 'steps' ? 'Step view' : 'Request view')}
          onChange={setView}
        />
        <ChartChoice
          name="Step window"
          options={WINDOWS}
          value={windowMs}
          label={(w) => `${w / 1000} s`}
          onChange={setWindowMs}
        />
      </header>
      <div ref={box} className="min-w-0">
        <canvas
          ref={canvas}
          data-testid="llm-step-gantt"
          data-view={view}
          role="img"
          aria-label={
            view === 'steps'
              ? "Step Gantt: each step's prefill and decode parts per replica"
              : 'Request view: each request a row with its waiting, prefill, tokens and preemptions'
          }
        />
      </div>
      {view === 'steps' ? (
        <p className="flex flex-wrap gap-x-3 text-[11px] text-slate-600">
          <span style={{ color: PREFILL }}>■ prefill (prompt tokens)</span>
          <span style={{ color: DECODE }}>■ decode (one token per request)</span>
          <span className="text-red-600">▬ a step that preempted</span>
        </p>
      ) : (
        <p className="flex flex-wrap gap-x-3 text-[11px] text-slate-600">
          <span style={{ color: '#64748b' }}>■ waiting</span>
          <span style={{ color: REQUEST_COLOURS.prefill }}>■ prefill</span>
          <span style={{ color: REQUEST_COLOURS.decode }}>| a generated token</span>
          <span style={{ color: REQUEST_COLOURS.preempted }}>■ preempted until it runs again</span>
        </p>
      )}
    </section>
  );
});
