// Hooks for a layer that redraws from a frame source on animation frames, outside React renders:
// the layer registers with the one rAF owner (raf-scheduler.ts), is marked dirty on each new frame
// of its source (the request mode's frameStore, the LLM mode's llmFrames) and when its inputs
// change, and redraws at most once per animation frame. `useCanvasLayer` adds the canvas and the box
// whose width it follows, for the charts of both modes.

import { useEffect, useLayoutEffect, useRef } from 'react';
import { useCanvasWidth } from './components/canvas-size.ts';
import { frameStore } from './state/frame-store.ts';
import { raf, type Phase } from './raf-scheduler.ts';

/** Anything that tells its listeners of a new frame. */
export interface FrameSource {
  subscribe(listener: () => void): () => void;
}

export interface LayerOptions {
  /** Redraw at most this often (ms). */
  minIntervalMs?: number;
  phase?: Phase;
  /** Asked on each new frame: false when that frame leaves the picture as it was. */
  when?: () => boolean;
}

type Layer = ReturnType<typeof raf.register>;

/**
 * Run `redraw` on the animation frame after each new frame of `source` (and once at mount, and
 * after a render where `deps` changed). `redraw` reads what it needs from refs or stores; the
 * latest `redraw` and `when` are the ones called.
 */
export function useLayer(
  source: FrameSource,
  redraw: () => void,
  deps: readonly unknown[],
  options: LayerOptions = {},
): void {
  const { minIntervalMs = 0, phase = 'draw', when } = options;
  const latest = useRef({ redraw, when });
  const layer = useRef<Layer | undefined>(undefined);
  const seen = useRef<readonly unknown[] | undefined>(undefined);
  // After every render, before the next animation frame: the newest callbacks; a redraw when the
  // caller's inputs changed.
  useLayoutEffect(() => {
    latest.current = { redraw, when };
    const before = seen.current;
    seen.current = deps;
    if (before !== undefined && !sameDeps(before, deps)) layer.current?.invalidate();
  });
  useEffect(() => {
    const l = raf.register(phase, () => latest.current.redraw(), minIntervalMs);
    layer.current = l;
    const unsubscribe = source.subscribe(() => {
      const w = latest.current.when;
      if (w === undefined || w()) l.invalidate();
    });
    return () => {
      unsubscribe();
      l.dispose();
      layer.current = undefined;
    };
  }, [source, phase, minIntervalMs]);
}

/** A layer of the request mode's frame store. */
export function useFrameLayer(
  redraw: () => void,
  deps: readonly unknown[],
  minIntervalMs = 0,
  phase: Phase = 'draw',
): void {
  useLayer(frameStore, redraw, deps, { minIntervalMs, phase });
}

/**
 * A canvas that follows `source`: `draw` runs with the canvas, its box's CSS width and the frame
 * `read` gives (once the box has a width and there is a frame) as `useLayer` redraws. Returns the
 * refs for the box and the canvas.
 */
export function useCanvasLayer<F>(
  source: FrameSource,
  read: () => F | null | undefined,
  draw: (canvas: HTMLCanvasElement, width: number, frame: F) => void,
  deps: readonly unknown[],
  options?: LayerOptions,
) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useCanvasWidth(box);
  useLayer(
    source,
    () => {
      const frame = read();
      if (canvas.current && width > 0 && frame) draw(canvas.current, width, frame);
    },
    [width, ...deps],
    options,
  );
  return { box, canvas };
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
