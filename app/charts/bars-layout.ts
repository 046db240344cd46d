// Percentile bars (p50/p95/p99 per class, since the run began, with the SLO marked) and the
// wait-time histogram (log bins, per class). Pure layouts.

import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import type { ClassPercentiles, Histograms, SwitchView } from '../../src/workers/protocol.ts';
import { xAxis, yAxis } from './axes.ts';
import {
  CLASS_COLOURS,
  CLASS_LABELS,
  INK,
  line,
  plotArea,
  text,
  type Mark,
  type Scene,
} from './scene.ts';
import { formatMs, formatMsTick } from '../format.ts';

const PCTS = ['p50', 'p95', 'p99'] as const;
/** The right margin that holds the SLO labels, beside the bars rather than over them. */
const SLO_LABEL_W = 92;

/**
 * p50 / p95 / p99 bars per class with each class's SLO as a dashed line, its label in the right
 * margin (never over a bar's value). A class without a completed job has no bar and says so (no
 * latency is not 0 ms). After a scheduler switch the bars are the jobs since it, and an outline
 * behind each is the same figure before it.
 */
export function percentileLayout(
  pcts: readonly [ClassPercentiles, ClassPercentiles],
  sloMs: readonly [number, number],
  width: number,
  height: number,
  switched?: SwitchView,
): Scene {
  const plot = plotArea(width, height, { left: 64, right: SLO_LABEL_W, top: 22, bottom: 24 });
  const now = switched ? switched.percentiles.after : pcts;
  const before = switched?.percentiles.before;
  let max = Math.max(sloMs[0], 1);
  for (const set of before ? [now, before] : [now]) {
    for (const p of set) if (Number.isFinite(p.p99)) max = Math.max(max, p.p99);
  }
  const y = scaleLinear()
    .domain([0, max * 1.08])
    .range([plot.bottom, plot.top])
    .nice();
  const groups = scaleBand<string>()
    .domain([...PCTS])
    .range([plot.left, plot.right])
    .paddingInner(0.3)
    .paddingOuter(0.15);
  const inner = scaleBand<number>().domain([0, 1]).range([0, groups.bandwidth()]).padding(0.08);
  const marks: Mark[] = [...yAxis(plot, y, 4, 'latency', formatMsTick)];
  marks.push(line([plot.left, plot.bottom, plot.right, plot.bottom], INK.axis));
  for (const p of PCTS) {
    const gx = groups(p)!;
    marks.push(
      text(gx + groups.bandwidth() / 2, plot.bottom + 6, p, {
        anchor: 'middle',
        baseline: 'top',
        size: 11,
      }),
    );
    for (let cls = 0; cls < 2; cls++) {
      const v = now[cls]![p];
      const bx = gx + inner(cls)!;
      const bw = inner.bandwidth();
      const was = before?.[cls]![p];
      if (was !== undefined && Number.isFinite(was)) {
        const wy = y(was);
        marks.push({
          type: 'rect',
          x: bx,
          y: wy,
          w: bw,
          h: plot.bottom - wy,
          fill: 'rgba(255, 255, 255, 0)',
          stroke: CLASS_COLOURS[cls]!,
        });
      }
      if (!Number.isFinite(v)) {
        marks.push(
          text(bx + bw / 2, plot.bottom - 2, 'none', {
            anchor: 'middle',
            baseline: 'bottom',
            size: 9,
            fill: INK.label,
          }),
        );
        continue;
      }
      const by = y(v);
      const inset = before ? bw * 0.2 : 0;
      marks.push({
        type: 'rect',
        x: bx + inset,
        y: by,
        w: bw - 2 * inset,
        h: plot.bottom - by,
        fill: CLASS_COLOURS[cls]!,
      });
      const top = was !== undefined && Number.isFinite(was) ? Math.min(by, y(was)) : by;
      marks.push(
        text(bx + bw / 2, top - 2, formatMs(v), {
          anchor: 'middle',
          baseline: 'bottom',
          size: 9,
          fill: INK.text,
        }),
      );
    }
  }
  // SLO lines across the bars, labels in the right margin, apart when the two SLOs are close.
  const labelY: number[] = [];
  sloMs.forEach((slo, cls) => {
    const sy = y(slo);
    if (sy < plot.top) return;
    marks.push(line([plot.left, sy, plot.right, sy], CLASS_COLOURS[cls]!, 1, [4, 3]));
    let ly = sy;
    for (const other of labelY)
      if (Math.abs(other - ly) < 11) ly = other + (ly >= other ? 11 : -11);
    labelY.push(ly);
    marks.push(
      text(plot.right + 4, ly, `SLO ${formatMsTick(slo)}`, {
        anchor: 'start',
        baseline: 'middle',
        size: 9,
        fill: CLASS_COLOURS[cls]!,
      }),
    );
  });
  const end = legend(marks, plot.left);
  if (switched) {
    marks.push({
      type: 'rect',
      x: end,
      y: 4,
      w: 10,
      h: 10,
      fill: 'rgba(255, 255, 255, 0)',
      stroke: INK.text,
    });
    marks.push(text(end + 14, 9, `outline: before the switch (${switched.from})`, { size: 11 }));
  }
  if (!Number.isFinite(now[0].p50) && !Number.isFinite(now[1].p50)) {
    marks.push(
      text((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, 'no job has finished yet', {
        anchor: 'middle',
        fill: INK.label,
      }),
    );
  }
  return { width, height, marks };
}

/** Merge `factor` adjacent log bins: 32 per decade is finer than a histogram of bars needs. */
export function coarsen(
  h: Histograms,
  which: 'latency' | 'wait',
  factor: number,
): { edges: number[]; counts: [number[], number[]] } {
  const bins = Math.ceil(h.bins / factor);
  const edges: number[] = [];
  const counts: [number[], number[]] = [
    new Array<number>(bins).fill(0),
    new Array<number>(bins).fill(0),
  ];
  for (let b = 0; b <= bins; b++) edges.push(h.edges[Math.min(b * factor, h.bins)]!);
  const src = h[which];
  for (let cls = 0; cls < 2; cls++) {
    for (let b = 0; b < h.bins; b++)
      counts[cls]![Math.floor(b / factor)]! += src[cls * h.bins + b]!;
  }
  return { edges, counts };
}

export function waitHistogramLayout(h: Histograms, width: number, height: number): Scene {
  const plot = plotArea(width, height, { left: 60, right: 12, top: 22, bottom: 32 });
  const { edges, counts } = coarsen(h, 'wait', 8);
  // Visible range: from the first to the last non-empty bin of either class.
  let lo = edges.length;
  let hi = -1;
  let total = [0, 0];
  for (let cls = 0; cls < 2; cls++) {
    counts[cls]!.forEach((c, b) => {
      if (c > 0) {
        lo = Math.min(lo, b);
        hi = Math.max(hi, b);
      }
      total[cls]! += c;
    });
  }
  const marks: Mark[] = [];
  if (hi < 0) {
    marks.push(
      text(width / 2, height / 2, 'no completed jobs yet', { anchor: 'middle', fill: INK.axis }),
    );
    return { width, height, marks };
  }
  total = total.map((t) => Math.max(1, t));
  const x = scaleLog()
    .domain([edges[lo]!, edges[hi + 1]!])
    .range([plot.left, plot.right]);
  let maxShare = 0;
  for (let cls = 0; cls < 2; cls++)
    for (let b = lo; b <= hi; b++) maxShare = Math.max(maxShare, counts[cls]![b]! / total[cls]!);
  const y = scaleLinear().domain([0, maxShare]).range([plot.bottom, plot.top]).nice();
  marks.push(
    ...xAxis(
      plot,
      x,
      5,
      'wait before start (log scale; the first bar includes jobs that did not wait)',
      formatMsTick,
      true,
    ),
  );
  marks.push(...yAxis(plot, y, 4, 'share of class', (v) => `${Math.round(v * 100)}%`));
  for (let b = lo; b <= hi; b++) {
    const x0 = x(edges[b]!);
    const x1 = x(edges[b + 1]!);
    const w = Math.max(1, (x1 - x0 - 1) / 2);
    for (let cls = 0; cls < 2; cls++) {
      const share = counts[cls]![b]! / total[cls]!;
      if (share === 0) continue;
      const by = y(share);
      marks.push({
        type: 'rect',
        x: x0 + cls * w,
        y: by,
        w,
        h: plot.bottom - by,
        fill: CLASS_COLOURS[cls]!,
      });
    }
  }
  legend(marks, plot.left);
  return { width, height, marks };
}

/** The class legend at the top left; returns the x where more legend can go. */
function legend(marks: Mark[], left: number): number {
  CLASS_LABELS.forEach((label, cls) => {
    const lx = left + 4 + cls * 90;
    marks.push({ type: 'rect', x: lx, y: 4, w: 10, h: 10, fill: CLASS_COLOURS[cls]! });
    marks.push(text(lx + 14, 9, label, { size: 11 }));
  });
  return left + 4 + 2 * 90;
}
