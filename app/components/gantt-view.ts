// The Gantt chart's view: the visible window of simulated time, and how keys move it. While
// "following", the window's right edge is the engine clock; a pan or a zoom stops following until
// F (or the Follow button). Compare mode's two stacked charts share one view, so they zoom and pan
// together.

export interface View {
  follow: boolean;
  /** Visible window, simulated ms. */
  spanMs: number;
  endMs: number;
}

/** Base scale of d3-zoom's transform: k = 1 shows this many simulated ms. */
export const BASE_SPAN_MS = 2000;
/** Narrowest and widest window, simulated ms (d3-zoom's scale extent says the same). */
export const MIN_SPAN_MS = 0.05;
export const MAX_SPAN_MS = 3.6e6;

/** The window's right edge now: the clock while following, but never left of a whole window, so
 * the axis starts at 0 s rather than at a time before the run began. */
export function viewEnd(v: View, time: number): number {
  return v.follow ? Math.max(time, v.spanMs) : v.endMs;
}

/**
 * The view after a key: ← → pan by a fifth of the window, + − zoom about its centre (keeping the
 * right edge on "now" while following); 'follow' for F; null for any other key.
 */
export function keyView(v: View, key: string, time: number): View | 'follow' | null {
  const end = viewEnd(v, time);
  const zoomBy = (factor: number): View => {
    const spanMs = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, v.spanMs * factor));
    if (v.follow) return { follow: true, spanMs, endMs: end };
    return { follow: false, spanMs, endMs: end - v.spanMs / 2 + spanMs / 2 };
  };
  switch (key) {
    case 'ArrowLeft':
      return { follow: false, spanMs: v.spanMs, endMs: end - v.spanMs * 0.2 };
    case 'ArrowRight':
      return { follow: false, spanMs: v.spanMs, endMs: end + v.spanMs * 0.2 };
    case '+':
    case '=':
      return zoomBy(1 / 1.5);
    case '-':
    case '_':
      return zoomBy(1.5);
    case 'f':
    case 'F':
      return 'follow';
    default:
      return null;
  }
}
