// Compare mode's scene charts, each a SceneChart over a pure layout: the difference panel, the
// overlaid CDFs and timelines, and the paired view. A frame without side B (the first frames of a
// run entering compare mode) draws a short note instead.

import { memo } from 'react';
import type { FrameMessage } from '../../src/workers/protocol.ts';
import { diffRows } from '../charts/compare-figures.ts';
import { diffLayout } from '../charts/diff-layout.ts';
import { compareCdfLayout } from '../charts/compare-cdf-layout.ts';
import { compareTimelineLayout } from '../charts/compare-timeline-layout.ts';
import { pairedLayout } from '../charts/paired-layout.ts';
import { INK, text, type Scene } from '../charts/scene.ts';
import { frameStore } from '../state/frame-store.ts';
import { SceneChart } from './scene-chart.tsx';

const waiting = (w: number, h: number): Scene => ({
  width: w,
  height: h,
  marks: [text(8, 16, 'Waiting for both sides…', { fill: INK.label })],
});

const labels = (f: FrameMessage): [string, string] => [
  `A · ${f.scheduler}`,
  `B · ${f.compare?.b.scheduler ?? '–'}`,
];

const diff = (f: FrameMessage, w: number, h: number): Scene =>
  f.compare ? diffLayout(diffRows(f, f.compare.b), ['A', 'B'], w) : waiting(w, h);
export const DiffChart = memo(function DiffChart() {
  return (
    <SceneChart
      id="compare-diff"
      title="Difference B − A"
      subtitle="since the run began; green where B is better"
      height={226}
      layout={diff}
    />
  );
});

const cdf = (f: FrameMessage, w: number, h: number): Scene =>
  f.compare
    ? compareCdfLayout(
        { histograms: [f.histograms, f.compare.b.histograms], sloMs: f.sloMs, labels: labels(f) },
        w,
        h,
      )
    : waiting(w, h);
export const CompareCdfChart = memo(function CompareCdfChart() {
  return (
    <SceneChart
      id="compare-cdf"
      title="Latency CDF, A and B"
      subtitle="per class, one log axis"
      height={300}
      layout={cdf}
    />
  );
});

const timeline = (f: FrameMessage, w: number, h: number): Scene =>
  f.compare
    ? compareTimelineLayout(
        {
          series: [f.series, f.compare.b.series],
          marks: [f.marks, f.compare.b.marks],
          labels: labels(f),
        },
        w,
        h,
      )
    : waiting(w, h);
export const CompareTimelineChart = memo(function CompareTimelineChart() {
  return (
    <SceneChart
      id="compare-timeline"
      title="Timeline, A and B"
      subtitle="per simulated second; vertical lines mark control changes"
      height={300}
      layout={timeline}
    />
  );
});

const paired = (f: FrameMessage, w: number, h: number): Scene => {
  const ring = frameStore.getState().pairs;
  return f.compare
    ? pairedLayout({ count: ring.count, a: ring.a, b: ring.b, cls: ring.cls, sloMs: f.sloMs }, w, h)
    : waiting(w, h);
};
export const PairedChart = memo(function PairedChart() {
  return (
    <SceneChart
      id="compare-paired"
      title="Same job, A against B"
      subtitle="latest sampled jobs; below the diagonal B was faster"
      height={420}
      layout={paired}
    />
  );
});
