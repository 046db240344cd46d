// Prometheus text exposition (format 0.0.4) of a run's summary, as the source system's dashboards
// scraped it: job counters by outcome, latency and wait quantiles per class, SLO violation rate,
// throughput and goodput, and per-lane utilisation. Pure string building, so the CLI writes it to a
// file and the app can offer it as a download.

import type { Summary } from './summary.ts';

function line(name: string, labels: Record<string, string>, value: number): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
  return `${name}${body ? `{${body}}` : ''} ${Number.isFinite(value) ? value : 'NaN'}\n`;
}

/** Compare mode: each side's summary, labelled `side="a"` or `side="b"` on every sample. */
export interface LabelledSummary {
  side: string;
  summary: Summary;
}

/**
 * The summary as Prometheus text; for several sides (compare mode), every sample carries its side
 * label and each metric family stays one contiguous block, as the format requires.
 */
export function prometheusText(input: Summary | readonly LabelledSummary[]): string {
  const sides: { labels: Record<string, string>; summary: Summary }[] = Array.isArray(input)
    ? input.map((x: LabelledSummary) => ({ labels: { side: x.side }, summary: x.summary }))
    : [{ labels: {}, summary: input as Summary }];
  let out = '';
  out += '# HELP schedlab_jobs_total Jobs by outcome (queued and running are still in flight).\n';
  out += '# TYPE schedlab_jobs_total counter\n';
  for (const { labels, summary } of sides) {
    for (const [outcome, n] of Object.entries(summary.ledger)) {
      out += line('schedlab_jobs_total', { ...labels, outcome }, n);
    }
  }
  const classesOf = (summary: Summary) => ({ all: summary.overall, ...summary.classes });
  for (const metric of ['latency', 'wait'] as const) {
    const name = `schedlab_${metric}_ms`;
    out += `# HELP ${name} End-to-end ${metric === 'latency' ? 'latency' : 'queue wait'} quantiles in ms.\n`;
    out += `# TYPE ${name} summary\n`;
    for (const { labels, summary } of sides) {
      for (const [cls, s] of Object.entries(classesOf(summary))) {
        const p = s[metric];
        out += line(name, { ...labels, class: cls, quantile: '0.5' }, p.p50);
        out += line(name, { ...labels, class: cls, quantile: '0.95' }, p.p95);
        out += line(name, { ...labels, class: cls, quantile: '0.99' }, p.p99);
        out += line(`${name}_sum`, { ...labels, class: cls }, p.mean * s.count);
        out += line(`${name}_count`, { ...labels, class: cls }, s.count);
      }
    }
  }
  const gauges: [string, string, (s: Summary['overall']) => number][] = [
    [
      'schedlab_slo_violation_ratio',
      'Share of ended jobs that missed their SLO.',
      (s) => s.slo_violation_rate,
    ],
    ['schedlab_throughput_per_second', 'Completed jobs per second.', (s) => s.throughput_per_s],
    ['schedlab_goodput_per_second', 'Jobs per second that met their SLO.', (s) => s.goodput_per_s],
  ];
  for (const [name, help, get] of gauges) {
    out += `# HELP ${name} ${help}\n# TYPE ${name} gauge\n`;
    for (const { labels, summary } of sides) {
      for (const [cls, s] of Object.entries(classesOf(summary))) {
        out += line(name, { ...labels, class: cls }, get(s));
      }
    }
  }
  out += '# HELP schedlab_lane_utilisation_ratio Busy slot-time over available slot-time.\n';
  out += '# TYPE schedlab_lane_utilisation_ratio gauge\n';
  for (const { labels, summary } of sides) {
    for (const lane of summary.lanes) {
      out += line(
        'schedlab_lane_utilisation_ratio',
        { ...labels, lane: lane.name, kind: lane.kind },
        lane.utilisation,
      );
    }
  }
  out += '# HELP schedlab_lane_up Whether the lane is healthy at the end of the run.\n';
  out += '# TYPE schedlab_lane_up gauge\n';
  for (const { labels, summary } of sides) {
    for (const lane of summary.lanes) {
      out += line(
        'schedlab_lane_up',
        { ...labels, lane: lane.name, kind: lane.kind },
        lane.up ? 1 : 0,
      );
    }
  }
  return out;
}
