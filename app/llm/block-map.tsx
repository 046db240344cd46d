// The KV-cache block map: every block of every replica a cell, coloured by the request that holds
// it (block-raster.ts writes the pixels), redrawn on the animation frame after each LLM frame.
// Captions say each lane's blocks in use, running and waiting requests and preemptions.

import { memo } from 'react';
import { useCanvasLayer } from '../use-layer.ts';
import { latestFrame, llmFrames } from './llm-store.ts';
import { formatCount } from '../format.ts';
import { FIXED_COLOURS, layoutBlocks, rasterBlocks, requestColour, rgba } from './block-raster.ts';
import { Term } from './glossary.tsx';
import {
  CELL_CACHED,
  CELL_FREE,
  CELL_PREEMPTED,
  CELL_SHARED,
  type LlmFrame,
} from '../../src/workers/llm-protocol.ts';

const CAPTION_CSS_PX = 16;
const WHITE = rgba(255, 255, 255);

function cssColour(c: number): string {
  return `rgb(${c & 255},${(c >>> 8) & 255},${(c >>> 16) & 255})`;
}

/** The pixel buffer, kept while the canvas keeps its size (a new one a frame is 1-2 MB of garbage). */
let image: ImageData | null = null;
let pixels: Uint32Array | null = null;

function draw(canvas: HTMLCanvasElement, width: number, frame: LlmFrame): void {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * dpr));
  const target = Math.round((frame.lanes.length > 2 ? 420 : 300) * dpr);
  const layout = layoutBlocks(
    frame.lanes.map((l) => l.blocks),
    w,
    target,
    Math.round(CAPTION_CSS_PX * dpr),
    Math.round(14 * dpr),
  );
  const h = Math.max(1, layout.height);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${h / dpr}px`;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (image === null || image.width !== w || image.height !== h) {
    image = ctx.createImageData(w, h);
    pixels = new Uint32Array(image.data.buffer);
  }
  rasterBlocks(layout, frame.cells, pixels!, WHITE);
  ctx.putImageData(image, 0, 0);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  frame.lanes.forEach((lane, i) => {
    const y = (layout.lanes[i]!.top - layout.caption / 2) / dpr;
    const used = lane.blocks > 0 ? Math.round((lane.used / lane.blocks) * 100) : 0;
    ctx.fillStyle = '#334155';
    ctx.fillText(
      `${lane.name}: ${formatCount(lane.used)} of ${formatCount(lane.blocks)} blocks in use (${used} %) · ${lane.running} running · ${lane.waiting} waiting · ${formatCount(lane.preemptions)} preempted`,
      0,
      y,
    );
  });
  canvas.dataset.cells = String(frame.cells.length);
  canvas.dataset.cellSize = String(layout.cell / dpr);
}

function Swatch(props: { colour: number; children: React.ReactNode }) {
  return (
    <span className="inline-flex items-center gap-1">
      <span
        className="inline-block h-2.5 w-2.5 rounded-sm border border-slate-300"
        style={{ background: cssColour(props.colour) }}
        aria-hidden="true"
      />
      {props.children}
    </span>
  );
}

export const BlockMap = memo(function BlockMap() {
  const { box, canvas } = useCanvasLayer(llmFrames, latestFrame, draw, []);
  return (
    <section
      className="flex min-w-0 flex-col gap-1 rounded-lg border border-slate-200 bg-white p-2 shadow-sm"
      aria-labelledby="llm-blockmap-title"
      data-chart="llm-block-map"
    >
      <header className="flex flex-wrap items-baseline gap-x-2">
        <h2 id="llm-blockmap-title" className="text-sm font-semibold text-slate-800">
          <Term k="blockMap">KV-cache block map</Term>
        </h2>
        <span className="text-xs text-slate-500">
          one cell per <Term k="block">block</Term> of each replica’s{' '}
          <Term k="kvCache">KV cache</Term>
        </span>
      </header>
      <div ref={box} className="min-w-0">
        <canvas
          ref={canvas}
          data-testid="llm-block-map"
          role="img"
          aria-label="KV-cache block map: one cell per block, coloured by the request holding it"
        />
      </div>
      <p className="flex flex-wrap gap-x-3 gap-y-1 text-[11px] text-slate-600">
        <Swatch colour={requestColour(3)}>a request’s blocks (one colour each)</Swatch>
        <Swatch colour={FIXED_COLOURS[CELL_SHARED]!}>shared prefix</Swatch>
        <Swatch colour={FIXED_COLOURS[CELL_CACHED]!}>cached, unused</Swatch>
        <Swatch colour={FIXED_COLOURS[CELL_PREEMPTED]!}>
          just <Term k="preemption">preempted</Term>
        </Swatch>
        <Swatch colour={FIXED_COLOURS[CELL_FREE]!}>free</Swatch>
      </p>
    </section>
  );
});
