// Where the Gantt chart's stacks of lane rows sit: one for the run, or in compare mode side A's
// lanes over side B's, each under its heading, with one time axis below both. Both stacks share
// the view's time scale, so they zoom and pan together.

import type { FrameMessage } from '../../src/workers/protocol.ts';
import type { GanttGeometry } from '../charts/gantt-layout.ts';
import { SECTION_TITLE_H } from '../charts/gantt-chrome-layout.ts';
import { SIDE_COLOURS } from '../charts/scene.ts';
import type { TimeScale } from '../charts/time-scale.ts';
import { frameOfSide, type FrameState } from '../state/frame-store.ts';
import type { LaneOutages } from '../state/lane-outages.ts';
import type { SpanRing } from '../state/span-ring.ts';
import type { View } from './gantt-view.ts';

export const LABEL_W = 100;
const AXIS_H = 22;
const MAX_ROW = 22;
/** Thinnest row: one side's lanes, or (compare mode, twice the lanes) both sides'. */
const MIN_ROW = 8;
const MIN_ROW_COMPARE = 6;
/** Most height for the rows, css px: the chart stays about as tall when comparing (a taller
 * canvas costs raster time every frame). */
const ROWS_MAX_H = 520;

/** One stack of lane rows: the run's lanes, or one side's in compare mode. */
export interface Section {
  side: 'a' | 'b';
  frame: FrameMessage;
  ring: SpanRing;
  outages: LaneOutages;
  g: GanttGeometry;
  title?: { text: string; colour: string };
}

/** Where each section sits and how tall the chart is, for the current frame and view. */
export function layoutSections(
  state: FrameState,
  frame: FrameMessage,
  view: View,
  width: number,
): { sections: Section[]; height: number; axisY: number } {
  const scale: TimeScale = {
    startMs: view.endMs - view.spanMs,
    endMs: view.endMs,
    left: LABEL_W,
    right: Math.max(LABEL_W + 10, width - 8),
  };
  const b = state.spansB && frameOfSide(frame, 'b');
  const parts: Omit<Section, 'g'>[] = [
    { side: 'a', frame, ring: state.spans, outages: state.outages },
  ];
  if (b && state.spansB) {
    parts[0]!.title = { text: `A · ${frame.scheduler}`, colour: SIDE_COLOURS[0] };
    parts.push({
      side: 'b',
      frame: b,
      ring: state.spansB,
      outages: state.outagesB,
      title: { text: `B · ${b.scheduler}`, colour: SIDE_COLOURS[1] },
    });
  }
  const lanes = parts.reduce((n, p) => n + p.frame.lanes.length, 0);
  const titles = parts.length > 1 ? SECTION_TITLE_H : 0;
  const rowsH = Math.min(MAX_ROW * lanes, ROWS_MAX_H);
  const minRow = parts.length > 1 ? MIN_ROW_COMPARE : MIN_ROW;
  const rowHeight = Math.max(minRow, Math.min(MAX_ROW, rowsH / Math.max(1, lanes)));
  let top = 2;
  const sections = parts.map((p) => {
    top += titles;
    const g: GanttGeometry = { scale, top, rowHeight, lanes: p.frame.lanes.length };
    top += p.frame.lanes.length * rowHeight;
    return { ...p, g };
  });
  const height = Math.max(90, top + AXIS_H + 2);
  return { sections, height, axisY: top };
}
