// Gantt chart layout: one row per lane, one bar per run (a job or a batch). Pure: it walks the span
// ring newest first, keeps what falls in the visible window, and reports each bar's box and colour
// index to a visitor; the canvas painter batches bars by colour, the SVG export makes marks. Spans
// arrive in end-time order (the engine reports a run when it ends), so the walk stops at the first
// span that ended before the window.

import type { SpanRing } from '../state/span-ring.ts';
import { toPx, type TimeScale } from './time-scale.ts';

export type ColourBy = 'model' | 'class';

export interface GanttGeometry {
  scale: TimeScale;
  /** Top of row 0 and row pitch, css px. */
  top: number;
  rowHeight: number;
  lanes: number;
}

/** Receives one visible bar: box in css px, colour index (model or class), ring index. */
export type BarVisitor = (
  x: number,
  y: number,
  w: number,
  h: number,
  colour: number,
  failed: boolean,
  index: number,
) => void;

/** Visit visible bars, newest first; returns how many were visited. `limit` caps the walk. */
export function visitBars(
  ring: SpanRing,
  g: GanttGeometry,
  colourBy: ColourBy,
  visit: BarVisitor,
  limit = Infinity,
): number {
  const { startMs, endMs } = g.scale;
  const size = ring.size;
  const pad = Math.max(1, g.rowHeight * 0.15);
  const h = g.rowHeight - 2 * pad;
  let visited = 0;
  for (let n = 0; n < size && visited < limit; n++) {
    const i = ring.indexFromNewest(n);
    const end = ring.end[i]!;
    if (end < startMs) break;
    const start = ring.start[i]!;
    if (start > endMs) continue;
    const lane = ring.lane[i]!;
    if (lane >= g.lanes) continue;
    const x0 = toPx(g.scale, Math.max(start, startMs));
    const x1 = toPx(g.scale, Math.min(end, endMs));
    const colour = colourBy === 'model' ? ring.model[i]! : ring.cls[i]!;
    // Bars narrower than a pixel still show as one pixel: a busy lane reads as busy when zoomed out.
    visit(
      x0,
      g.top + lane * g.rowHeight + pad,
      Math.max(1, x1 - x0),
      h,
      colour,
      ring.failed[i] === 1,
      i,
    );
    visited++;
  }
  return visited;
}

/** The ring index of the bar under (px, py), or -1. */
export function hitTest(ring: SpanRing, g: GanttGeometry, px: number, py: number): number {
  const row = Math.floor((py - g.top) / g.rowHeight);
  if (row < 0 || row >= g.lanes) return -1;
  // A one-pixel tolerance either side: thin bars are hard to hit.
  const slack = (g.scale.endMs - g.scale.startMs) / Math.max(1, g.scale.right - g.scale.left);
  const t =
    g.scale.startMs +
    ((px - g.scale.left) / (g.scale.right - g.scale.left)) * (g.scale.endMs - g.scale.startMs);
  for (let n = 0; n < ring.size; n++) {
    const i = ring.indexFromNewest(n);
    if (ring.end[i]! < t - slack) break;
    if (ring.lane[i] === row && ring.start[i]! <= t + slack && ring.end[i]! >= t - slack) return i;
  }
  return -1;
}
