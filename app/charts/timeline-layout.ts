// Timeline per simulated second: throughput and goodput (jobs/s), queue depth, and SLO attainment,
// in three stacked panels sharing the time axis, with a marker wherever a control changed (rate,
// scheduler...). Pure layout from the frame's series tail.
//
// In the top panel the three rates are often equal (every arrival served, every job on time), so
// they are drawn to stay visible on top of each other: goodput as a wide pale band at the bottom,
// throughput as a solid line over it, arrivals as a thin dashed line on top. The legend draws each
// with its own stroke.

import { scaleLinear } from 'd3-scale';
import type { ControlMark, SeriesTail } from '../../src/workers/protocol.ts';
import { xAxis, yAxis } from './axes.ts';
import { INK, line, text, textWidth, type Mark, type Plot, type Scene } from './scene.ts';
import { groupMarkers, markerMarks } from './timeline-markers.ts';
import { formatCountTick } from '../format.ts';

export interface TimelineInput {
  series: SeriesTail;
  marks: readonly ControlMark[];
  /** Simulated now, ms: the current (partial) second is left out of rates. */
  time: number;
}

/** SLO attainment of a second: good over ended (completed + rejected/dropped); null when none. */
export function attainment(good: number, completed: number, violated: number): number | null {
  const ended = good + violated;
  return ended > 0 && completed + violated > 0 ? good / ended : null;
}

/** The timeline's three stacked panels (rates, queue, SLO attainment), shared by compare mode's. */
export function timelinePanels(width: number, height: number): Plot[] {
  const left = 60;
  const right = width - 12;
  const gap = 22;
  const top = 30;
  const bottom = height - 46;
  const panelH = Math.max(20, (bottom - top - 2 * gap) / 3);
  return [0, 1, 2].map((i) => ({
    left,
    right,
    top: top + i * (panelH + gap),
    bottom: top + i * (panelH + gap) + panelH,
  }));
}

export function timelineLayout(input: TimelineInput, width: number, height: number): Scene {
  const s = input.series;
  // Whole seconds only: the current second is still filling up.
  const n = Math.max(0, s.completed.length - 1);
  const first = s.firstSecond;
  const panels = timelinePanels(width, height);
  const { left, right } = panels[0]!;
  const x = scaleLinear()
    .domain([first, Math.max(first + 10, first + n)])
    .range([left, right]);
  const marks: Mark[] = [];

  // Panel 1: throughput and goodput.
  let maxRate = 1;
  for (let i = 0; i < n; i++) maxRate = Math.max(maxRate, s.completed[i]!, s.arrived[i]!);
  const yRate = scaleLinear()
    .domain([0, maxRate])
    .range([panels[0]!.bottom, panels[0]!.top])
    .nice();
  marks.push(...yAxis(panels[0]!, yRate, 3, 'jobs/s', formatCountTick, true));
  for (const st of RATE_STROKES) {
    marks.push(seriesLine(s[st.series], n, first, x, yRate, st.colour, st.width, st.dash));
  }

  // Panel 2: queue depth.
  let maxQ = 1;
  for (let i = 0; i < n; i++) maxQ = Math.max(maxQ, s.queue[i]!);
  const yQ = scaleLinear().domain([0, maxQ]).range([panels[1]!.bottom, panels[1]!.top]).nice();
  marks.push(...yAxis(panels[1]!, yQ, 3, 'queued', formatCountTick, true));
  marks.push(seriesLine(s.queue, n, first, x, yQ, INK.queue, 1.5));

  // Panel 3: SLO attainment.
  const yA = scaleLinear().domain([0, 1]).range([panels[2]!.bottom, panels[2]!.top]);
  marks.push(...yAxis(panels[2]!, yA, 2, 'SLO met', (v) => `${Math.round(v * 100)}%`));
  const pts: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = attainment(s.good[i]!, s.completed[i]!, s.violated[i]!);
    if (a === null) continue;
    pts.push(x(first + i + 0.5), yA(a));
  }
  marks.push(line(pts, INK.slo, 1.5));
  marks.push(...xAxis({ ...panels[2]!, top: panels[0]!.top }, x, 8, 'simulated time (s)'));

  // Control-change markers across all panels: close ones merged, labels kept apart.
  const end = first + Math.max(10, n);
  const shown = input.marks.filter((m) => m.t / 1000 >= first && m.t / 1000 <= end);
  const groups = groupMarkers(shown, (ms) => x(ms / 1000));
  marks.push(...markerMarks(groups, panels[0]!.top, panels[2]!.bottom, 2, width));

  // Legend, right-aligned under the axis label; each sample drawn with its series' stroke.
  const legend: { label: string; colour: string; width: number; dash?: number[] }[] = [
    ...RATE_STROKES,
    { label: 'queue', colour: INK.queue, width: 1.5 },
    { label: 'SLO attainment', colour: INK.slo, width: 1.5 },
  ];
  let lx = right;
  const ly = height - 7;
  for (let i = legend.length - 1; i >= 0; i--) {
    const item = legend[i]!;
    lx -= textWidth(item.label, 10) + 24;
    marks.push(line([lx, ly, lx + 14, ly], item.colour, item.width, item.dash));
    marks.push(text(lx + 17, ly, item.label, { size: 10 }));
  }
  return { width, height, marks };
}

/** The top panel's series, bottom to top (see the file header). */
const RATE_STROKES: {
  series: 'good' | 'completed' | 'arrived';
  label: string;
  colour: string;
  width: number;
  dash?: number[];
}[] = [
  { series: 'good', label: 'goodput (on time)', colour: '#86efac', width: 5 },
  { series: 'completed', label: 'throughput', colour: INK.interactive, width: 1.5 },
  { series: 'arrived', label: 'arrivals', colour: '#64748b', width: 1, dash: [3, 3] },
];

function seriesLine(
  values: Float64Array,
  n: number,
  first: number,
  x: (v: number) => number,
  y: (v: number) => number,
  colour: string,
  width: number,
  dash?: number[],
): Mark {
  const pts: number[] = [];
  for (let i = 0; i < n; i++) pts.push(x(first + i + 0.5), y(values[i]!));
  return line(pts, colour, width, dash);
}
