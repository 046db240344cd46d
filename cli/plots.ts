// The CLI's plots: small, dependency-light SVG files drawn with d3 scales and shapes as strings (no
// DOM in Node). Each plot is a pure function from numbers to SVG text. Long runs stay small:
// timelines are min-max downsampled to the plot's pixel columns (downsample.ts).

import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { finiteMax, finiteMin, minMaxColumns } from './downsample.ts';
import { esc, legendEntry, svgFrame, type PlotBox } from './svg-frame.ts';

const W = 640;
const H = 360;
const M = { top: 28, right: 120, bottom: 44, left: 60 };
export const CLASS_COLOURS = { interactive: '#d9480f', batch: '#1971c2', all: '#495057' } as const;

const BOX: PlotBox = { W, H, M };

function frame(title: string, body: string, xLabel: string, yLabel: string): string {
  return svgFrame(BOX, title, body, xLabel, yLabel);
}

function axes(
  x: { ticks(n: number): number[]; (v: number): number },
  y: { ticks(n: number): number[]; (v: number): number },
  fmtX: (v: number) => string = String,
  fmtY: (v: number) => string = String,
): string {
  const x0 = M.left;
  const x1 = W - M.right;
  const y0 = H - M.bottom;
  const y1 = M.top;
  let out = `<g stroke="#ccc">`;
  for (const t of y.ticks(5)) out += `<line x1="${x0}" x2="${x1}" y1="${y(t)}" y2="${y(t)}"/>`;
  out += `</g><g stroke="#333"><line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}"/><line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}"/></g>`;
  for (const t of x.ticks(6))
    out += `<text x="${x(t)}" y="${y0 + 16}" text-anchor="middle">${fmtX(t)}</text>`;
  for (const t of y.ticks(5))
    out += `<text x="${x0 - 6}" y="${y(t) + 4}" text-anchor="end">${fmtY(t)}</text>`;
  return out;
}

function legend(items: readonly { label: string; colour: string }[]): string {
  return items.map((it, i) => legendEntry(BOX, M.top + i * 18, it.colour, it.label)).join('');
}

export interface CdfSeries {
  label: string;
  colour: string;
  /** Latency (ms) at each probability in `probs`. */
  values: number[];
  sloMs?: number;
}

/** Latency CDF per class on a log time axis, with each class's SLO marked. */
export function latencyCdfSvg(
  probs: readonly number[],
  series: readonly CdfSeries[],
  title = 'Latency CDF',
  xLabel = 'end-to-end latency (ms, log scale)',
  yLabel = 'fraction of jobs',
): string {
  const all = series.map((s) => s.values.filter((v) => v > 0));
  const slos = series.flatMap((s) => (s.sloMs ? [s.sloMs] : []));
  const lo = Math.max(1e-3, finiteMin([...all, slos], 1) * 0.8);
  const hi = Math.max(lo * 10, finiteMax([...all, slos], lo)) * 1.2;
  const x = scaleLog()
    .domain([lo, hi])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  let body = axes(
    x,
    y,
    (v) => (Number.isInteger(Math.log10(v)) ? String(v) : ''),
    (v) => v.toFixed(1),
  );
  series.forEach((s, k) => {
    const path = line<number>()
      .x((v) => x(Math.max(v, lo)))
      .y((_, i) => y(probs[i]!))(s.values);
    if (path) body += `<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2"/>`;
    if (s.sloMs) {
      body += `<line x1="${x(s.sloMs)}" x2="${x(s.sloMs)}" y1="${M.top}" y2="${H - M.bottom}" stroke="${s.colour}" stroke-dasharray="4 3"/>`;
      body += `<text x="${x(s.sloMs) - 4}" y="${H - M.bottom - 8 - 14 * k}" text-anchor="end" fill="${s.colour}">${esc(s.label)} SLO ${s.sloMs} ms</text>`;
    }
  });
  body += legend(series.map((s) => ({ label: s.label, colour: s.colour })));
  return frame(title, body, xLabel, yLabel);
}

export interface Bars {
  group: string;
  values: { label: string; value: number; colour: string }[];
}

/** Grouped bars: percentiles per class. */
export function percentileBarsSvg(title: string, groups: readonly Bars[], yLabel: string): string {
  const labels = groups[0]?.values.map((v) => v.label) ?? [];
  const x = scaleBand()
    .domain(groups.map((g) => g.group))
    .range([M.left, W - M.right])
    .padding(0.2);
  const inner = scaleBand().domain(labels).range([0, x.bandwidth()]).padding(0.05);
  const max = Math.max(1e-9, finiteMax([groups.flatMap((g) => g.values.map((v) => v.value))], 0));
  const y = scaleLinear()
    .domain([0, max * 1.1])
    .nice()
    .range([H - M.bottom, M.top]);
  let body = `<g stroke="#ccc">${y
    .ticks(5)
    .map((t) => `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}"/>`)
    .join('')}</g>`;
  body += y
    .ticks(5)
    .map((t) => `<text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`)
    .join('');
  for (const g of groups) {
    const gx = x(g.group)!;
    body += `<text x="${gx + x.bandwidth() / 2}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(g.group)}</text>`;
    for (const v of g.values) {
      const bx = gx + inner(v.label)!;
      body += `<rect x="${bx}" y="${y(v.value)}" width="${inner.bandwidth()}" height="${H - M.bottom - y(v.value)}" fill="${v.colour}"><title>${esc(`${g.group} ${v.label}: ${v.value.toFixed(3)}`)}</title></rect>`;
    }
  }
  const colours = groups[0]?.values.map((v) => ({ label: v.label, colour: v.colour })) ?? [];
  body += legend(colours);
  return frame(title, body, '', yLabel);
}

export interface Timeline {
  label: string;
  colour: string;
  /** One value per second; NaN leaves a gap. */
  values: number[];
}

/** Per-second lines (throughput, goodput, SLO attainment...). */
export function timelineSvg(
  title: string,
  series: readonly Timeline[],
  yLabel: string,
  yMax?: number,
): string {
  let n = 1;
  for (const s of series) n = Math.max(n, s.values.length);
  const x = scaleLinear()
    .domain([0, n])
    .range([M.left, W - M.right]);
  const max =
    yMax ??
    Math.max(
      1e-9,
      finiteMax(
        series.map((s) => s.values),
        0,
      ),
    );
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([H - M.bottom, M.top]);
  let body = axes(x, y);
  const columns = W - M.left - M.right;
  for (const s of series) {
    const points = minMaxColumns(s.values, columns);
    const path = line<number>()
      .defined((v) => Number.isFinite(v))
      .x((_, i) => x(points.x[i]!))
      .y((v) => y(v))
      .digits(2)(points.y);
    if (path) body += `<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="1.5"/>`;
  }
  body += legend(series);
  return frame(title, body, 'simulated time (s)', yLabel);
}

/** Histogram from bin edges and counts. */
export function histogramSvg(
  title: string,
  edges: readonly number[],
  counts: readonly number[],
  xLabel: string,
): string {
  const x = scaleLinear()
    .domain([edges[0]!, edges[edges.length - 1]!])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, finiteMax([counts], 0))])
    .nice()
    .range([H - M.bottom, M.top]);
  let body = axes(x, y);
  counts.forEach((c, i) => {
    const x0 = x(edges[i]!);
    const x1 = x(edges[i + 1]!);
    body += `<rect x="${x0}" y="${y(c)}" width="${Math.max(0, x1 - x0 - 1)}" height="${H - M.bottom - y(c)}" fill="${CLASS_COLOURS.all}"/>`;
  });
  return frame(title, body, xLabel, 'jobs');
}
