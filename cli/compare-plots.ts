// Plots for `npm run sim:compare`: one line per scheduler over offered load, as SVG strings built
// with d3-scale and d3-shape (no DOM in Node). Pure functions from numbers to SVG text.

import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { legendEntry, svgFrame } from './svg-frame.ts';

const W = 720;
const H = 400;
const M = { top: 30, right: 190, bottom: 44, left: 64 };

/** Distinct colours for up to 12 series. */
export const SERIES_COLOURS = [
  '#868e96',
  '#495057',
  '#1971c2',
  '#0c8599',
  '#5f3dc4',
  '#2b8a3e',
  '#e67700',
  '#c2255c',
  '#f08c00',
  '#d9480f',
  '#0b7285',
  '#862e9c',
];

export interface LoadSeries {
  label: string;
  /** One value per load (NaN: missing). */
  values: number[];
  /** Draw thicker (the series the comparison is about). */
  emphasis?: boolean;
}

/** A line chart of `series` over `loads` (fractions of capacity); `log` for a log y axis. */
export function loadChartSvg(
  title: string,
  yLabel: string,
  loads: readonly number[],
  series: readonly LoadSeries[],
  log = false,
): string {
  const x = scaleLinear()
    .domain([Math.min(...loads), Math.max(...loads)])
    .range([M.left, W - M.right]);
  const all = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v));
  const hi = Math.max(...all, 1e-9);
  const lo = Math.max(Math.min(...all.filter((v) => v > 0), hi), 1e-3);
  const y = log
    ? scaleLog()
        .domain([lo / 1.2, hi * 1.2])
        .range([H - M.bottom, M.top])
        .clamp(true)
    : scaleLinear()
        .domain([0, hi * 1.05])
        .nice()
        .range([H - M.bottom, M.top]);
  const yTicks = log ? y.ticks(6).filter((_, i, a) => a.length <= 8 || i % 3 === 0) : y.ticks(6);
  let body = `<g stroke="#e9ecef">`;
  for (const t of yTicks)
    body += `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}"/>`;
  body += `</g><g stroke="#333"><line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/><line x1="${M.left}" x2="${M.left}" y1="${H - M.bottom}" y2="${M.top}"/></g>`;
  for (const t of loads) {
    body += `<text x="${x(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${Math.round(t * 100)}%</text>`;
  }
  for (const t of yTicks) {
    body += `<text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${+t.toPrecision(3)}</text>`;
  }
  series.forEach((s, i) => {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
    const points = loads.map((l, k) => [x(l), s.values[k]!] as const);
    const path = line<readonly [number, number]>()
      .defined((p) => Number.isFinite(p[1]) && (!log || p[1] > 0))
      .x((p) => p[0])
      .y((p) => y(p[1]))(points);
    const width = s.emphasis ? 3 : 1.5;
    body += `<path d="${path ?? ''}" fill="none" stroke="${colour}" stroke-width="${width}"/>`;
    body += legendEntry({ W, H, M }, M.top + i * 18, colour, s.label);
  });
  return svgFrame({ W, H, M }, title, body, 'offered load (share of unbatched capacity)', yLabel);
}
