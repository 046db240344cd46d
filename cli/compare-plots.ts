// Plots for `npm run sim:compare`: one line per scheduler over offered load, as SVG strings built
// with d3-scale and d3-shape (no DOM in Node). Pure functions from numbers to SVG text.

import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';

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

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
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
    body += `<rect x="${W - M.right + 12}" y="${M.top + i * 18}" width="12" height="12" fill="${colour}"/><text x="${W - M.right + 30}" y="${M.top + i * 18 + 10}">${esc(s.label)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${M.left}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>
${body}
<text x="${M.left + (W - M.left - M.right) / 2}" y="${H - 8}" text-anchor="middle">offered load (share of unbatched capacity)</text>
<text transform="translate(14 ${M.top + (H - M.top - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>
</svg>
`;
}
