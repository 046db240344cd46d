// Axis marks for the pure layout step: tick lines, grid and labels from a d3 scale's ticks.

import { INK, line, text, textWidth, type Mark, type Plot } from './scene.ts';

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
    // A label centred on a tick near the right edge would run out of the chart (the right margin
    // is narrow): end it at the tick instead.
    const label = fmt(t);
    const anchor = x + textWidth(label, 10) / 2 > plot.right + 6 ? 'end' : 'middle';
    marks.push(text(x, plot.bottom + 6, label, { anchor, baseline: 'top', size: 10 }));
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

/** Vertical px between y tick labels, at least: 10 px text needs air above and below. */
const MIN_Y_TICK_GAP = 18;

/**
 * Ticks of a linear y scale that fit the plot's height (at least MIN_Y_TICK_GAP apart), integers
 * only when `integer` (a queue of 0.5 jobs means nothing).
 */
export function yTicks(scale: TickScale, plot: Plot, count: number, integer = false): number[] {
  const fit = Math.max(1, Math.floor((plot.bottom - plot.top) / MIN_Y_TICK_GAP));
  let n = Math.min(count, fit);
  for (;;) {
    let ticks = scale.ticks(n);
    if (integer) ticks = ticks.filter((t) => Number.isInteger(t));
    const gap = ticks.length > 1 ? Math.abs(scale(ticks[0]!) - scale(ticks[1]!)) : Infinity;
    if (gap >= MIN_Y_TICK_GAP || n <= 1) return ticks;
    n--;
  }
}

/** Ticks at least MIN_Y_TICK_GAP px apart (in order, dropping those too close to the last kept). */
function spaced(ticks: number[], scale: TickScale): number[] {
  const out: number[] = [];
  for (const t of ticks) {
    const last = out[out.length - 1];
    if (last === undefined || Math.abs(scale(t) - scale(last)) >= MIN_Y_TICK_GAP) out.push(t);
  }
  return out;
}

export function yAxis(
  plot: Plot,
  scale: TickScale,
  count: number,
  label: string,
  format?: (v: number) => string,
  integer = false,
  log = false,
): Mark[] {
  const marks: Mark[] = [line([plot.left, plot.top, plot.left, plot.bottom], INK.axis)];
  const fmt = format ?? scale.tickFormat(count);
  // A log scale's ticks thinned like the x axis's (d3 lists every multiple, whose labels overlap),
  // then kept MIN_Y_TICK_GAP apart.
  const ticks = log
    ? spaced(axisTicks(scale, count, true), scale)
    : yTicks(scale, plot, count, integer);
  for (const t of ticks) {
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
