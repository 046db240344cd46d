// The drawn queue, the page's first picture: requests arrive from the left, wait in line per class,
// are served by the lanes and leave on the right; arrivals that find the queue full fall into the
// "turned away" bin under it. This is the pure part: where each region sits for a size, how many
// jobs one square of the line stands for, and the scene of everything but the moving dots (those
// are queue-particles.ts). The canvas component paints it every animation frame.
//
//   arriving →  | interactive ▪▪▪▪▪▪▪▪ ▸ | [gpu0 ■■]  | → done
//               | batch       ▪▪▪▪▪▪▪▪ ▸ | [cpu0 ■ ]  |
//   turned away: 0                         [cpu1 □ ]
//
// The line is drawn to scale: one square is 1, 2, 5, 10, ... jobs, chosen so the longer class's line
// fits its band, and the legend says what a square is. The queue's capacity (jobs beyond it are
// turned away) is the band's full length when the line reaches it.

import type { LaneState } from '../../src/workers/protocol.ts';
import { formatCount, formatRate } from '../format.ts';
import { CLASS_COLOURS, INK, line, text, textWidth, type Mark, type Scene } from './scene.ts';

/** Where each part of the picture sits, css px. */
export interface QueueGeometry {
  width: number;
  height: number;
  /** The arrivals' stretch: dots travel from x = 0 to the line's tail. */
  arriveX1: number;
  /** The line's area (both bands), its head at `lineX1` next to the lanes. */
  lineX0: number;
  lineX1: number;
  /** Each class's band: top and height. */
  bands: [{ y: number; h: number }, { y: number; h: number }];
  /** The lanes' column. */
  lanesX0: number;
  lanesX1: number;
  lanesY0: number;
  lanesY1: number;
  /** Where served jobs leave: from the lanes' right edge to `width`. */
  exitX0: number;
  /** The turned-away bin, under the line's tail. */
  bin: { x: number; y: number; w: number; h: number };
  /** Square size and pitch of the line, css px. */
  square: number;
  pitch: number;
}

const TOP = 22;
const BIN_H = 26;

export function queueGeometry(width: number, height: number): QueueGeometry {
  const narrow = width < 560;
  const arriveX1 = Math.round(width * (narrow ? 0.1 : 0.12));
  const exitW = Math.round(width * (narrow ? 0.08 : 0.1));
  const lanesW = Math.round(width * (narrow ? 0.3 : 0.26));
  const lineX0 = arriveX1 + 4;
  const lanesX1 = width - exitW;
  const lanesX0 = lanesX1 - lanesW;
  const lineX1 = lanesX0 - (narrow ? 14 : 22);
  const bottom = height - BIN_H - 6;
  const gap = 8;
  const bandH = Math.max(16, (bottom - TOP - gap) / 2);
  const square = narrow ? 4 : 5;
  return {
    width,
    height,
    arriveX1,
    lineX0,
    lineX1,
    bands: [
      { y: TOP, h: bandH },
      { y: TOP + bandH + gap, h: bandH },
    ],
    lanesX0,
    lanesX1,
    lanesY0: TOP,
    lanesY1: bottom,
    exitX0: lanesX1 + 4,
    bin: { x: 2, y: height - BIN_H, w: Math.round((lineX1 - 2) * 0.55), h: BIN_H - 2 },
    square,
    pitch: square + 1,
  };
}

/** Height of a band's label row (its class and count) above its squares. */
const BAND_LABEL_H = 13;

/** Rows of squares a band holds under its label. */
function bandRows(g: QueueGeometry): number {
  return Math.max(1, Math.floor((g.bands[0].h - BAND_LABEL_H - 2) / g.pitch));
}

/** Squares one band holds: columns across the line's width, rows down the band. */
export function bandCapacity(g: QueueGeometry): number {
  const cols = Math.floor((g.lineX1 - g.lineX0 - 4) / g.pitch);
  return Math.max(1, cols) * bandRows(g);
}

const UNITS = [1, 2, 5];

/** Jobs one square stands for: the least of 1, 2, 5, 10, 20, 50... that fits `most` in `fit`. */
export function squareUnit(most: number, fit: number): number {
  for (let scale = 1; ; scale *= 10) {
    for (const u of UNITS) {
      if (Math.ceil(most / (u * scale)) <= fit) return u * scale;
    }
  }
}

/** What the picture shows, from one frame (and the page's rates). */
export interface QueueInput {
  queued: readonly [number, number];
  /** The queue's capacity (arrivals beyond it are turned away); Infinity when none. */
  capacity: number;
  lanes: readonly LaneState[];
  /** Jobs turned away since the run began (rejected + dropped). */
  turnedAway: number;
  /** Arrivals and completions per simulated second, recently. */
  arrivalRate: number;
  servedRate: number;
}

/** A lane's box in the lanes' column. */
export interface LaneBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Lane boxes in as many columns as it takes to keep rows at least 12 px (40 lanes: 2-3). */
export function laneBoxes(g: QueueGeometry, n: number): LaneBox[] {
  if (n === 0) return [];
  const h0 = g.lanesY1 - g.lanesY0;
  const maxRows = Math.max(1, Math.floor(h0 / 12));
  const cols = Math.ceil(n / maxRows);
  const rows = Math.ceil(n / cols);
  const colW = (g.lanesX1 - g.lanesX0) / cols;
  const rowH = Math.min(30, h0 / rows);
  const top = g.lanesY0 + (h0 - rowH * rows) / 2;
  return Array.from({ length: n }, (_, i) => ({
    x: g.lanesX0 + Math.floor(i / rows) * colW,
    y: top + (i % rows) * rowH,
    w: colW - 3,
    h: rowH - 3,
  }));
}

/** The squares of a band's line: `count` squares right-aligned at the head, rows filled first. */
export function lineSquares(g: QueueGeometry, band: 0 | 1, count: number): Float32Array {
  const b = g.bands[band];
  const rows = bandRows(g);
  const out = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const col = Math.floor(i / rows);
    const row = i % rows;
    out[2 * i] = g.lineX1 - (col + 1) * g.pitch;
    out[2 * i + 1] = b.y + BAND_LABEL_H + row * g.pitch;
  }
  return out;
}

/** The x where a band's line ends (its tail): arrivals join there. */
export function lineTail(g: QueueGeometry, count: number): number {
  return g.lineX1 - Math.ceil(count / bandRows(g)) * g.pitch;
}

const BUSY = '#334155';
const FREE = '#ffffff';
const DOWN = '#fee2e2';
export const TURNED_AWAY = '#dc2626';

/** Everything but the moving dots. */
export function queueScene(input: QueueInput, g: QueueGeometry): Scene & { unit: number } {
  const marks: Mark[] = [];
  const fit = bandCapacity(g);
  const unit = squareUnit(Math.max(input.queued[0], input.queued[1], 1), fit);
  // Headings over the regions (short ones on a narrow picture).
  const narrow = g.width < 560;
  const waiting = formatCount(input.queued[0] + input.queued[1]);
  // Full: at the capacity, give or take the jobs that just left it for a lane.
  const full = input.queued[0] + input.queued[1] >= input.capacity * 0.98;
  const arriving = narrow ? 'arriving' : `arriving ${formatRate(input.arrivalRate)}/s`;
  marks.push(text(2, 8, arriving, { size: 11, fill: INK.label }));
  // The longest heading that fits between the arrivals' label and the line's head.
  const room = g.lineX1 - (2 + textWidth(arriving, 11) + 10);
  const heading =
    [
      `waiting in line: ${waiting}${full ? ' — FULL, arrivals turned away' : ''}`,
      `waiting in line: ${waiting}${full ? ', FULL' : ''}`,
      `waiting: ${waiting}${full ? ', FULL' : ''}`,
    ].find((h) => textWidth(h, 11) <= room) ?? `${waiting}${full ? ' FULL' : ''}`;
  marks.push(
    text(g.lineX1, 8, heading, {
      size: 11,
      anchor: 'end',
      fill: full ? TURNED_AWAY : INK.text,
      weight: 'bold',
    }),
  );
  marks.push(
    text(g.lanesX0, 8, narrow ? 'lanes' : 'lanes (serving)', { size: 11, fill: INK.label }),
  );
  marks.push(
    text(g.width - 2, 8, narrow ? 'done' : `done ${formatRate(input.servedRate)}/s`, {
      size: 11,
      anchor: 'end',
      fill: INK.label,
    }),
  );
  // The two bands, each with its class name, its count and its line of squares.
  const names = ['interactive', 'batch'] as const;
  for (const band of [0, 1] as const) {
    const b = g.bands[band];
    marks.push({
      type: 'rect',
      x: g.lineX0,
      y: b.y,
      w: g.lineX1 - g.lineX0,
      h: b.h,
      fill: '#f8fafc',
      stroke: INK.grid,
    });
    const n = input.queued[band];
    marks.push(
      text(
        g.lineX0 + 4,
        b.y + BAND_LABEL_H / 2 + 1,
        narrow ? `${names[band]} ${formatCount(n)}` : `${names[band]}: ${formatCount(n)} waiting`,
        {
          size: 10,
          fill: CLASS_COLOURS[band],
          weight: 'bold',
        },
      ),
    );
    const count = Math.min(fit, Math.ceil(n / unit));
    const sq = lineSquares(g, band, count);
    for (let i = 0; i < count; i++) {
      marks.push({
        type: 'rect',
        x: sq[2 * i]!,
        y: sq[2 * i + 1]!,
        w: g.square,
        h: g.square,
        fill: CLASS_COLOURS[band],
      });
    }
    // The head of the line points at the lanes.
    const cy = b.y + b.h / 2;
    marks.push(line([g.lineX1 + 3, cy, g.lanesX0 - 4, cy], INK.axis, 1));
    marks.push(
      line([g.lanesX0 - 9, cy - 4, g.lanesX0 - 4, cy, g.lanesX0 - 9, cy + 4], INK.axis, 1),
    );
  }
  // The scale of the line, and whether it is full.
  marks.push(
    text(g.lineX1, g.bin.y + g.bin.h / 2, `▪ = ${formatCount(unit)} job${unit === 1 ? '' : 's'}`, {
      size: 10,
      anchor: 'end',
      fill: INK.label,
    }),
  );
  // The lanes: a box each, its slots filled while busy.
  const boxes = laneBoxes(g, input.lanes.length);
  input.lanes.forEach((lane, i) => {
    const box = boxes[i]!;
    const down = !lane.up;
    const parked = lane.pool === 'parked';
    const backup = lane.role === 'backup';
    marks.push({
      type: 'rect',
      x: box.x,
      y: box.y,
      w: box.w,
      h: box.h,
      fill: down ? DOWN : parked ? '#f1f5f9' : '#ffffff',
      stroke: down ? TURNED_AWAY : backup ? INK.axis : INK.muted,
      ...(down ? { hatch: '#fca5a5' } : {}),
    });
    const labelled = box.h >= 11;
    const label = down ? `${lane.name} down` : parked ? `${lane.name} parked` : lane.name;
    const labelW = labelled ? Math.min(box.w * 0.55, 7 + label.length * 6) : 0;
    if (labelled) {
      marks.push(
        text(box.x + 3, box.y + box.h / 2, label, {
          size: Math.min(10, box.h - 2),
          fill: down ? TURNED_AWAY : parked ? INK.axis : INK.text,
          ...(down ? { weight: 'bold' as const } : {}),
        }),
      );
    }
    if (down || parked) return;
    // Slots: one square per run the lane can hold, dark while busy.
    const slots = Math.max(1, lane.concurrency);
    const s = Math.max(3, Math.min(box.h - 6, 14));
    const x0 = box.x + labelW + 2;
    const room = Math.max(s, box.x + box.w - 2 - x0);
    const shown = Math.min(slots, Math.floor(room / (s + 1)));
    for (let k = 0; k < shown; k++) {
      marks.push({
        type: 'rect',
        x: x0 + k * (s + 1),
        y: box.y + (box.h - s) / 2,
        w: s,
        h: s,
        fill: k < lane.running ? BUSY : FREE,
        stroke: BUSY,
      });
    }
  });
  // The turned-away bin.
  const bin = g.bin;
  marks.push({
    type: 'rect',
    x: bin.x,
    y: bin.y,
    w: bin.w,
    h: bin.h,
    fill: input.turnedAway > 0 ? '#fef2f2' : '#ffffff',
    stroke: input.turnedAway > 0 ? '#fca5a5' : INK.grid,
  });
  marks.push(
    text(bin.x + 6, bin.y + bin.h / 2, `turned away: ${formatCount(input.turnedAway)}`, {
      size: 11,
      fill: input.turnedAway > 0 ? TURNED_AWAY : INK.label,
      ...(input.turnedAway > 0 ? { weight: 'bold' as const } : {}),
    }),
  );
  return { width: g.width, height: g.height, marks, unit };
}
