// Percentile bars (p50/p95/p99 per class, since the run began, with the SLO marked) and the
// wait-time histogram (log bins, per class). Pure layouts.

import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import type { ClassPercentiles, Histograms } from '../../src/workers/protocol.ts';
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

export function percentileLayout(
  pcts: readonly [ClassPercentiles, ClassPercentiles],
  sloMs: readonly [number, number],
  width: number,
  height: number,
): Scene {
  const plot = plotArea(width, height, { left: 64, right: 12, top: 22, bottom: 24 });
  let max = Math.max(sloMs[0], 1);
  for (const p of pcts) max = Math.max(max, p.p99);
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
      const v = pcts[cls]![p];
      const bx = gx + inner(cls)!;
      const by = y(v);
      marks.push({
        type: 'rect',
        x: bx,
        y: by,
        w: inner.bandwidth(),
        h: plot.bottom - by,
        fill: CLASS_COLOURS[cls]!,
      });
      marks.push(
        text(bx + inner.bandwidth() / 2, by - 2, formatMs(v), {
          anchor: 'middle',
          baseline: 'bottom',
          size: 9,
          fill: INK.text,
        }),
      );
    }
  }
  sloMs.forEach((slo, cls) => {
    const sy = y(slo);
    if (sy < plot.top) return;
    marks.push(line([plot.left, sy, plot.right, sy], CLASS_COLOURS[cls]!, 1, [4, 3]));
    marks.push(
      text(plot.left + 4, sy - 2, `${CLASS_LABELS[cls]} SLO`, {
        anchor: 'start',
        baseline: 'bottom',
        size: 9,
        fill: CLASS_COLOURS[cls]!,
      }),
    );
  });
  legend(marks, plot.left);
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

function legend(marks: Mark[], left: number): void {
  CLASS_LABELS.forEach((label, cls) => {
    const lx = left + 4 + cls * 90;
    marks.push({ type: 'rect', x: lx, y: 4, w: 10, h: 10, fill: CLASS_COLOURS[cls]! });
    marks.push(text(lx + 14, 9, label, { size: 11 }));
  });
}
