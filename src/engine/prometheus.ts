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
  return out + costText(sides);
}

/** What the capacity cost (every run) and the autoscaled pool's books (runs that autoscale). */
function costText(sides: readonly { labels: Record<string, string>; summary: Summary }[]): string {
  let out = '';
  const family = (
    name: string,
    type: string,
    help: string,
    rows: (s: Summary) => [Record<string, string>, number][],
  ) => {
    out += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
    for (const { labels, summary } of sides) {
      for (const [extra, v] of rows(summary)) out += line(name, { ...labels, ...extra }, v);
    }
  };
  const byKind = (pick: (s: Summary) => { gpu: number; cpu: number }) => (s: Summary) =>
    (['gpu', 'cpu'] as const).map((kind): [Record<string, string>, number] => [
      { kind },
      pick(s)[kind],
    ]);
  family(
    'schedlab_replica_seconds_total',
    'counter',
    'Replica-seconds provisioned, by lane kind.',
    byKind((s) => s.cost.replica_s),
  );
  family(
    'schedlab_idle_replica_seconds_total',
    'counter',
    'Provisioned replica-seconds with no work running, by lane kind.',
    byKind((s) => s.cost.idle_replica_s),
  );
  family(
    'schedlab_cold_start_replica_seconds_total',
    'counter',
    'Replica-seconds spent in cold starts, by lane kind.',
    byKind((s) => s.cost.cold_start_replica_s),
  );
  family(
    'schedlab_cost_total',
    'counter',
    'What the replica-seconds cost at the configured prices.',
    (s) => [[{ currency: s.cost.currency }, s.cost.total]],
  );
  const scaled = sides.filter((x) => x.summary.autoscale !== undefined);
  if (scaled.length === 0) return out;
  const a = (s: Summary) => s.autoscale!;
  const only = (rows: (s: Summary) => [Record<string, string>, number][]) => (s: Summary) =>
    s.autoscale ? rows(s) : [];
  family(
    'schedlab_replicas',
    'gauge',
    'Replicas of the autoscaled pool asked for and kept, now.',
    only((s) => [[{ pool: a(s).kind }, a(s).active_lanes_final]]),
  );
  family(
    'schedlab_scale_events_total',
    'counter',
    'Scale events of the autoscaled pool, by direction.',
    only((s) => [
      [{ direction: 'up' }, a(s).scale_up_events],
      [{ direction: 'down' }, a(s).scale_down_events],
    ]),
  );
  family(
    'schedlab_scale_flaps_total',
    'counter',
    'Scale events that undid one the other way within the flap window.',
    only((s) => [[{}, a(s).flaps]]),
  );
  family(
    'schedlab_cold_start_waits_total',
    'counter',
    "Requests that waited for a replica's cold start.",
    only((s) => [[{}, a(s).cold_start_waits.requests]]),
  );
  return out;
}
