// Compare mode's charts as data, drawn by the same SceneChart card as the single view's: the
// difference panel, the overlaid CDFs and timelines, and the paired view. A frame without side B
// (the first frames of a run entering compare mode) draws a short note instead.

import type { FrameMessage, SideFrame } from '../../src/workers/protocol.ts';
import { diffRows } from '../charts/compare-figures.ts';
import { diffLayout } from '../charts/diff-layout.ts';
import { compareCdfLayout } from '../charts/compare-cdf-layout.ts';
import { compareTimelineLayout } from '../charts/compare-timeline-layout.ts';
import { pairedLayout } from '../charts/paired-layout.ts';
import { INK, text, type Scene } from '../charts/scene.ts';
import { PAIR_RING_CAPACITY } from '../state/pair-ring.ts';
import { frameStore } from '../state/frame-store.ts';
import { formatCount } from '../format.ts';
import type { ChartSpec } from './chart-card.tsx';

const waiting = (w: number, h: number): Scene => ({
  width: w,
  height: h,
  marks: [text(8, 16, 'Waiting for both sides…', { fill: INK.label })],
});

const labels = (f: FrameMessage): [string, string] => [
  `A · ${f.scheduler}`,
  `B · ${f.compare?.b.scheduler ?? '–'}`,
];

/** A layout of both sides' data, or a note while a frame has only side A. */
const bothSides =
  (draw: (f: FrameMessage, b: SideFrame, w: number, h: number) => Scene) =>
  (f: FrameMessage, w: number, h: number): Scene =>
    f.compare ? draw(f, f.compare.b, w, h) : waiting(w, h);

/** Compare mode's charts, in the order the view shows them. */
export const COMPARE_CHARTS: readonly ChartSpec[] = [
  {
    id: 'compare-diff',
    title: 'Difference B − A',
    window: 'this run, since it began',
    subtitle: 'green where B is better, red where it is worse',
    height: 226,
    layout: bothSides((f, b, w) => diffLayout(diffRows(f, b), ['A', 'B'], w)),
  },
  {
    id: 'compare-cdf',
    title: 'Latency CDF, A and B',
    window: 'since the run began',
    subtitle: 'per class, one log axis',
    height: 300,
    layout: bothSides((f, b, w, h) =>
      compareCdfLayout(
        { histograms: [f.histograms, b.histograms], sloMs: f.sloMs, labels: labels(f) },
        w,
        h,
      ),
    ),
  },
  {
    id: 'compare-timeline',
    title: 'Timeline, A and B',
    window: 'per second, last 5 min',
    subtitle: 'vertical lines mark control changes',
    height: 300,
    layout: bothSides((f, b, w, h) =>
      compareTimelineLayout(
        { series: [f.series, b.series], marks: [f.marks, b.marks], labels: labels(f) },
        w,
        h,
      ),
    ),
  },
  {
    id: 'compare-paired',
    title: 'Same job, A against B',
    window: `latest ${formatCount(PAIR_RING_CAPACITY)} sampled jobs`,
    subtitle: 'below the diagonal B was faster',
    height: 420,
    layout: bothSides((f, _b, w, h) => {
      const ring = frameStore.getState().pairs;
      return pairedLayout(
        { count: ring.count, a: ring.a, b: ring.b, cls: ring.cls, sloMs: f.sloMs },
        w,
        h,
      );
    }),
  },
];
