// Axis marks for the pure layout step: tick lines, grid and labels from a d3 scale's ticks.

import { INK, line, text, type Mark, type Plot } from './scene.ts';

interface TickScale {
  (v: number): number;
  ticks(count?: number): number[];
  tickFormat(count?: number, specifier?: string): (v: number) => string;
}

/**
 * Ticks that fit: a log scale's ticks thinned to powers of ten (or 1-2-5 when that leaves fewer
 * than three), since d3 lists every integer multiple and their labels would overlap.
 */
export function axisTicks(scale: TickScale, count: number, log: boolean): number[] {
  const all = scale.ticks(count);
  if (!log) return all;
  const mantissa = (t: number): number =>
    Math.round(t / Math.pow(10, Math.floor(Math.log10(t) + 1e-9)));
  const decades = all.filter((t) => mantissa(t) === 1);
  if (decades.length >= 3) return decades;
  return all.filter((t) => [1, 2, 5].includes(mantissa(t)));
}

export function xAxis(
  plot: Plot,
  scale: TickScale,
  count: number,
  label: string,
  format?: (v: number) => string,
  log = false,
): Mark[] {
  const marks: Mark[] = [line([plot.left, plot.bottom, plot.right, plot.bottom], INK.axis)];
  const fmt = format ?? scale.tickFormat(count);
  for (const t of axisTicks(scale, count, log)) {
    const x = scale(t);
    if (x < plot.left - 0.5 || x > plot.right + 0.5) continue;
    marks.push(line([x, plot.top, x, plot.bottom], INK.grid));
    marks.push(line([x, plot.bottom, x, plot.bottom + 4], INK.axis));
    marks.push(text(x, plot.bottom + 6, fmt(t), { anchor: 'middle', baseline: 'top', size: 10 }));
  }
  marks.push(
    text((plot.left + plot.right) / 2, plot.bottom + 20, label, {
      anchor: 'middle',
      baseline: 'top',
      size: 10,
    }),
  );
  return marks;
}

export function yAxis(
  plot: Plot,
  scale: TickScale,
  count: number,
  label: string,
  format?: (v: number) => string,
): Mark[] {
  const marks: Mark[] = [line([plot.left, plot.top, plot.left, plot.bottom], INK.axis)];
  const fmt = format ?? scale.tickFormat(count);
  for (const t of scale.ticks(count)) {
    const y = scale(t);
    if (y < plot.top - 0.5 || y > plot.bottom + 0.5) continue;
    marks.push(line([plot.left, y, plot.right, y], INK.grid));
    marks.push(text(plot.left - 4, y, fmt(t), { anchor: 'end', size: 10 }));
  }
  marks.push(
    text(12, (plot.top + plot.bottom) / 2, label, { anchor: 'middle', size: 10, rotate: -90 }),
  );
  return marks;
}
