// Memory gauges, one row per lane: used vs capacity, with the peak marked. Without a memory model
// in the config, the gauge shows the lane's slots instead (running runs vs concurrency) and says so.
// Many lanes (the 5k preset has 40) flow into columns, so the panel stays a few rows tall. When
// every lane stays far below its capacity (the default scenarios use a few per cent of 8 GiB), bars
// against the capacity would all sit near empty and show nothing: the gauges then zoom to the
// peak, and a line over them says so and what the capacity is.

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
  const pct = lane.memCapacity! > 0 ? Math.round((100 * lane.memUsed) / lane.memCapacity!) : 0;
  return `${fmt(lane.memUsed)} / ${fmt(lane.memCapacity!)} ${lane.memUnit} (${pct} %), peak ${fmt(lane.memPeak)}`;
}

/** Below this share of capacity on every lane, the gauges zoom to the peak. */
export const ZOOM_BELOW = 0.25;
/** Height of the zoom note over the gauges. */
const NOTE_H = 16;

/** The top of the gauges' scale: the capacity, or (all lanes far below it) a round figure just
 * over the highest peak; and whether it zoomed. */
export function gaugeScale(lanes: readonly LaneState[]): { top: number | null; zoomed: boolean } {
  const mem = lanes.filter((l) => l.memCapacity !== null && l.memCapacity > 0);
  if (mem.length === 0 || mem.length !== lanes.length) return { top: null, zoomed: false };
  const peak = Math.max(...mem.map((l) => l.memPeak));
  const cap = Math.min(...mem.map((l) => l.memCapacity!));
  if (peak >= cap * ZOOM_BELOW) return { top: null, zoomed: false };
  // 1, 2 or 5 times a power of ten, at least 1.25 x the peak.
  const want = Math.max(1, peak * 1.25);
  const pow = Math.pow(10, Math.floor(Math.log10(want)));
  const top = [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= want)!;
  return { top, zoomed: true };
}

export function memoryLayout(lanes: readonly LaneState[], width: number): Scene {
  const marks: Mark[] = [];
  const { top: zoomTop, zoomed } = gaugeScale(lanes);
  const offset = zoomed ? NOTE_H : 0;
  if (zoomed) {
    const unit = lanes[0]!.memUnit;
    const cap = formatCount(Math.min(...lanes.map((l) => l.memCapacity ?? Infinity)));
    marks.push(
      text(
        0,
        7,
        `Every lane uses under ${ZOOM_BELOW * 100} % of its ${cap} ${unit}: bars zoomed to 0-${formatCount(zoomTop!)} ${unit}.`,
        {
          size: 10,
          fill: INK.label,
        },
      ),
    );
  }
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
    const y = offset + 4 + (i % rows) * GAUGE_ROW;
    const h = GAUGE_ROW - 8;
    const hasMem = lane.memCapacity !== null;
    const cap = hasMem ? (zoomTop ?? lane.memCapacity!) : lane.concurrency;
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
    // Colour by the share of the real capacity, whatever the bars' zoom.
    const real = hasMem && lane.memCapacity! > 0 ? used / lane.memCapacity! : share;
    const fill = real > 0.9 ? INK.slo : real > 0.7 ? INK.batch : INK.good;
    if (share > 0) marks.push({ type: 'rect', x: x0, y, w: (x1 - x0) * share, h, fill });
    const px = x0 + (x1 - x0) * peakShare;
    marks.push(line([px, y - 2, px, y + h + 2], INK.text, 2));
    marks.push(text(right, y + h / 2, labels[i]!, { size: 10, anchor: 'end' }));
  });
  return { width, height: offset + 8 + rows * GAUGE_ROW, marks };
}
