// The files a run leaves besides summary.json and trace.csv: the per-second time series as CSV and
// the plots (latency CDF, percentiles, SLO timeline, wait histogram).

import type { OutputFolder } from './io/output-folder.ts';
import type { Engine } from '../src/engine/engine.ts';
import { prometheusText } from '../src/engine/prometheus.ts';
import {
  CLASS_COLOURS,
  histogramSvg,
  latencyCdfSvg,
  percentileBarsSvg,
  timelineSvg,
} from './plots.ts';

/** Probabilities at which the CDF is drawn: dense in the tail. */
export const CDF_PROBS = [
  ...Array.from({ length: 90 }, (_, i) => 0.005 + i * 0.01),
  ...Array.from({ length: 45 }, (_, i) => 0.9 + (i + 1) * 0.002),
];

export function timeseriesCsv(engine: Engine): string {
  const s = engine.metrics.series;
  const n = Math.max(s.arrived.length, s.completed.length, s.queue.length);
  // Autoscaling adds the pool's active lanes (held from the last second that changed them).
  const lanes = s.lanes;
  let out = `second,arrived,completed,good,violated,queue_depth${lanes ? ',active_lanes' : ''}\n`;
  for (let i = 0; i < n; i++) {
    out += `${i},${s.arrived[i] ?? 0},${s.completed[i] ?? 0},${s.good[i] ?? 0},${s.violated[i] ?? 0},${s.queue[i] ?? s.queue[s.queue.length - 1] ?? 0}`;
    out += lanes ? `,${lanes[i] ?? lanes[lanes.length - 1] ?? 0}\n` : '\n';
  }
  return out;
}

export function writePlots(engine: Engine, out: OutputFolder): void {
  const m = engine.metrics;
  const summary = engine.summary();
  out.write('timeseries.csv', timeseriesCsv(engine));
  out.write('metrics.prom', prometheusText(summary));

  const classes = [
    {
      cls: 0,
      name: 'interactive',
      colour: CLASS_COLOURS.interactive,
      slo: summary.classes.interactive.slo_ms,
      n: summary.classes.interactive.count,
    },
    {
      cls: 1,
      name: 'batch',
      colour: CLASS_COLOURS.batch,
      slo: summary.classes.batch.slo_ms,
      n: summary.classes.batch.count,
    },
  ].filter((c) => c.n > 0);

  out.write(
    'latency-cdf.svg',
    latencyCdfSvg(
      CDF_PROBS,
      classes.map((c) => ({
        label: c.name,
        colour: c.colour,
        values: m.quantiles('latency', c.cls, CDF_PROBS),
        sloMs: c.slo,
      })),
    ),
  );

  const percentileColours = ['#adb5bd', '#fab005', '#e03131'];
  out.write(
    'percentiles.svg',
    percentileBarsSvg(
      'Latency percentiles per class',
      classes.map((c) => {
        const p = summary.classes[c.name as 'interactive' | 'batch'].latency;
        return {
          group: c.name,
          values: [
            { label: 'p50', value: p.p50, colour: percentileColours[0]! },
            { label: 'p95', value: p.p95, colour: percentileColours[1]! },
            { label: 'p99', value: p.p99, colour: percentileColours[2]! },
          ],
        };
      }),
      'latency (ms)',
    ),
  );

  const s = m.series;
  const attainment = s.completed.map((_, i) => {
    const ended = (s.good[i] ?? 0) + (s.violated[i] ?? 0);
    return ended > 0 ? (s.good[i] ?? 0) / ended : NaN;
  });
  out.write(
    'slo-timeline.svg',
    timelineSvg(
      'SLO attainment per second',
      [{ label: 'met SLO', colour: '#2f9e44', values: attainment }],
      'share of ended jobs',
      1,
    ),
  );
  out.write(
    'throughput-timeline.svg',
    timelineSvg(
      'Throughput, goodput and queue depth per second',
      [
        { label: 'throughput', colour: CLASS_COLOURS.all, values: s.completed },
        { label: 'goodput', colour: '#2f9e44', values: s.good },
        { label: 'queue depth', colour: '#e03131', values: s.queue },
      ],
      'jobs/s (queue: jobs)',
    ),
  );

  // Wait histogram from the wait sketch: bin the quantile function.
  const probs = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
  const waits = m.quantiles('wait', -1, probs);
  const hi = waits[Math.floor(waits.length * 0.99)]! || 1;
  const bins = 30;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (hi * i) / bins);
  const counts = new Array<number>(bins).fill(0);
  const total = summary.overall.count;
  for (const w of waits)
    counts[Math.min(bins - 1, Math.floor((w / hi) * bins))]! += total / probs.length;
  out.write(
    'wait-histogram.svg',
    histogramSvg('Queue wait (up to p99)', edges, counts.map(Math.round), 'wait (ms)'),
  );
}
