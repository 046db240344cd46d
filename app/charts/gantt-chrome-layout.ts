// The Gantt chart's frame around the bars, as pure layout: per lane row the alternating stripe, the
// hatched spans while the lane was down, the lane's name and its 'down' or 'parked' badge; and the
// time axis with the clock's "now" line. Compare mode stacks two sections of rows (A's lanes, then
// B's) over one time axis, each under a heading in its side's colour. Bars are not here: the canvas
// painter batches them (gantt-layout.ts).

import { scaleLinear } from 'd3-scale';
import type { LaneState } from '../../src/workers/protocol.ts';
import type { Outage } from '../state/lane-outages.ts';
import type { GanttGeometry } from './gantt-layout.ts';
import {
  CLASS_COLOURS,
  CLASS_LABELS,
  INK,
  MODEL_COLOURS,
  line,
  text,
  textWidth,
  type Mark,
} from './scene.ts';
import { toPx, type TimeScale } from './time-scale.ts';

/** A lane's row while it is down: hatched, and its label in red with a 'down' badge. */
export const DOWN_FILL = '#fef2f2';
export const DOWN_HATCH = '#fca5a5';
/** Height of a section's heading in compare mode, css px. */
export const SECTION_TITLE_H = 16;

export interface GanttSection {
  lanes: readonly LaneState[];
  outages: readonly Outage[];
  /** Simulated now: an outage still open runs to it. */
  time: number;
  g: GanttGeometry;
  /** Left of this x: the lane names. */
  labelW: number;
  /** Compare mode: the heading above the rows ("A · fifo") in the side's colour. */
  title?: { text: string; colour: string };
}

/** Everything of a section's rows: background, then labels (the SVG export). */
export function laneRowMarks(s: GanttSection): Mark[] {
  return [...laneBackgroundMarks(s), ...laneLabelMarks(s)];
}

/** What changes as the window moves: the heading's rule, alternate row stripes, outage hatching. */
export function laneBackgroundMarks(s: GanttSection): Mark[] {
  const { g, labelW } = s;
  const marks: Mark[] = [];
  if (s.title) marks.push(line([labelW, g.top - 1, g.scale.right, g.top - 1], s.title.colour, 1));
  s.lanes.forEach((_lane, i) => {
    if (i % 2 === 1)
      marks.push({
        type: 'rect',
        x: labelW,
        y: g.top + i * g.rowHeight,
        w: g.scale.right - labelW,
        h: g.rowHeight,
        fill: '#f8fafc',
      });
  });
  // Hatch each lane's row over the time it was down (to now, while it still is).
  for (const o of s.outages) {
    if (o.lane >= g.lanes) continue;
    const end = o.end ?? s.time;
    if (end < g.scale.startMs || o.start > g.scale.endMs) continue;
    const x0 = toPx(g.scale, Math.max(o.start, g.scale.startMs));
    const x1 = toPx(g.scale, Math.min(end, g.scale.endMs));
    marks.push({
      type: 'rect',
      x: x0,
      y: g.top + o.lane * g.rowHeight,
      w: Math.max(1, x1 - x0),
      h: g.rowHeight,
      fill: DOWN_FILL,
      hatch: DOWN_HATCH,
    });
  }
  return marks;
}

/**
 * What changes only with the lanes (their names, health, pool) and the rows' geometry: the heading,
 * the lane names left of `labelW` and their badges. The canvas painter caches these as an image.
 */
export function laneLabelMarks(s: GanttSection): Mark[] {
  const { g, labelW } = s;
  const marks: Mark[] = [];
  if (s.title) {
    marks.push(
      text(4, g.top - SECTION_TITLE_H / 2, s.title.text, {
        size: 11,
        weight: 'bold',
        fill: s.title.colour,
      }),
    );
  }
  s.lanes.forEach((lane, i) => {
    const y = g.top + i * g.rowHeight;
    if (g.rowHeight < 10 && i % Math.ceil(10 / g.rowHeight) !== 0 && lane.up) return;
    const size = Math.min(11, g.rowHeight);
    marks.push(
      text(labelW - 6, y + g.rowHeight / 2, lane.name, {
        anchor: 'end',
        size,
        fill: !lane.up ? INK.slo : lane.pool === 'parked' ? INK.muted : INK.text,
        ...(lane.up ? {} : { weight: 'bold' as const }),
      }),
    );
    // Autoscaling: a parked lane is out of the pool (greyed, not an outage).
    if (lane.up && lane.pool === 'parked' && g.rowHeight >= 12) {
      marks.push(
        text(4, y + g.rowHeight / 2, 'parked', { size: 9, fill: INK.muted, weight: 'bold' }),
      );
    }
    if (!lane.up && g.rowHeight >= 12) {
      const bh = Math.min(14, g.rowHeight - 4);
      marks.push({
        type: 'rect',
        x: 2,
        y: y + (g.rowHeight - bh) / 2,
        w: 30,
        h: bh,
        fill: INK.slo,
      });
      marks.push(
        text(17, y + g.rowHeight / 2, 'down', {
          anchor: 'middle',
          size: 9,
          fill: '#ffffff',
          weight: 'bold',
        }),
      );
    }
  });
  return marks;
}

/** What the label marks depend on: the same key, the same image. */
export function labelKey(s: GanttSection): string {
  const lanes = s.lanes.map((l) => `${l.name}:${l.up ? 1 : 0}:${l.pool ?? ''}`).join(',');
  return `${s.title?.text ?? ''}|${s.g.top}|${s.g.rowHeight}|${lanes}`;
}

/** The time axis at `axisY` (seconds), and the clock's "now" line down from `top` when visible. */
export function timeAxisMarks(scale: TimeScale, top: number, axisY: number, time: number): Mark[] {
  const marks: Mark[] = [];
  const x = scaleLinear()
    .domain([scale.startMs / 1000, scale.endMs / 1000])
    .range([scale.left, scale.right]);
  marks.push(line([scale.left, axisY, scale.right, axisY], INK.axis));
  // As many ticks as fit at ~80 px apart: a phone's axis gets three or four, not eight that run
  // together.
  const count = Math.max(2, Math.min(8, Math.floor((scale.right - scale.left) / 80)));
  const fmt = x.tickFormat(count);
  for (const t of x.ticks(count)) {
    if (t < 0) continue;
    const px = x(t);
    marks.push(line([px, axisY, px, axisY + 4], INK.axis));
    marks.push(text(px, axisY + 6, `${fmt(t)} s`, { anchor: 'middle', baseline: 'top', size: 10 }));
  }
  if (time >= scale.startMs && time <= scale.endMs) {
    const nx = x(time / 1000);
    marks.push(line([nx, top, nx, axisY], INK.slo, 1));
  }
  return marks;
}

/** A legend entry of the Gantt chart: a bar colour, a failed run (red, outlined) or a down lane. */
export interface LegendItem {
  label: string;
  colour: string;
  kind?: 'failed' | 'down';
}

/** The Gantt chart's legend as marks (exported pictures carry it), wrapped into rows of `width`. */
export function ganttLegendMarks(
  items: readonly LegendItem[],
  width: number,
): { marks: Mark[]; height: number } {
  const marks: Mark[] = [];
  const rowH = 16;
  let x = 4;
  let y = 4;
  for (const item of items) {
    const w = 14 + textWidth(item.label, 11) + 14;
    if (x + w > width && x > 4) {
      x = 4;
      y += rowH;
    }
    if (item.kind === 'down') {
      marks.push({ type: 'rect', x, y: y + 2, w: 16, h: 10, fill: DOWN_FILL, hatch: DOWN_HATCH });
    } else {
      marks.push({
        type: 'rect',
        x,
        y: y + 2,
        w: 10,
        h: 10,
        fill: item.colour,
        ...(item.kind === 'failed' ? { stroke: INK.slo } : {}),
      });
    }
    marks.push(text(x + (item.kind === 'down' ? 20 : 14), y + 7, item.label, { size: 11 }));
    x += w + (item.kind === 'down' ? 6 : 0);
  }
  return { marks, height: y + rowH + 2 };
}

/** The legend's entries: what the bars' colours mean, failed runs and down lanes. */
export function ganttLegendItems(
  colourBy: 'model' | 'class',
  models: readonly string[],
): LegendItem[] {
  const colours: LegendItem[] =
    colourBy === 'model'
      ? models.map((m, i) => ({ label: m, colour: MODEL_COLOURS[i % MODEL_COLOURS.length]! }))
      : CLASS_LABELS.map((c, i) => ({ label: c, colour: CLASS_COLOURS[i]! }));
  return [
    ...colours,
    {
      label: 'failed run (lane went down; its jobs re-queued)',
      colour: FAILED_FILL,
      kind: 'failed',
    },
    { label: 'lane down', colour: DOWN_FILL, kind: 'down' },
  ];
}

/** A failed run's fill (outlined in INK.slo). */
export const FAILED_FILL = 'rgba(220, 38, 38, 0.55)';
