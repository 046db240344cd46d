// Compare mode's difference panel: one row per figure (p50/p95/p99 per class, goodput, SLO
// violations, fairness) with A's value, B's value and B - A as a bar from a centre line, green where
// B is better and red where it is worse. Latencies differ as a relative change (B / A - 1, bar full
// at ±100 %); the others as B - A, the bar as a share of the larger side. On a phone the bars give
// way so the figures keep apart. Pure layout.

import type { DiffRow } from './compare-figures.ts';
import { INK, SIDE_COLOURS, line, text, textWidth, type Mark, type Scene } from './scene.ts';
import { formatMs } from '../format.ts';

const ROW_H = 20;
const HEAD_H = 22;
/** From this width the bars fit between B's column and the differences. */
const WIDE = 462;
/** Space between two columns of figures, px. */
const COL_GAP = 10;
const BETTER = '#16a34a';
const WORSE = '#dc2626';

/** A figure as its row shows it. */
export function formatFigure(row: DiffRow, v: number | null): string {
  if (v === null) return '–';
  switch (row.metric.unit) {
    case 'ms':
      return formatMs(v);
    case 'jobs/s':
      return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}/s`;
    case 'points':
      return `${v.toFixed(v >= 10 ? 1 : 2)} %`;
    default:
      return v.toFixed(3);
  }
}

/** B - A as its row shows it: "−63 %", "+12.3/s", "−0.80 pts", "+0.004". */
export function formatDelta(row: DiffRow): string {
  const d = row.delta;
  if (d === null) return '–';
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const v = Math.abs(d);
  switch (row.metric.kind === 'ratio' ? 'ratio' : row.metric.unit) {
    case 'ratio':
      return `${sign}${(v * 100).toFixed(v >= 0.1 ? 0 : 1)} %`;
    case 'jobs/s':
      return `${sign}${v.toFixed(1)}/s`;
    case 'points':
      return `${sign}${v.toFixed(2)} pts`;
    default:
      return `${sign}${v.toFixed(3)}`;
  }
}

/** The bar's length as a share of its half of the bar area, -1..1. */
export function barShare(row: DiffRow): number {
  if (row.delta === null) return 0;
  if (row.metric.kind === 'ratio') return Math.max(-1, Math.min(1, row.delta));
  const scale = Math.max(Math.abs(row.a ?? 0), Math.abs(row.b ?? 0));
  return scale > 0 ? Math.max(-1, Math.min(1, row.delta / scale)) : 0;
}

/** `labels`: the sides' column headings, "A" and "B" (scheduler names are in the panel's legend). */
export function diffLayout(
  rows: readonly DiffRow[],
  labels: readonly [string, string],
  width: number,
): Scene {
  const height = HEAD_H + rows.length * ROW_H + 4;
  const marks: Mark[] = [];
  const deltaX = width - 4;
  // Wide enough for the bars between B's column and the differences: the columns at fixed places.
  // Narrower (a phone): no bars, type a size smaller, and each column as far right as the widest
  // figure after it lets it be, so the figures never run into one another.
  const wide = width >= WIDE;
  const size = wide ? 11 : 10;
  const widest = (texts: string[], bold = false): number =>
    Math.max(...texts.map((t) => textWidth(t, size) * (bold ? 1.05 : 1)));
  const colB = wide
    ? 330
    : deltaX - widest(rows.map((r) => formatDelta(r)).concat('B − A'), true) - COL_GAP;
  const colA = wide
    ? 250
    : colB - widest(rows.map((r) => formatFigure(r, r.b)).concat(labels[1])) - COL_GAP;
  const barL = colB + 16;
  const barR = Math.max(barL + 40, width - 76);
  const mid = (barL + barR) / 2;
  const half = (barR - barL) / 2;
  const head = HEAD_H / 2;
  marks.push(text(4, head, 'figure', { size: 10, weight: 'bold' }));
  marks.push(
    text(colA, head, labels[0], { size: 10, anchor: 'end', weight: 'bold', fill: SIDE_COLOURS[0] }),
  );
  marks.push(
    text(colB, head, labels[1], { size: 10, anchor: 'end', weight: 'bold', fill: SIDE_COLOURS[1] }),
  );
  marks.push(text(deltaX, head, 'B − A', { size: 10, anchor: 'end', weight: 'bold' }));
  if (wide) marks.push(line([mid, HEAD_H - 2, mid, height - 2], INK.axis));
  rows.forEach((row, i) => {
    const y = HEAD_H + i * ROW_H;
    const cy = y + ROW_H / 2;
    if (i % 2 === 0) marks.push({ type: 'rect', x: 0, y, w: width, h: ROW_H, fill: '#f8fafc' });
    marks.push(text(4, cy, row.label, { size, fill: INK.text }));
    marks.push(text(colA, cy, formatFigure(row, row.a), { size, anchor: 'end' }));
    marks.push(text(colB, cy, formatFigure(row, row.b), { size, anchor: 'end' }));
    const share = wide ? barShare(row) : 0;
    if (share !== 0) {
      const w = Math.max(1, Math.abs(share) * half);
      marks.push({
        type: 'rect',
        x: share < 0 ? mid - w : mid,
        y: y + 4,
        w,
        h: ROW_H - 8,
        fill: row.better === true ? BETTER : row.better === false ? WORSE : INK.muted,
      });
    }
    marks.push(
      text(deltaX, cy, formatDelta(row), {
        size,
        anchor: 'end',
        weight: 'bold',
        fill: row.better === true ? BETTER : row.better === false ? WORSE : INK.label,
      }),
    );
  });
  return { width, height, marks };
}
