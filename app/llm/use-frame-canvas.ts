// One way the LLM mode's canvases follow the frames: draw the latest frame now and on the animation
// frame after each new one (at most once per animation frame), with `when` to skip frames that do
// not change the picture. Returns the refs for the canvas's box (whose width it follows) and the
// canvas.

import { useEffect, useRef } from 'react';
import { useCanvasWidth } from '../components/canvas-size.ts';
import { llmFrames } from './llm-store.ts';
import type { LlmFrame } from '../../src/workers/llm-protocol.ts';

export function useFrameCanvas(
  draw: (canvas: HTMLCanvasElement, width: number, frame: LlmFrame) => void,
  deps: readonly unknown[],
  when: () => boolean = () => true,
) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useCanvasWidth(box);
  useEffect(() => {
    let raf = 0;
    const redraw = (): void => {
      raf = 0;
      const f = llmFrames.latest;
      if (f && canvas.current && width > 0) draw(canvas.current, width, f);
    };
    redraw();
    const off = llmFrames.subscribe(() => {
      if (raf === 0 && when()) raf = requestAnimationFrame(redraw);
    });
    return () => {
      off();
      cancelAnimationFrame(raf);
    };
    // `draw` and `when` are read fresh through `deps`, as the caller lists what they depend on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [width, ...deps]);
  return { box, canvas };
}
