// A chart's drawing as plain data: the pure layout step of every chart returns a Scene, which one
// renderer paints on a canvas (live, every frame) and another writes as SVG (export). Coordinates
// are CSS pixels in the chart's box, origin top-left.

export type Anchor = 'start' | 'middle' | 'end';

export type Mark =
  | {
      type: 'rect';
      x: number;
      y: number;
      w: number;
      h: number;
      fill: string;
      stroke?: string;
      /** Diagonal stripes of this colour over the fill (a lane that is down). */
      hatch?: string;
    }
  | {
      type: 'line';
      /** x0, y0, x1, y1, ... */
      points: number[];
      stroke: string;
      width: number;
      dash?: number[];
    }
  | {
      type: 'text';
      x: number;
      y: number;
      text: string;
      fill: string;
      size: number;
      anchor: Anchor;
      /** Vertical alignment of the text relative to y. */
      baseline: 'top' | 'middle' | 'bottom';
      weight?: 'normal' | 'bold';
      /** Degrees, clockwise, about (x, y). */
      rotate?: number;
      /** Outline the glyphs in white first, so the text stays legible over lines. */
      halo?: boolean;
    };

export interface Scene {
  width: number;
  height: number;
  marks: Mark[];
}

/** The box inside the axes. */
export interface Plot {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const MARGIN = { left: 48, right: 12, top: 12, bottom: 32 };

export function plotArea(width: number, height: number, margin = MARGIN): Plot {
  return {
    left: margin.left,
    top: margin.top,
    right: Math.max(margin.left + 1, width - margin.right),
    bottom: Math.max(margin.top + 1, height - margin.bottom),
  };
}

export const INK = {
  axis: '#94a3b8',
  grid: '#e2e8f0',
  label: '#475569',
  text: '#0f172a',
  interactive: '#0284c7',
  batch: '#d97706',
  slo: '#dc2626',
  good: '#16a34a',
  queue: '#7c3aed',
  muted: '#cbd5e1',
};

export const CLASS_COLOURS = [INK.interactive, INK.batch] as const;

/**
 * Compare mode's sides, fixed in every chart: A teal and solid, B fuchsia and dashed (apart in hue
 * and in lightness, and told apart by the dash where colour is not seen).
 */
export const SIDE_COLOURS = ['#0f766e', '#c026d3'] as const;
export const SIDE_DASH: readonly (number[] | undefined)[] = [undefined, [6, 3]];
export const CLASS_LABELS = ['interactive', 'batch'] as const;

/** Model colours (Tableau 10 order). */
export const MODEL_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948'];

export function text(
  x: number,
  y: number,
  s: string,
  options: Partial<Omit<Extract<Mark, { type: 'text' }>, 'type' | 'x' | 'y' | 'text'>> = {},
): Mark {
  return {
    type: 'text',
    x,
    y,
    text: s,
    fill: options.fill ?? INK.label,
    size: options.size ?? 11,
    anchor: options.anchor ?? 'start',
    baseline: options.baseline ?? 'middle',
    ...(options.weight ? { weight: options.weight } : {}),
    ...(options.rotate !== undefined ? { rotate: options.rotate } : {}),
    ...(options.halo ? { halo: true } : {}),
  };
}

/**
 * Width of `s` in css px at font `size`, estimated without a canvas (layouts are pure): the UI's
 * sans-serif averages about 0.55 em per character for digits and lower case, so 0.6 em errs wide.
 */
export function textWidth(s: string, size: number): number {
  return s.length * size * 0.6;
}

export function line(points: number[], stroke: string, width = 1, dash?: number[]): Mark {
  return dash
    ? { type: 'line', points, stroke, width, dash }
    : { type: 'line', points, stroke, width };
}
