// Latency CDF per class, from the worker's log-binned histograms: the share of completed jobs of a
// class with latency <= x, stepped at bin upper edges, with each class's SLO marked. After a
// scheduler switch it draws the jobs that ended before the switch (dashed) against those since
// (solid) instead of the whole run, which would mix the two. Pure layout.

import { scaleLinear, scaleLog } from 'd3-scale';
import type { Histograms, SwitchView } from '../../src/workers/protocol.ts';
import { xAxis, yAxis } from './axes.ts';
import {
  CLASS_COLOURS,
  CLASS_LABELS,
  INK,
  line,
  plotArea,
  text,
  textWidth,
  type Mark,
  type Scene,
} from './scene.ts';
import { formatMs, formatMsTick } from '../format.ts';

export interface CdfInput {
  histograms: Histograms;
  sloMs: readonly [number, number];
  /** The run's latest scheduler switch: then before (dashed) and since (solid). */
  switched?: SwitchView | undefined;
}

/** Cumulative points (upper edge, share) of one class; empty when it has no jobs. */
export function cdfPoints(h: Histograms, cls: number): { x: number[]; y: number[] } {
  const off = cls * h.bins;
  let total = 0;
  for (let b = 0; b < h.bins; b++) total += h.latency[off + b]!;
  const x: number[] = [];
  const y: number[] = [];
  if (total === 0) return { x, y };
  let acc = 0;
  for (let b = 0; b < h.bins; b++) {
    const c = h.latency[off + b]!;
    if (c === 0 && acc === 0) continue;
    if (acc === 0) {
      x.push(h.edges[b]!);
      y.push(0);
    }
    acc += c;
    x.push(h.edges[b + 1]!);
    y.push(acc / total);
    if (acc >= total) break;
  }
  return { x, y };
}

export function cdfLayout(input: CdfInput, width: number, height: number, log: boolean): Scene {
  const plot = plotArea(width, height, { left: 60, right: 12, top: 22, bottom: 32 });
  const h = input.histograms;
  const sw = input.switched;
  // One curve per class, or per class and side of the switch (before first, dashed).
  const curves: { points: { x: number[]; y: number[] }; cls: number; dash?: number[] }[] = [];
  for (let cls = 0; cls < 2; cls++) {
    if (sw) {
      curves.push({ points: cdfPoints({ ...h, latency: sw.before }, cls), cls, dash: [5, 3] });
      curves.push({ points: cdfPoints({ ...h, latency: sw.after }, cls), cls });
    } else {
      curves.push({ points: cdfPoints(h, cls), cls });
    }
  }
  const series = curves.map((c) => c.points);
  let lo = Infinity;
  let hi = 0;
  for (const s of series) {
    if (s.x.length === 0) continue;
    lo = Math.min(lo, s.x[0]!);
    hi = Math.max(hi, s.x[s.x.length - 1]!);
  }
  for (const slo of input.sloMs) hi = Math.max(hi, slo * 1.1);
  if (!Number.isFinite(lo)) lo = 1;
  const marks: Mark[] = [];
  const x = log
    ? scaleLog()
        .domain([Math.max(lo, 0.01), hi])
        .range([plot.left, plot.right])
        .clamp(true)
    : scaleLinear().domain([0, hi]).range([plot.left, plot.right]).nice();
  const y = scaleLinear().domain([0, 1]).range([plot.bottom, plot.top]);
  marks.push(...xAxis(plot, x, 6, log ? 'latency (log scale)' : 'latency', formatMsTick, log));
  marks.push(...yAxis(plot, y, 5, 'share of jobs ≤ latency', (v) => `${Math.round(v * 100)}%`));
  // Each SLO is a dashed line with its label written up along it, just left of the line (right of
  // it when there is no room on the left, or when the other SLO's line is that close): two
  // horizontal labels near the top crowd each other and the curve's plateau.
  const sloX = input.sloMs.map((slo) => x(slo));
  const sloLabels: Mark[] = [];
  input.sloMs.forEach((slo, cls) => {
    const sx = sloX[cls]!;
    marks.push(line([sx, plot.top, sx, plot.bottom], INK.slo, 1, [4, 3]));
    const other = sloX[1 - cls] ?? Infinity;
    const crowdedLeft = cls === 1 && Math.abs(other - sx) < 14;
    const left = sx - 14 >= plot.left && !crowdedLeft;
    sloLabels.push(
      text(left ? sx - 3 : sx + 3, plot.bottom - 4, `SLO ${CLASS_LABELS[cls]} ${formatMs(slo)}`, {
        fill: INK.slo,
        size: 10,
        anchor: 'start',
        // Rotated -90°: the glyphs' bottom faces +x, so 'bottom' puts the text left of (x, y).
        baseline: left ? 'bottom' : 'top',
        rotate: -90,
        halo: true,
      }),
    );
  });
  for (const c of curves) {
    const s = c.points;
    if (s.x.length === 0) continue;
    const pts: number[] = [];
    for (let i = 0; i < s.x.length; i++) {
      const px = x(s.x[i]!);
      const py = y(s.y[i]!);
      if (i > 0) pts.push(px, y(s.y[i - 1]!));
      pts.push(px, py);
    }
    marks.push(line(pts, CLASS_COLOURS[c.cls]!, c.dash ? 1.5 : 2, c.dash));
  }
  if (series.every((s) => s.x.length === 0)) {
    marks.push(
      text((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, 'no job has finished yet', {
        anchor: 'middle',
        fill: INK.label,
      }),
    );
  }
  // Labels over the curves; their white halo keeps them legible where a curve crosses.
  marks.push(...sloLabels);
  CLASS_LABELS.forEach((label, cls) => {
    const lx = plot.left + 4 + cls * 90;
    marks.push({ type: 'rect', x: lx, y: 4, w: 10, h: 10, fill: CLASS_COLOURS[cls]! });
    marks.push(text(lx + 14, 9, label, { size: 11 }));
  });
  if (sw) {
    // What the two strokes mean: before the switch (dashed) and since (solid).
    const lx = plot.left + 4 + 2 * 90;
    marks.push(line([lx, 9, lx + 16, 9], INK.text, 1.5, [5, 3]));
    marks.push(text(lx + 20, 9, `before: ${sw.from}`, { size: 11 }));
    const ax = lx + 32 + textWidth(`before: ${sw.from}`, 11);
    marks.push(line([ax, 9, ax + 16, 9], INK.text, 2));
    marks.push(text(ax + 20, 9, `since the switch: ${sw.to}`, { size: 11 }));
  }
  return { width, height, marks };
}
