// Sweep plots: a figure against a swept parameter, one line per combination of the other swept
// parameters (typically one per scheduler), with the 95 % interval over seeds as a band. A pure
// layout (numbers to marks) and an SVG string, like cli/plots.ts. Safe for any number of points:
// no spreads into Math.min/max, and more points than pixel columns are reduced to each column's
// extremes, so the drawing keeps every peak and stays small.

import { scaleLinear, scaleLog } from 'd3-scale';
import { esc, legendEntry, svgFrame } from '../svg-frame.ts';
import { formatValue } from './grid.ts';
import type { Aggregate, AggregateRow } from './aggregate.ts';

const W = 720;
const H = 400;
const M = { top: 30, right: 200, bottom: 44, left: 64 };

const COLOURS = [
  '#1971c2',
  '#e8590c',
  '#2f9e44',
  '#c2255c',
  '#5f3dc4',
  '#0c8599',
  '#e67700',
  '#495057',
  '#862e9c',
  '#0b7285',
  '#d9480f',
  '#868e96',
];

export interface BandPoint {
  x: number;
  mean: number;
  /** Interval bounds; NaN with a single seed (no band). */
  lo: number;
  hi: number;
}

export interface BandSeries {
  label: string;
  points: BandPoint[];
}

/** Smallest and largest finite numbers among `values` (a loop: no argument-count limit). */
export function extent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * At most two points per pixel column: each column's lowest and highest mean in x order, and the
 * column's widest band. Points must be sorted by x; fewer points than columns pass unchanged.
 */
export function downsample(
  points: readonly BandPoint[],
  columns: number,
  x: (v: number) => number,
): BandPoint[] {
  if (points.length <= columns) return [...points];
  const out: BandPoint[] = [];
  let i = 0;
  while (i < points.length) {
    const col = Math.floor(x(points[i]!.x));
    let min = points[i]!;
    let max = points[i]!;
    let lo = points[i]!.lo;
    let hi = points[i]!.hi;
    let j = i;
    for (; j < points.length && Math.floor(x(points[j]!.x)) === col; j++) {
      const p = points[j]!;
      if (p.mean < min.mean) min = p;
      if (p.mean > max.mean) max = p;
      if (p.lo < lo) lo = p.lo;
      if (p.hi > hi) hi = p.hi;
    }
    const pair = min.x <= max.x ? [min, max] : [max, min];
    for (const p of min === max ? [min] : pair) out.push({ ...p, lo, hi });
    i = j;
  }
  return out;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 || Number.isInteger(v)
    ? String(Math.round(v))
    : String(Number(v.toPrecision(3)));
}

/** Chart options: a log y axis (for latencies spanning more than 20x), a legend title. */
export interface BandChartOptions {
  logY?: boolean;
  legendTitle?: string;
}

/** A line per series with its interval band. */
export function bandChartSvg(
  title: string,
  xLabel: string,
  yLabel: string,
  series: readonly BandSeries[],
  options: BandChartOptions = {},
): string {
  const xs = extent(series.flatMap((s) => s.points.map((p) => p.x))) ?? [0, 1];
  const values = series.flatMap((s) => s.points.flatMap((p) => [p.mean, p.lo, p.hi]));
  const ys = extent(options.logY ? values.filter((v) => v > 0) : values) ?? [1, 10];
  const x = scaleLinear()
    .domain(xs[0] === xs[1] ? [xs[0] - 1, xs[1] + 1] : xs)
    .range([M.left, W - M.right]);
  const y = options.logY
    ? scaleLog()
        .domain([ys[0] * 0.8, Math.max(ys[1] * 1.25, ys[0] * 10)])
        .range([H - M.bottom, M.top])
        .clamp(true)
    : scaleLinear()
        .domain([Math.min(0, ys[0]), ys[1] > ys[0] ? ys[1] : ys[0] + 1])
        .nice()
        .range([H - M.bottom, M.top])
        .clamp(true);
  // Log ticks at 1, 2 and 5 times powers of ten; linear ticks as d3 chooses them.
  const yTicks = y
    .ticks(5)
    .filter((t) => !options.logY || ['1', '2', '5'].includes(t.toExponential()[0]!));
  const px = (v: number): string => x(v).toFixed(1);
  const py = (v: number): string => y(v).toFixed(1);
  let body = '<g stroke="#ddd">';
  for (const t of yTicks)
    body += `<line x1="${M.left}" x2="${W - M.right}" y1="${py(t)}" y2="${py(t)}"/>`;
  body += `</g><g stroke="#333"><line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/><line x1="${M.left}" x2="${M.left}" y1="${H - M.bottom}" y2="${M.top}"/></g>`;
  for (const t of x.ticks(6))
    body += `<text x="${px(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`;
  for (const t of yTicks)
    body += `<text x="${M.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`;
  if (options.legendTitle) {
    body += `<text x="${W - M.right + 12}" y="${M.top - 6}" font-weight="bold">${esc(options.legendTitle)}</text>`;
  }
  const columns = W - M.left - M.right;
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const points = downsample(
      [...s.points].filter((p) => Number.isFinite(p.mean)).sort((a, b) => a.x - b.x),
      columns,
      (v) => x(v) - M.left,
    );
    const banded = points.filter((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi));
    if (banded.length > 1) {
      const upper = banded.map((p) => `${px(p.x)},${py(p.hi)}`);
      const lower = banded.map((p) => `${px(p.x)},${py(p.lo)}`).reverse();
      body += `<path d="M${upper.join('L')}L${lower.join('L')}Z" fill="${colour}" fill-opacity="0.15" stroke="none"/>`;
    }
    if (points.length > 0) {
      body += `<path d="M${points.map((p) => `${px(p.x)},${py(p.mean)}`).join('L')}" fill="none" stroke="${colour}" stroke-width="2"/>`;
      if (points.length <= 60) {
        for (const p of points)
          body += `<circle cx="${px(p.x)}" cy="${py(p.mean)}" r="2.5" fill="${colour}"/>`;
      }
    }
    const ly = M.top + 4 + k * 18;
    body += legendEntry({ W, H, M }, ly, colour, s.label);
  });
  return svgFrame({ W, H, M }, title, body, xLabel, yLabel);
}

/** Figures plotted against each numeric swept parameter. */
export const PLOTTED = [
  { figure: 'latency_p99', label: 'p99 latency (ms), mean over seeds', latency: true },
  { figure: 'goodput_per_s', label: 'goodput (jobs/s), mean over seeds', latency: false },
  {
    figure: 'slo_violation_rate',
    label: 'SLO violations (share), mean over seeds',
    latency: false,
  },
] as const;

export interface SweepPlot {
  /** File name, e.g. `latency_p99-vs-arrivals.rate_per_s.svg`. */
  file: string;
  svg: string;
}

/**
 * One plot per figure and numeric swept parameter (two or more numeric values): the other swept
 * parameters make the lines.
 */
export function sweepPlots(agg: Aggregate): SweepPlot[] {
  const out: SweepPlot[] = [];
  agg.axes.forEach((axis, a) => {
    const xs = new Set(agg.rows.map((r) => r.values[a]));
    if (xs.size < 2 || ![...xs].every((v) => typeof v === 'number')) return;
    const groups = new Map<string, AggregateRow[]>();
    for (const row of agg.rows) {
      const label = labelOf(agg, row.values, a);
      const rows = groups.get(label);
      if (rows) rows.push(row);
      else groups.set(label, [row]);
    }
    // With one other swept path, the legend names it once and lists its values.
    const others = agg.axes.filter((_, i) => i !== a);
    const legendTitle = others.length === 1 ? others[0] : undefined;
    for (const { figure, label, latency } of PLOTTED) {
      const series = [...groups].map(([line, rows]) => ({
        label: legendTitle ? line.slice(legendTitle.length + 1) : line,
        points: rows.map((row) => {
          const st = row.stats[figure]!;
          return { x: row.values[a] as number, mean: st.mean, lo: st.lo, hi: st.hi };
        }),
      }));
      const means = extent(series.flatMap((s) => s.points.map((p) => p.mean)));
      const logY = latency && means !== undefined && means[0] > 0 && means[1] / means[0] > 20;
      const yLabel = logY ? `${label}, log scale` : label;
      out.push({
        file: `${figure}-vs-${axis.replace(/[^A-Za-z0-9_.]+/g, '-')}.svg`,
        svg: bandChartSvg(`${label} vs ${axis}`, axis, yLabel, series, {
          logY,
          ...(legendTitle ? { legendTitle } : {}),
        }),
      });
    }
  });
  return out;
}

function labelOf(agg: Aggregate, values: readonly unknown[], skip: number): string {
  const others = agg.axes
    .map((p, i) => (i === skip ? '' : `${p}=${formatValue(values[i])}`))
    .filter(Boolean);
  return others.length === 0 ? 'all' : others.join(', ');
}
