// Memory gauges, one row per lane: used vs capacity, with the peak marked. Without a memory model
// in the config, the gauge shows the lane's slots instead (running runs vs concurrency) and says so.
// Many lanes (the 5k preset has 40) flow into columns, so the panel stays a few rows tall.

import type { LaneState } from '../../src/workers/protocol.ts';
import { INK, line, text, textWidth, type Mark, type Scene } from './scene.ts';
import { formatCount } from '../format.ts';

export const GAUGE_ROW = 22;
/** A column narrower than this (label, gauge, figures) is too cramped to read. */
const MIN_COLUMN_W = 340;
/** Up to this many lanes stay in one column. */
const MAX_ROWS = 6;
const COLUMN_GAP = 24;
/** Narrowest lane-label column, css px. */
const MIN_LABEL_W = 60;

/** The figures written right of a lane's gauge. */
export function gaugeText(lane: LaneState): string {
  const hasMem = lane.memCapacity !== null;
  const fmt = (v: number): string => (hasMem ? formatCount(v) : String(v));
  if (!hasMem) return `${lane.running} / ${lane.concurrency} slots, peak ${lane.peakRunning}`;
  return `${fmt(lane.memUsed)} / ${fmt(lane.memCapacity!)} ${lane.memUnit}, peak ${fmt(lane.memPeak)}`;
}

export function memoryLayout(lanes: readonly LaneState[], width: number): Scene {
  const marks: Mark[] = [];
  const columns = Math.max(
    1,
    Math.min(Math.ceil(lanes.length / MAX_ROWS), Math.floor(width / MIN_COLUMN_W)),
  );
  const rows = Math.ceil(lanes.length / columns);
  const columnW = (width - (columns - 1) * COLUMN_GAP) / columns;
  const labels = lanes.map(gaugeText);
  // Room for the widest figures (right-aligned, so an estimate that errs wide never clips).
  const valueW = Math.max(0, ...labels.map((t) => textWidth(t, 10))) + 8;
  const names = lanes.map(
    (l) => l.name + (!l.up ? ' (down)' : l.pool === 'parked' ? ' (parked)' : ''),
  );
  const labelW = Math.max(MIN_LABEL_W, ...names.map((t) => textWidth(t, 11) + 8));
  lanes.forEach((lane, i) => {
    const col = Math.floor(i / rows);
    const left = col * (columnW + COLUMN_GAP);
    const right = left + columnW;
    const y = 4 + (i % rows) * GAUGE_ROW;
    const h = GAUGE_ROW - 8;
    const hasMem = lane.memCapacity !== null;
    const cap = hasMem ? lane.memCapacity! : lane.concurrency;
    const used = hasMem ? lane.memUsed : lane.running;
    const peak = hasMem ? lane.memPeak : lane.peakRunning;
    const share = cap > 0 ? Math.min(1, used / cap) : 0;
    const peakShare = cap > 0 ? Math.min(1, peak / cap) : 0;
    const x0 = left + labelW;
    const x1 = Math.max(x0 + 20, right - valueW);
    marks.push(
      text(left, y + h / 2, names[i]!, {
        size: 11,
        fill: !lane.up ? INK.slo : lane.pool === 'parked' ? INK.muted : INK.text,
      }),
    );
    marks.push({ type: 'rect', x: x0, y, w: x1 - x0, h, fill: '#f1f5f9', stroke: INK.grid });
    const fill = share > 0.9 ? INK.slo : share > 0.7 ? INK.batch : INK.good;
    if (share > 0) marks.push({ type: 'rect', x: x0, y, w: (x1 - x0) * share, h, fill });
    const px = x0 + (x1 - x0) * peakShare;
    marks.push(line([px, y - 2, px, y + h + 2], INK.text, 2));
    marks.push(text(right, y + h / 2, labels[i]!, { size: 10, anchor: 'end' }));
  });
  return { width, height: 8 + rows * GAUGE_ROW, marks };
}
