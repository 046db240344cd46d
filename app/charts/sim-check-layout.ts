// "Check the simulation": the live run's latency CDF (solid) and the simulation's prediction for the
// same arrivals (dashed), per class, on a log latency axis, with each percentile's error written
// beside the chart. Pure layout over the check's result (src/workers/sim-check.ts); the page draws
// it with render-canvas.ts and `npm run validate` writes it with render-svg.ts.

import { scaleLinear, scaleLog } from 'd3-scale';
import { xAxis, yAxis } from './axes.ts';
import { CLASS_COLOURS, INK, line, plotArea, text, type Mark, type Scene } from './scene.ts';
import { formatMs, formatMsTick } from '../format.ts';
import type { CheckClassResult, CheckMetric } from '../../src/workers/protocol.ts';

export interface SimCheckInput {
  classes: readonly CheckClassResult[];
  /** A title over the plot (validate: the load). */
  title?: string;
  /** Write the table of errors beside the plot (validate's SVG; the page has its own table). */
  table?: boolean;
}

/** Width of the table of errors right of the plot. */
const TABLE_W = 184;
const TABLE_METRICS: readonly CheckMetric[] = ['p50', 'p90', 'p95', 'p99', 'mean'];

/** Share of jobs at each value of an ascending curve: rank / (n - 1). */
function shares(curve: readonly number[]): number[] {
  const n = curve.length;
  return curve.map((_, i) => (n > 1 ? i / (n - 1) : 1));
}

/** A signed error as "+4.2 %". */
export function formatError(pct: number): string {
  if (!Number.isFinite(pct)) return '–';
  const v = Math.abs(pct) >= 100 ? pct.toFixed(0) : pct.toFixed(1);
  return `${pct > 0 ? '+' : ''}${v} %`;
}

export function simCheckLayout(input: SimCheckInput, width: number, height: number): Scene {
  const wide = width >= 420 && input.table !== false;
  const plot = plotArea(width, height, {
    left: 56,
    right: wide ? TABLE_W + 12 : 12,
    top: input.title ? 40 : 24,
    bottom: 32,
  });
  const classes = input.classes.filter((c) => c.cls !== 'all' && c.count > 0);
  let lo = Infinity;
  let hi = 0;
  for (const c of classes) {
    for (const curve of [c.measuredCurve, c.predictedCurve]) {
      if (curve.length === 0) continue;
      lo = Math.min(lo, curve[0]!);
      hi = Math.max(hi, curve[curve.length - 1]!);
    }
  }
  const marks: Mark[] = [];
  if (input.title) marks.push(text(plot.left, 10, input.title, { size: 12, weight: 'bold' }));
  if (!(hi > 0)) {
    marks.push(
      text((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, 'no jobs to compare', {
        anchor: 'middle',
      }),
    );
    return { width, height, marks };
  }
  lo = Math.max(0.01, lo * 0.9);
  hi = Math.max(hi * 1.1, lo * 10);
  const x = scaleLog().domain([lo, hi]).range([plot.left, plot.right]).clamp(true);
  const y = scaleLinear().domain([0, 1]).range([plot.bottom, plot.top]);
  marks.push(...xAxis(plot, x, 6, 'latency (log scale)', formatMsTick, true));
  marks.push(...yAxis(plot, y, 5, 'share of jobs ≤ latency', (v) => `${Math.round(v * 100)}%`));
  for (const c of classes) {
    const colour = CLASS_COLOURS[c.cls === 'interactive' ? 0 : 1];
    for (const [curve, dash] of [
      [c.measuredCurve, undefined],
      [c.predictedCurve, [5, 4]],
    ] as const) {
      const ys = shares(curve);
      const pts: number[] = [];
      curve.forEach((v, i) => pts.push(x(v), y(ys[i]!)));
      if (pts.length >= 4) marks.push(line(pts, colour, 2, dash ? [...dash] : undefined));
    }
  }
  // Legend: line styles, then classes.
  const ly = input.title ? 26 : 9;
  marks.push(line([plot.left + 4, ly, plot.left + 24, ly], INK.text, 2));
  marks.push(text(plot.left + 28, ly, 'measured (live)', { size: 10 }));
  marks.push(line([plot.left + 118, ly, plot.left + 138, ly], INK.text, 2, [5, 4]));
  marks.push(text(plot.left + 142, ly, 'predicted (simulation)', { size: 10 }));
  if (wide) marks.push(...errorTable(classes, plot.right + 12, plot.top));
  return { width, height, marks };
}

/** Per class: each percentile's measured and predicted ms and the signed error. */
function errorTable(classes: readonly CheckClassResult[], left: number, top: number): Mark[] {
  const marks: Mark[] = [];
  let y = top;
  for (const c of classes) {
    const colour = CLASS_COLOURS[c.cls === 'interactive' ? 0 : 1];
    marks.push(text(left, y, `${c.cls} (${c.count} jobs)`, { fill: colour, weight: 'bold' }));
    y += 14;
    marks.push(text(left + 84, y, 'live', { size: 9, fill: INK.label, anchor: 'end' }));
    marks.push(text(left + 128, y, 'sim', { size: 9, fill: INK.label, anchor: 'end' }));
    marks.push(text(left + TABLE_W - 8, y, 'error', { size: 9, fill: INK.label, anchor: 'end' }));
    y += 12;
    for (const metric of TABLE_METRICS) {
      const row = c.rows.find((r) => r.metric === metric);
      if (!row) continue;
      marks.push(text(left, y, metric, { size: 10, fill: INK.label }));
      marks.push(text(left + 84, y, formatMs(row.measured), { size: 10, anchor: 'end' }));
      marks.push(text(left + 128, y, formatMs(row.predicted), { size: 10, anchor: 'end' }));
      marks.push(
        text(left + TABLE_W - 8, y, formatError(row.errorPct), {
          size: 10,
          anchor: 'end',
          fill: Math.abs(row.errorPct) > 20 ? INK.slo : INK.text,
        }),
      );
      y += 13;
    }
    y += 8;
  }
  return marks;
}
