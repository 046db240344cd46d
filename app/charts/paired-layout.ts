// Compare mode's paired view, which only identical requests allow: each point is one job (a sample
// of them), at its latency on side A (x) against its latency on side B (y), both axes the same log
// scale, with the diagonal where they are equal. Below the diagonal B served the job faster, above
// it slower. A job one side rejected or dropped sits in the "not served" band past that axis's end.
// Points are coloured by class; each class's SLO is marked on both axes. Pure layout.

import { scaleLog } from 'd3-scale';
import { xAxis, yAxis } from './axes.ts';
import { CLASS_LABELS, INK, SIDE_COLOURS, line, text, type Mark, type Scene } from './scene.ts';
import { formatCount, formatMsTick } from '../format.ts';

export interface PairedInput {
  count: number;
  /** Latency on A and on B, ms; -1: not served there (rejected or dropped). */
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  cls: ArrayLike<number>;
  sloMs: readonly [number, number];
}

/** Point colours per class, translucent so dense areas read darker. */
const POINT_FILL = ['rgba(2, 132, 199, 0.55)', 'rgba(217, 119, 6, 0.55)'];
const POINT = 3;
/** Width of the "not served" band past each axis's end, px. */
const BAND = 14;

export interface PairedTally {
  n: number;
  faster: number;
  slower: number;
  same: number;
}

/** How many sampled jobs B served faster, slower or in the same time as A (to the microsecond; a
 * job served on one side only counts for the side that served it). */
export function pairedTally(input: PairedInput): PairedTally {
  const t = { n: input.count, faster: 0, slower: 0, same: 0 };
  for (let i = 0; i < input.count; i++) {
    const a = input.a[i]!;
    const b = input.b[i]!;
    if (a < 0 && b < 0) t.same++;
    else if (a < 0) t.faster++;
    else if (b < 0) t.slower++;
    else if (Math.abs(a - b) < 1e-3) t.same++;
    else if (b < a) t.faster++;
    else t.slower++;
  }
  return t;
}

export function pairedLayout(input: PairedInput, width: number, height: number): Scene {
  const marks: Mark[] = [];
  const size = Math.max(40, Math.min(width - 60 - 20 - BAND, height - 40 - 34 - BAND));
  const plot = { left: 60, top: 40 + BAND, right: 60 + size, bottom: 40 + BAND + size };
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < input.count; i++) {
    for (const v of [input.a[i]!, input.b[i]!]) {
      if (v <= 0) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  for (const slo of input.sloMs) hi = Math.max(hi, slo * 1.1);
  if (!Number.isFinite(lo)) lo = 1;
  lo = Math.max(0.01, Math.min(lo, hi / 10));
  const x = scaleLog().domain([lo, hi]).range([plot.left, plot.right]).clamp(true);
  const y = scaleLog().domain([lo, hi]).range([plot.bottom, plot.top]).clamp(true);
  marks.push(...xAxis(plot, x, 5, 'latency on A (log)', formatMsTick, true));
  marks.push(...yAxis(plot, y, 5, 'latency on B (log)', formatMsTick, false, true));
  // The "not served" bands: right of the x axis's end (A did not serve) and above the y axis's.
  marks.push({
    type: 'rect',
    x: plot.right + 2,
    y: plot.top,
    w: BAND - 2,
    h: size,
    fill: '#f1f5f9',
  });
  marks.push({
    type: 'rect',
    x: plot.left,
    y: plot.top - BAND,
    w: size,
    h: BAND - 2,
    fill: '#f1f5f9',
  });
  marks.push(text(plot.left + 2, plot.top - BAND / 2 - 1, 'not served by B', { size: 9 }));
  marks.push(
    text(plot.right + BAND / 2 + 1, plot.bottom - 2, 'not served by A', {
      size: 9,
      rotate: -90,
      baseline: 'middle',
    }),
  );
  input.sloMs.forEach((slo, cls) => {
    const sx = x(slo);
    const sy = y(slo);
    marks.push(line([sx, plot.top, sx, plot.bottom], INK.slo, 1, [4, 3]));
    marks.push(line([plot.left, sy, plot.right, sy], INK.slo, 1, [4, 3]));
    marks.push(
      text(sx + 2, plot.bottom - 2, `SLO ${CLASS_LABELS[cls]}`, {
        size: 9,
        fill: INK.slo,
        rotate: -90,
        baseline: 'top',
        halo: true,
      }),
    );
  });
  marks.push(line([plot.left, plot.bottom, plot.right, plot.top], INK.text, 1));
  for (let i = 0; i < input.count; i++) {
    const a = input.a[i]!;
    const b = input.b[i]!;
    const px = a < 0 ? plot.right + BAND / 2 + 1 : x(a);
    const py = b < 0 ? plot.top - BAND / 2 - 1 : y(b);
    marks.push({
      type: 'rect',
      x: px - POINT / 2,
      y: py - POINT / 2,
      w: POINT,
      h: POINT,
      fill: POINT_FILL[input.cls[i]!] ?? INK.muted,
    });
  }
  const t = pairedTally(input);
  const share = (k: number): string => (t.n > 0 ? `${Math.round((100 * k) / t.n)} %` : '–');
  marks.push(
    text(4, 8, `B faster for ${share(t.faster)}`, {
      size: 11,
      weight: 'bold',
      fill: SIDE_COLOURS[1],
    }),
  );
  marks.push(
    text(
      4,
      24,
      `slower for ${share(t.slower)}, same for ${share(t.same)} of ${formatCount(t.n)} sampled jobs`,
      {
        size: 11,
      },
    ),
  );
  // Class legend, right-aligned at the top.
  CLASS_LABELS.forEach((label, cls) => {
    const lx = width - 170 + cls * 90;
    marks.push({ type: 'rect', x: lx, y: 4, w: 8, h: 8, fill: POINT_FILL[cls]! });
    marks.push(text(lx + 12, 8, label, { size: 10 }));
  });
  return { width, height, marks };
}
