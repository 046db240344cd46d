// Compare mode's latency CDFs: one panel per class, each with side A's curve and side B's on the
// same log axis (the panels share it too, so a curve's position means the same in both), and the
// class's SLO marked. A is solid, B dashed, in the fixed side colours. Pure layout.

import { scaleLinear, scaleLog } from 'd3-scale';
import type { Histograms } from '../../src/workers/protocol.ts';
import { xAxis, yAxis } from './axes.ts';
import { cdfPoints } from './cdf-layout.ts';
import {
  CLASS_LABELS,
  INK,
  SIDE_COLOURS,
  SIDE_DASH,
  line,
  text,
  textWidth,
  type Mark,
  type Plot,
  type Scene,
} from './scene.ts';
import { formatMs, formatMsTick } from '../format.ts';

export interface CompareCdfInput {
  histograms: readonly [Histograms, Histograms];
  sloMs: readonly [number, number];
  /** Legend labels of the sides, e.g. "A · fifo". */
  labels: readonly [string, string];
}

/** The shared x domain (ms): every curve of both sides and both SLOs fit. */
export function cdfDomain(input: CompareCdfInput): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (const h of input.histograms) {
    for (const cls of [0, 1]) {
      const s = cdfPoints(h, cls);
      if (s.x.length === 0) continue;
      lo = Math.min(lo, s.x[0]!);
      hi = Math.max(hi, s.x[s.x.length - 1]!);
    }
  }
  for (const slo of input.sloMs) hi = Math.max(hi, slo * 1.1);
  if (!Number.isFinite(lo)) lo = 1;
  return [Math.max(lo, 0.01), hi];
}

export function compareCdfLayout(input: CompareCdfInput, width: number, height: number): Scene {
  const marks: Mark[] = [];
  const gap = 24;
  const top = 26;
  const panelW = (width - 60 - 12 - gap) / 2;
  const domain = cdfDomain(input);
  const panels: Plot[] = [0, 1].map((k) => ({
    left: 60 + k * (panelW + gap),
    right: 60 + k * (panelW + gap) + panelW,
    top,
    bottom: height - 32,
  }));
  panels.forEach((plot, cls) => {
    const x = scaleLog().domain(domain).range([plot.left, plot.right]).clamp(true);
    const y = scaleLinear().domain([0, 1]).range([plot.bottom, plot.top]);
    marks.push(...xAxis(plot, x, 5, `${CLASS_LABELS[cls]} latency (log)`, formatMsTick, true));
    if (cls === 0) {
      marks.push(...yAxis(plot, y, 5, 'share of jobs ≤ latency', (v) => `${Math.round(v * 100)}%`));
    } else {
      marks.push(line([plot.left, plot.top, plot.left, plot.bottom], INK.axis));
    }
    const slo = input.sloMs[cls]!;
    const sx = x(slo);
    marks.push(line([sx, plot.top, sx, plot.bottom], INK.slo, 1, [4, 3]));
    input.histograms.forEach((h, side) => {
      const s = cdfPoints(h, cls);
      if (s.x.length === 0) return;
      const pts: number[] = [];
      for (let i = 0; i < s.x.length; i++) {
        const px = x(s.x[i]!);
        if (i > 0) pts.push(px, y(s.y[i - 1]!));
        pts.push(px, y(s.y[i]!));
      }
      marks.push(line(pts, SIDE_COLOURS[side]!, 2, SIDE_DASH[side]));
    });
    marks.push(
      text(sx - 3, plot.bottom - 4, `SLO ${formatMs(slo)}`, {
        fill: INK.slo,
        size: 10,
        baseline: 'bottom',
        rotate: -90,
        halo: true,
      }),
    );
    marks.push(
      text(plot.left + 4, plot.top + 2, CLASS_LABELS[cls]!, {
        size: 11,
        weight: 'bold',
        baseline: 'top',
        fill: INK.text,
      }),
    );
  });
  // Legend: each side's stroke and label, left to right along the top.
  let lx = 60;
  input.labels.forEach((label, side) => {
    marks.push(line([lx, 10, lx + 18, 10], SIDE_COLOURS[side]!, 2, SIDE_DASH[side]));
    marks.push(text(lx + 22, 10, label, { size: 11 }));
    lx += 22 + textWidth(label, 11) + 16;
  });
  return { width, height, marks };
}
