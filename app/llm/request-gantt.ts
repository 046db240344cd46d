// The step Gantt's request view: each of the newest requests a row over the last few simulated
// seconds: grey while it waits (arrival to first run), orange while its prompt is computed
// (prefill chunks, recomputation after a preemption), a blue tick per generated token, red from a
// preemption until it runs again. Drawn on a canvas from the request ring (request-ring.ts), which
// follows the frames from the moment this module loads.

import { scaleLinear } from 'd3-scale';
import { prepareCanvas } from '../components/canvas-size.ts';
import { formatMsTick } from '../format.ts';
import { llmFrames } from './llm-store.ts';
import { RequestRing, requestRows } from './request-ring.ts';
import {
  REQ_DECODE,
  REQ_PREEMPTED,
  REQ_PREFILL,
  type LlmFrame,
} from '../../src/workers/llm-protocol.ts';

export const requestRing = new RequestRing();
llmFrames.subscribe((f) => requestRing.receive(f));

export const REQUEST_COLOURS = {
  waiting: '#cbd5e1',
  prefill: '#ea580c',
  decode: '#0284c7',
  preempted: '#dc2626',
};

const ROWS = 40;
const ROW = 6;
const M = { top: 2, left: 44, right: 8, bottom: 20 };

export function drawRequests(
  canvas: HTMLCanvasElement,
  width: number,
  f: LlmFrame,
  windowMs: number,
): void {
  const height = M.top + ROWS * ROW + M.bottom;
  const ctx = prepareCanvas(canvas, width, height);
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  const rel = scaleLinear()
    .domain([-windowMs, 0])
    .range([M.left, width - M.right]);
  const from = f.time - windowMs;
  const x = (t: number): number => rel(Math.max(t, from) - f.time);
  const rows = requestRows(requestRing, from, f.time, ROWS);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(M.left, M.top, width - M.left - M.right, ROWS * ROW);
  let ticks = 0;
  // Token ticks are many: one path, filled once, after the rows.
  const tickPath = new Path2D();
  rows.forEach((row, r) => {
    const top = M.top + r * ROW;
    const h = ROW - 1;
    if (row.arrival < row.firstRun && row.firstRun > from) {
      const x0 = x(row.arrival);
      ctx.fillStyle = REQUEST_COLOURS.waiting;
      ctx.fillRect(x0, top, Math.max(1, x(Math.min(row.firstRun, f.time)) - x0), h);
    }
    const e = row.events;
    for (let i = 0; i < e.length; i += 3) {
      const kind = e[i]!;
      const x0 = x(e[i + 1]!);
      const x1 = x(e[i + 2]!);
      if (kind === REQ_PREFILL) {
        ctx.fillStyle = REQUEST_COLOURS.prefill;
        ctx.fillRect(x0, top, Math.max(1, x1 - x0), h);
      } else if (kind === REQ_DECODE) {
        // A token is sampled at the step's end.
        tickPath.rect(x1 - 1, top, 1.5, h);
        ticks++;
      } else if (kind === REQ_PREEMPTED) {
        ctx.fillStyle = REQUEST_COLOURS.preempted;
        ctx.globalAlpha = 0.35;
        ctx.fillRect(x0, top, Math.max(2, x1 - x0), h);
        ctx.globalAlpha = 1;
        ctx.fillRect(x0, top, 2, h);
      }
    }
  });
  ctx.fillStyle = REQUEST_COLOURS.decode;
  ctx.fill(tickPath);
  canvas.dataset.rows = String(rows.length);
  canvas.dataset.ticks = String(ticks);
  ctx.fillStyle = '#475569';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  if (rows.length > 0) {
    ctx.fillText(`#${rows[0]!.id}`, M.left - 4, M.top + ROW);
    ctx.fillText(`#${rows[rows.length - 1]!.id}`, M.left - 4, M.top + (rows.length - 1) * ROW);
  } else {
    ctx.textAlign = 'center';
    ctx.fillStyle = '#94a3b8';
    ctx.fillText('no request ran in this window', width / 2, M.top + (ROWS * ROW) / 2);
  }
  ctx.fillStyle = '#64748b';
  ctx.textBaseline = 'top';
  for (const t of rel.ticks(5)) {
    ctx.textAlign = t === 0 ? 'right' : 'center';
    ctx.fillText(t === 0 ? 'now' : `−${formatMsTick(-t)}`, rel(t), height - M.bottom + 4);
  }
}
