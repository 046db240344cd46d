// The KV-cache block map as pixels: each lane a grid of square cells (one per block) written into
// one RGBA buffer per frame, no path or fill call per cell, so 4 lanes x 8,192 blocks cost one
// pass over the pixels. Pure (no DOM): the layout and the colours are unit-tested; block-map.tsx
// puts the buffer on a canvas.

import {
  CELL_CACHED,
  CELL_FREE,
  CELL_PREEMPTED,
  CELL_SHARED,
} from '../../src/workers/llm-protocol.ts';

export interface LaneGrid {
  /** Top of the lane's grid (device px) below its caption. */
  top: number;
  cols: number;
  rows: number;
  blocks: number;
}

export interface BlockLayout {
  /** Device px of one cell, gap included. */
  cell: number;
  /** Gap between cells, device px (0 for tiny cells). */
  gap: number;
  width: number;
  height: number;
  lanes: LaneGrid[];
  /** Device px reserved above each grid for its caption. */
  caption: number;
}

/**
 * Cells as large as fit: at most `maxCell` px and at least 2, so that every lane's grid fits
 * `width` and the lanes together about `targetHeight` (a phone's map is taller rather than
 * smaller than 2 px a cell).
 */
export function layoutBlocks(
  blocks: readonly number[],
  width: number,
  targetHeight: number,
  caption: number,
  maxCell = 14,
): BlockLayout {
  const total = blocks.reduce((a, b) => a + b, 0);
  const room = Math.max(1, targetHeight - caption * blocks.length);
  let cell = Math.floor(Math.sqrt((width * room) / Math.max(1, total)));
  cell = Math.max(2, Math.min(maxCell, cell));
  // Shrink until the rows fit (the sqrt ignores the partial last row of each lane).
  for (; cell > 2; cell--) {
    const cols = Math.floor(width / cell);
    const h = blocks.reduce((a, b) => a + Math.ceil(b / cols) * cell + caption, 0);
    if (h <= targetHeight) break;
  }
  const cols = Math.max(1, Math.floor(width / cell));
  let top = 0;
  const lanes = blocks.map((b) => {
    const rows = Math.ceil(b / cols);
    const g = { top: top + caption, cols, rows, blocks: b };
    top += caption + rows * cell;
    return g;
  });
  return { cell, gap: cell >= 4 ? 1 : 0, width, height: top, lanes, caption };
}

/** RGBA of a cell code (request ids by a palette that avoids the reserved reds, golds and greys). */
export const FIXED_COLOURS: Record<number, number> = {
  [CELL_FREE]: rgba(241, 245, 249),
  [CELL_SHARED]: rgba(202, 138, 4),
  [CELL_CACHED]: rgba(148, 163, 184),
  [CELL_PREEMPTED]: rgba(220, 38, 38),
};

const PALETTE = buildPalette(40);

/** The colour of request `id`: neighbours in arrival order get far-apart hues. */
export function requestColour(id: number): number {
  return PALETTE[(id * 17) % PALETTE.length]!;
}

/** Write `cells` (lane after lane) into `pixels` (width x height RGBA, as Uint32 little-endian). */
export function rasterBlocks(
  layout: BlockLayout,
  cells: Int32Array,
  pixels: Uint32Array,
  background: number,
): void {
  pixels.fill(background);
  const { cell, gap, width } = layout;
  const inner = cell - gap;
  let offset = 0;
  for (const lane of layout.lanes) {
    for (let i = 0; i < lane.blocks; i++) {
      const code = cells[offset + i]!;
      const colour = code >= 0 ? requestColour(code) : (FIXED_COLOURS[code] ?? FIXED_COLOURS[-1]!);
      const x0 = (i % lane.cols) * cell;
      const y0 = lane.top + Math.floor(i / lane.cols) * cell;
      for (let y = y0; y < y0 + inner; y++) {
        const row = y * width;
        pixels.fill(colour, row + x0, row + x0 + inner);
      }
    }
    offset += lane.blocks;
  }
}

/** A colour as the Uint32 an ImageData's buffer holds on little-endian machines (all of today's). */
export function rgba(r: number, g: number, b: number): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

function buildPalette(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // Hues 80..320 (greens, teals, blues, violets, pinks): no red, orange or gold.
    const h = 80 + (240 * i) / n;
    const l = i % 2 === 0 ? 0.45 : 0.62;
    out.push(hsl(h, 0.62, l));
  }
  return out;
}

function hsl(h: number, s: number, l: number): number {
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number =>
    Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return rgba(f(0), f(8), f(4));
}
