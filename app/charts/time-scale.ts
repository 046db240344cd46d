// The one conversion between simulated time and pixels in the Gantt chart. Coordinate spaces:
//  - sim ms: the engine's clock;
//  - css px: x within the chart's canvas, 0 at its left edge (the lane labels sit left of `left`).

export interface TimeScale {
  /** Visible window, simulated ms. */
  startMs: number;
  endMs: number;
  /** Pixel range the window maps onto. */
  left: number;
  right: number;
}

export function toPx(s: TimeScale, ms: number): number {
  return s.left + ((ms - s.startMs) / (s.endMs - s.startMs)) * (s.right - s.left);
}

export function toMs(s: TimeScale, px: number): number {
  return s.startMs + ((px - s.left) / (s.right - s.left)) * (s.endMs - s.startMs);
}
