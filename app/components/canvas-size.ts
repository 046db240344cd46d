// Keeps a canvas's backing store at its CSS size x devicePixelRatio, and reports the CSS width. In
// presenter mode charts are drawn zoomed (`useChartZoom`): laid out for a box `zoom` times smaller
// and painted `zoom` times larger, so their text and lines grow with the page's type and their
// labels keep their places (scaling the text alone would make labels collide).

import { useEffect, useState, type RefObject } from 'react';
import { useLessonUi } from '../lessons/lesson-store.ts';

/** How much larger charts draw in presenter mode. */
export const PRESENTER_ZOOM = 1.3;

/** The charts' zoom now: PRESENTER_ZOOM in presenter mode, else 1. */
export function useChartZoom(): number {
  return useLessonUi((s) => (s.presenter ? PRESENTER_ZOOM : 1));
}

export function useCanvasWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth((prev) => (prev === w ? prev : w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** Size the canvas for (width x height) CSS px and return a context scaled to CSS px (times `zoom`:
 * then the scene is laid out for width / zoom x height / zoom). */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  zoom = 1,
): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr * zoom, 0, 0, dpr * zoom, 0, 0);
  return ctx;
}
