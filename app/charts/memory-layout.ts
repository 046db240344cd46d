// Memory gauges, one row per lane: used vs capacity, with the peak marked. Without a memory model
// in the config, the gauge shows the lane's slots instead (running runs vs concurrency) and says so.

import type { LaneState } from '../../src/workers/protocol.ts';
import { INK, line, text, type Mark, type Scene } from './scene.ts';

export const GAUGE_ROW = 22;

export function memoryLayout(lanes: readonly LaneState[], width: number): Scene {
  const marks: Mark[] = [];
  const labelW = 86;
  const valueW = 132;
  const x0 = labelW;
  const x1 = Math.max(x0 + 20, width - valueW);
  lanes.forEach((lane, i) => {
    const y = 4 + i * GAUGE_ROW;
    const h = GAUGE_ROW - 8;
    const hasMem = lane.memCapacity !== null;
    const cap = hasMem ? lane.memCapacity! : lane.concurrency;
    const used = hasMem ? lane.memUsed : lane.running;
    const peak = hasMem ? lane.memPeak : lane.peakRunning;
    const share = cap > 0 ? Math.min(1, used / cap) : 0;
    const peakShare = cap > 0 ? Math.min(1, peak / cap) : 0;
    marks.push(
      text(0, y + h / 2, lane.name + (lane.up ? '' : ' (down)'), {
        size: 11,
        fill: lane.up ? INK.text : INK.slo,
      }),
    );
    marks.push({ type: 'rect', x: x0, y, w: x1 - x0, h, fill: '#f1f5f9', stroke: INK.grid });
    const fill = share > 0.9 ? INK.slo : share > 0.7 ? INK.batch : INK.good;
    if (share > 0) marks.push({ type: 'rect', x: x0, y, w: (x1 - x0) * share, h, fill });
    const px = x0 + (x1 - x0) * peakShare;
    marks.push(line([px, y - 2, px, y + h + 2], INK.text, 2));
    const unit = hasMem ? ` ${lane.memUnit}` : ' slots';
    const fmt = (v: number): string => (hasMem ? Math.round(v).toLocaleString('en-US') : String(v));
    marks.push(
      text(x1 + 6, y + h / 2, `${fmt(used)} / ${fmt(cap)}${unit}, peak ${fmt(peak)}`, { size: 10 }),
    );
  });
  return { width, height: 8 + lanes.length * GAUGE_ROW, marks };
}
