// Compare mode's timeline: per simulated second, throughput, queue depth and SLO attainment of side
// A (solid) and side B (dashed) on shared axes, with the control changes marked: a change both sides
// took once, in ink; a change one side took alone in that side's colour, labelled "A:" or "B:".
// Pure layout from the two frames' series tails.

import { scaleLinear } from 'd3-scale';
import type { ControlMark, SeriesTail } from '../../src/workers/protocol.ts';
import { xAxis, yAxis } from './axes.ts';
import { attainment, timelinePanels } from './timeline-layout.ts';
import {
  INK,
  SIDE_COLOURS,
  SIDE_DASH,
  line,
  text,
  textWidth,
  type Mark,
  type Scene,
} from './scene.ts';
import { formatCountTick } from '../format.ts';
import { groupMarkers, markerMarks } from './timeline-markers.ts';

export interface CompareTimelineInput {
  series: readonly [SeriesTail, SeriesTail];
  marks: readonly [readonly ControlMark[], readonly ControlMark[]];
  labels: readonly [string, string];
}

/** Whole seconds of a series (the current one is still filling up). */
const whole = (s: SeriesTail): number => Math.max(0, s.completed.length - 1);

/** Control marks of both sides: shared ones once, one side's own with its side. */
export function mergeMarks(
  a: readonly ControlMark[],
  b: readonly ControlMark[],
): { t: number; label: string; side: 0 | 1 | null }[] {
  const key = (m: ControlMark): string => `${m.t}|${m.label}`;
  const inB = new Set(b.map(key));
  const inA = new Set(a.map(key));
  const out: { t: number; label: string; side: 0 | 1 | null }[] = [];
  for (const m of a) out.push({ t: m.t, label: m.label, side: inB.has(key(m)) ? null : 0 });
  for (const m of b) if (!inA.has(key(m))) out.push({ t: m.t, label: m.label, side: 1 });
  return out.sort((x, y) => x.t - y.t);
}

export function compareTimelineLayout(
  input: CompareTimelineInput,
  width: number,
  height: number,
): Scene {
  const [sa, sb] = input.series;
  const first = Math.min(sa.firstSecond, sb.firstSecond);
  const last = Math.max(sa.firstSecond + whole(sa), sb.firstSecond + whole(sb));
  const panels = timelinePanels(width, height);
  const { left, right } = panels[0]!;
  const x = scaleLinear()
    .domain([first, Math.max(first + 10, last)])
    .range([left, right]);
  const marks: Mark[] = [];
  const seriesLine = (
    s: SeriesTail,
    side: number,
    value: (i: number) => number | null,
    y: (v: number) => number,
  ): Mark => {
    const pts: number[] = [];
    for (let i = 0; i < whole(s); i++) {
      const v = value(i);
      if (v !== null) pts.push(x(s.firstSecond + i + 0.5), y(v));
    }
    return line(pts, SIDE_COLOURS[side]!, 1.5, SIDE_DASH[side]);
  };

  let maxRate = 1;
  let maxQ = 1;
  for (const s of input.series) {
    for (let i = 0; i < whole(s); i++) {
      maxRate = Math.max(maxRate, s.completed[i]!);
      maxQ = Math.max(maxQ, s.queue[i]!);
    }
  }
  const yRate = scaleLinear()
    .domain([0, maxRate])
    .range([panels[0]!.bottom, panels[0]!.top])
    .nice();
  const yQ = scaleLinear().domain([0, maxQ]).range([panels[1]!.bottom, panels[1]!.top]).nice();
  const yA = scaleLinear().domain([0, 1]).range([panels[2]!.bottom, panels[2]!.top]);
  marks.push(...yAxis(panels[0]!, yRate, 3, 'throughput/s', formatCountTick, true));
  marks.push(...yAxis(panels[1]!, yQ, 3, 'queued', formatCountTick, true));
  marks.push(...yAxis(panels[2]!, yA, 2, 'SLO met', (v) => `${Math.round(v * 100)}%`));
  input.series.forEach((s, side) => {
    marks.push(seriesLine(s, side, (i) => s.completed[i]!, yRate));
    marks.push(seriesLine(s, side, (i) => s.queue[i]!, yQ));
    marks.push(
      seriesLine(s, side, (i) => attainment(s.good[i]!, s.completed[i]!, s.violated[i]!), yA),
    );
  });
  marks.push(...xAxis({ ...panels[2]!, top: panels[0]!.top }, x, 8, 'simulated time (s)'));

  const end = Math.max(first + 10, last);
  const shown = mergeMarks(input.marks[0], input.marks[1])
    .filter((m) => m.t / 1000 >= first && m.t / 1000 <= end)
    .map((m) => ({
      ...m,
      label: m.side === null ? m.label : `${m.side === 0 ? 'A' : 'B'}: ${m.label}`,
    }));
  const groups = groupMarkers(shown, (ms) => x(ms / 1000));
  marks.push(
    ...markerMarks(groups, panels[0]!.top, panels[2]!.bottom, 2, width, (g) =>
      g.side === null ? INK.text : SIDE_COLOURS[g.side]!,
    ),
  );

  let lx = right;
  const ly = height - 7;
  for (let side = 1; side >= 0; side--) {
    const label = input.labels[side]!;
    lx -= textWidth(label, 10) + 24;
    marks.push(line([lx, ly, lx + 14, ly], SIDE_COLOURS[side]!, 1.5, SIDE_DASH[side]));
    marks.push(text(lx + 17, ly, label, { size: 10 }));
  }
  return { width, height, marks };
}
