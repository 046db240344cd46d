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

/**
 * Visible bars snapped to whole css pixels and merged where bars of one colour on one lane touch
 * or overlap, grouped by colour, ready to paint (bar-raster.ts writes them as pixels). Why: a 2D
 * canvas records its draw calls and rasterises them when the frame is committed, on the page's
 * main thread when compositing is in software. At 5,000 jobs/s a 2 s window holds ~10,000 bars,
 * most 1-3 px wide; as one Path2D of anti-aliased sub-pixel rects that raster step took ~18 ms a
 * frame (Chrome trace, 40 lanes, `LayerTreeHost::DoUpdateLayers`). Whole-pixel rects need no
 * anti-aliasing and merging roughly halves their number; what a person sees does not change (a bar
 * was never drawn under 1 px).
 */
export class BarBatch {
  /** Per colour: x, y, w, h of each rect (css px, whole numbers). */
  rects: Float32Array[] = [];
  counts: Int32Array = new Int32Array(0);
  /** Failed runs, unmerged and unsnapped (rare; drawn on top in red). */
  failed: number[] = [];
  /** Bars visited (before merging) and rects out (after). */
  visited = 0;
  drawn = 0;
  private pendX0 = new Float64Array(0);
  private pendX1 = new Float64Array(0);

  /** Fill the batch from the ring for this geometry; `colours` is the palette's size. */
  build(ring: SpanRing, g: GanttGeometry, colourBy: ColourBy, colours: number): this {
    const keys = g.lanes * colours;
    if (this.pendX0.length < keys) {
      this.pendX0 = new Float64Array(keys);
      this.pendX1 = new Float64Array(keys);
    }
    this.pendX0.fill(NaN, 0, keys);
    if (this.counts.length !== colours) {
      this.counts = new Int32Array(colours);
      this.rects = Array.from({ length: colours }, () => new Float32Array(4 * 1024));
    }
    this.counts.fill(0);
    this.failed.length = 0;
    this.drawn = 0;
    const pad = Math.max(1, g.rowHeight * 0.15);
    const rowY = (lane: number): number => Math.round(g.top + lane * g.rowHeight + pad);
    const h = Math.max(1, Math.round(g.rowHeight - 2 * pad));
    const { pendX0, pendX1 } = this;
    const flush = (key: number): void => {
      const x0 = pendX0[key]!;
      if (Number.isNaN(x0)) return;
      const colour = key % colours;
      const lane = (key - colour) / colours;
      this.push(colour, x0, rowY(lane), pendX1[key]! - x0, h);
      pendX0[key] = NaN;
    };
    this.visited = visitBars(ring, g, colourBy, (x, y, w, bh, colour, failed, i) => {
      if (failed) this.failed.push(x, y, w, bh);
      const sx0 = Math.floor(x);
      const sx1 = Math.max(sx0 + 1, Math.round(x + w));
      const key = ring.lane[i]! * colours + (colour % colours);
      const p0 = pendX0[key]!;
      if (!Number.isNaN(p0) && sx1 >= p0 && sx0 <= pendX1[key]!) {
        pendX0[key] = Math.min(p0, sx0);
        pendX1[key] = Math.max(pendX1[key]!, sx1);
        return;
      }
      flush(key);
      pendX0[key] = sx0;
      pendX1[key] = sx1;
    });
    for (let key = 0; key < keys; key++) flush(key);
    return this;
  }

  private push(colour: number, x: number, y: number, w: number, h: number): void {
    const n = this.counts[colour]!;
    let buf = this.rects[colour]!;
    if (4 * n + 4 > buf.length) {
      const grown = new Float32Array(buf.length * 2);
      grown.set(buf);
      this.rects[colour] = buf = grown;
    }
    buf[4 * n] = x;
    buf[4 * n + 1] = y;
    buf[4 * n + 2] = w;
    buf[4 * n + 3] = h;
    this.counts[colour] = n + 1;
    this.drawn++;
  }
}
