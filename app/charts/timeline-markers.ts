// The timeline's control-change markers, readable however many there are. A drag of the rate slider
// or a few arrow-key presses make dozens of changes within a second or two; drawn one by one they
// pile into a smear of lines and labels. So markers closer than MERGE_PX merge into one (a band over
// their span), labelled by their last value and count ("rate 1.0k/s (12 changes)"); labels keep to
// two rows, never run past the chart's edges, and one that would cover another is left out (its
// line stays). A scheduler switch stands out: a solid line and a bold label. Pure.

import { INK, line, text, textWidth, type Mark } from './scene.ts';

/** A control change: when (simulated ms), what, and (compare mode) which side alone (null: both). */
export interface Marker {
  t: number;
  label: string;
  side?: 0 | 1 | null;
}

export interface MarkerGroup {
  /** The span of the merged markers, px. */
  x0: number;
  x1: number;
  label: string;
  count: number;
  side: 0 | 1 | null;
  /** A scheduler (or policy) switch is in the group. */
  switch: boolean;
}

/** Markers closer than this merge, px. */
export const MERGE_PX = 16;
const LABEL_SIZE = 10;
const ROW_H = 12;

/** Rate, class-ratio and lane changes are labelled so; anything else is a policy taking over. */
export function isSwitch(label: string): boolean {
  return !/^(rate |interactive |[^ ]+ (down|up)\b)/.test(label.replace(/^[AB]: /, ''));
}

/** Merge markers closer than `gap` px (in time order, per side). */
export function groupMarkers(
  markers: readonly Marker[],
  toX: (ms: number) => number,
  gap = MERGE_PX,
): MarkerGroup[] {
  const sorted = [...markers].sort((a, b) => a.t - b.t);
  const groups: (MarkerGroup & { labels: string[] })[] = [];
  for (const m of sorted) {
    const x = toX(m.t);
    const side = m.side ?? null;
    const g = groups.findLast((c) => c.side === side);
    if (g && x - g.x1 < gap) {
      g.x1 = x;
      g.count++;
      g.labels.push(m.label);
      g.switch ||= isSwitch(m.label);
      continue;
    }
    groups.push({
      x0: x,
      x1: x,
      label: m.label,
      count: 1,
      side,
      switch: isSwitch(m.label),
      labels: [m.label],
    });
  }
  return groups.map(({ labels, ...g }) => ({ ...g, label: groupLabel(labels) }));
}

/** One label for merged changes: the last value and how many there were. */
function groupLabel(labels: readonly string[]): string {
  const last = labels[labels.length - 1]!;
  if (labels.length === 1) return last;
  const kind = (l: string): string => l.split(' ')[0]!;
  const same = labels.every((l) => kind(l) === kind(last));
  return same ? `${last} (${labels.length} changes)` : `${last} (+${labels.length - 1} more)`;
}

/**
 * The markers' marks between `top` and `bottom` (px), labels in two rows from `labelTop`, within
 * [0, width]; `ink` colours a group by its side.
 */
export function markerMarks(
  groups: readonly MarkerGroup[],
  top: number,
  bottom: number,
  labelTop: number,
  width: number,
  ink: (g: MarkerGroup) => string = () => INK.text,
): Mark[] {
  const marks: Mark[] = [];
  const rowEnd = [-Infinity, -Infinity];
  for (const g of groups) {
    const colour = ink(g);
    if (g.x1 - g.x0 > 2) {
      marks.push({
        type: 'rect',
        x: g.x0,
        y: top,
        w: g.x1 - g.x0,
        h: bottom - top,
        fill: 'rgba(15, 23, 42, 0.06)',
      });
    }
    const x = g.x1;
    marks.push(
      line([x, top, x, bottom], colour, g.switch ? 1.5 : 1, g.switch ? undefined : [2, 2]),
    );
    const w = textWidth(g.label, LABEL_SIZE);
    // Start the label at the line, or end it there when it would run past the right edge.
    const atEnd = x + 2 + w > width - 2;
    const x0 = atEnd ? Math.max(0, x - 2 - w) : x + 2;
    const row = rowEnd.findIndex((end) => x0 > end + 4);
    if (row < 0) continue;
    rowEnd[row] = x0 + w;
    marks.push(
      text(atEnd ? x - 2 : x + 2, labelTop + row * ROW_H, g.label, {
        size: LABEL_SIZE,
        fill: colour,
        baseline: 'top',
        anchor: atEnd ? 'end' : 'start',
        ...(g.switch ? { weight: 'bold' as const } : {}),
      }),
    );
  }
  return marks;
}
