// What `npm run loadtest` writes beside report.json: report.md (the headline, the figures, latency
// from the intended and the actual send time side by side, the per-second table, the sweep with its
// knee) and SVG plots, as pure functions from the reports to text.

import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import {
  FAILED,
  NOT_ENDED,
  SUCCEEDED,
  type LoadReport,
  type RequestColumns,
} from '../src/engine/loadtest.ts';
import type { SweepReport } from '../src/engine/loadtest-sweep.ts';
import type { LiveLaneReport } from '../src/workers/loadtest-live.ts';
import { esc, legendEntry, svgFrame, type PlotBox } from './svg-frame.ts';

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The markdown report. `what` says what was run, in a sentence; `lanes`, a live test's lanes. */
export function reportMarkdown(
  what: string,
  r: LoadReport,
  sweep?: SweepReport,
  lanes?: readonly LiveLaneReport[],
): string {
  const q = ['p50', 'p90', 'p99', 'mean', 'max'] as const;
  const lines = [
    '# Load test',
    '',
    what,
    '',
    `**${r.headline}**`,
    '',
    '| figure | value |',
    '| --- | --: |',
    `| requests sent | ${r.sent} |`,
    `| succeeded | ${r.succeeded} |`,
    `| failed (refused, dropped or never answered) | ${r.failed} |`,
    `| success rate | ${(100 * r.success_rate).toFixed(1)} % |`,
    `| throughput | ${r.throughput_per_s.toFixed(1)} req/s |`,
    `| goodput (within SLO, from the intended send time) | ${r.goodput_per_s.toFixed(1)} req/s |`,
    `| SLO attainment | ${(100 * r.slo_attainment).toFixed(1)} % |`,
    `| test length (first due to last answer) | ${r.duration_s.toFixed(1)} s |`,
    `| most requests outstanding | ${r.max_in_flight} |`,
    `| most requests waiting for a connection | ${r.max_backlog} |`,
    '',
    'Latency (ms), measured from when each request was due (intended) and from when it was sent',
    '(actual). A client that waits for a free connection sends late while the service stalls; only',
    'the intended measure shows the stall (coordinated omission).',
    '',
    `| from | ${q.join(' | ')} |`,
    `| --- | ${q.map(() => '--:').join(' | ')} |`,
    `| intended send | ${q.map((k) => ms(r.latency_ms.intended[k])).join(' | ')} |`,
    `| actual send | ${q.map((k) => ms(r.latency_ms.actual[k])).join(' | ')} |`,
    '',
  ];
  if (lanes) {
    lines.push(
      '## Lanes (live: real lane workers; runs and requests counted from their answers)',
      '',
      '| lane | kind | backend | ran | runs | requests | mean service ms | last output |',
      '| --- | --- | --- | --- | --: | --: | --: | --- |',
      ...lanes.map(
        (l) =>
          `| ${l.name} | ${l.kind} | ${l.backend}${l.threads !== undefined ? `, ${l.threads} thread${l.threads === 1 ? '' : 's'}` : ''} | ${l.ran ? 'yes' : `no: ${l.reason ?? '?'}`} | ${l.runs} | ${l.jobs} | ${l.runs > 0 ? ms(l.mean_service_ms) : ''} | ${l.last_output.replace(/\|/g, '/')} |`,
      ),
      '',
    );
  }
  if (sweep) {
    const unit = sweep.kind === 'rate' ? 'offered req/s' : 'users';
    const iv = (m: { mean: number; lo: number; hi: number }) =>
      Number.isFinite(m.lo) ? `${ms(m.mean)} (${ms(m.lo)} to ${ms(m.hi)})` : ms(m.mean);
    lines.push(
      `## Sweep: ${sweep.repeats} seeds a level, ${sweep.duration_s} s a run, 95 % intervals`,
      '',
      `| ${unit} | throughput req/s | p99 intended ms | p99 actual ms | success rate |`,
      '| --: | --: | --: | --: | --: |',
      ...sweep.points.map(
        (p) =>
          `| ${p.level}${p.level === sweep.knee.level ? ' (knee)' : ''} | ${iv(p.throughput_per_s)} | ${iv(p.p99_intended_ms)} | ${iv(p.p99_actual_ms)} | ${(100 * p.success_rate.mean).toFixed(1)} % |`,
      ),
      '',
      `Knee (greatest throughput / p99): ${sweep.knee.level} ${unit}, ${sweep.knee.throughput_per_s.toFixed(1)} req/s at p99 ${ms(sweep.knee.p99_ms)} ms.`,
      '',
    );
  }
  lines.push(
    '## Per second (by the second requests were due in)',
    '',
    '| second | sent | succeeded | failed | p99 intended ms | p99 actual ms |',
    '| --: | --: | --: | --: | --: | --: |',
    ...r.per_second.map(
      (s) =>
        `| ${s.second} | ${s.sent} | ${s.succeeded} | ${s.failed} | ${ms(s.p99_intended_ms)} | ${ms(s.p99_actual_ms)} |`,
    ),
    '',
  );
  return lines.join('\n');
}

/** requests.csv: one row per request sent, its due, send and answer times (ms) and outcome. */
export function requestsCsv(r: RequestColumns): string {
  const word = (o: number) =>
    o === SUCCEEDED ? 'succeeded' : o === FAILED ? 'failed' : o === NOT_ENDED ? 'unanswered' : '?';
  const t = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '');
  const rows = ['id,intended_ms,actual_ms,end_ms,outcome'];
  for (let i = 0; i < r.intended.length; i++) {
    rows.push(
      `${i},${t(r.intended[i]!)},${t(r.actual[i]!)},${t(r.end[i]!)},${word(r.outcome[i]!)}`,
    );
  }
  return `${rows.join('\n')}\n`;
}

const BOX: PlotBox = { W: 640, H: 360, M: { top: 28, right: 150, bottom: 44, left: 64 } };

interface Line {
  label: string;
  colour: string;
  x: readonly number[];
  y: readonly number[];
  /** Interval bounds per point (whiskers), where known. */
  lo?: readonly number[];
  hi?: readonly number[];
}

/** Lines over a linear x axis, with optional whiskers and a dashed marker at `mark`. */
export function linesSvg(
  title: string,
  xLabel: string,
  yLabel: string,
  lines: readonly Line[],
  mark?: { x: number; label: string },
): string {
  const { W, H, M } = BOX;
  const xs = lines.flatMap((l) => l.x);
  const ys = lines.flatMap((l) => [...l.y, ...(l.hi ?? [])]).filter(Number.isFinite);
  const x = scaleLinear()
    .domain([Math.min(0, ...xs), Math.max(1, ...xs)])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1e-9, ...ys)])
    .nice()
    .range([H - M.bottom, M.top]);
  let body = `<g stroke="#ccc">`;
  for (const t of y.ticks(5))
    body += `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}"/>`;
  body += `</g><g stroke="#333"><line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/><line x1="${M.left}" x2="${M.left}" y1="${H - M.bottom}" y2="${M.top}"/></g>`;
  for (const t of x.ticks(6))
    body += `<text x="${x(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${t}</text>`;
  for (const t of y.ticks(5))
    body += `<text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`;
  lines.forEach((l, k) => {
    const path = line<number>()
      .defined((v) => Number.isFinite(v))
      .x((_, i) => x(l.x[i]!))
      .y((v) => y(v))
      .digits(2)(l.y);
    if (path) body += `<path d="${path}" fill="none" stroke="${l.colour}" stroke-width="2"/>`;
    l.x.forEach((xv, i) => {
      const lo = l.lo?.[i];
      const hi = l.hi?.[i];
      if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) {
        body += `<line x1="${x(xv)}" x2="${x(xv)}" y1="${y(Math.max(0, lo))}" y2="${y(hi)}" stroke="${l.colour}"/>`;
      }
    });
    body += legendEntry(BOX, M.top + k * 18, l.colour, l.label);
  });
  if (mark) {
    body += `<line x1="${x(mark.x)}" x2="${x(mark.x)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#c2255c" stroke-dasharray="4 3"/>`;
    body += `<text x="${x(mark.x) + 4}" y="${M.top + 12}" fill="#c2255c">${esc(mark.label)}</text>`;
  }
  return svgFrame(BOX, title, body, xLabel, yLabel);
}

/** The plots: per-second counts and p99 both ways; the sweep's knee where there is one. */
export function reportPlots(r: LoadReport, sweep?: SweepReport): Record<string, string> {
  const sec = r.per_second.map((s) => s.second);
  const out: Record<string, string> = {
    'per-second.svg': linesSvg('Requests per second', 'second (due)', 'requests', [
      { label: 'sent', colour: '#868e96', x: sec, y: r.per_second.map((s) => s.sent) },
      { label: 'succeeded', colour: '#2b8a3e', x: sec, y: r.per_second.map((s) => s.succeeded) },
    ]),
    'latency.svg': linesSvg('p99 latency per second', 'second (due)', 'ms', [
      {
        label: 'from intended send',
        colour: '#c2255c',
        x: sec,
        y: r.per_second.map((s) => s.p99_intended_ms),
      },
      {
        label: 'from actual send',
        colour: '#1971c2',
        x: sec,
        y: r.per_second.map((s) => s.p99_actual_ms),
      },
    ]),
  };
  if (sweep) {
    const lv = sweep.points.map((p) => p.level);
    const xLabel = sweep.kind === 'rate' ? 'offered load (req/s)' : 'users (closed loop)';
    const mark = { x: sweep.knee.level, label: `knee: ${sweep.knee.level}` };
    const pick = (
      f: (p: SweepReport['points'][number]) => { mean: number; lo: number; hi: number },
    ) => ({
      y: sweep.points.map((p) => f(p).mean),
      lo: sweep.points.map((p) => f(p).lo),
      hi: sweep.points.map((p) => f(p).hi),
    });
    out['knee-throughput.svg'] = linesSvg(
      'Throughput against load',
      xLabel,
      'req/s',
      [{ label: 'throughput', colour: '#2b8a3e', x: lv, ...pick((p) => p.throughput_per_s) }],
      mark,
    );
    out['knee-p99.svg'] = linesSvg(
      'p99 latency against load',
      xLabel,
      'ms',
      [
        {
          label: 'from intended send',
          colour: '#c2255c',
          x: lv,
          ...pick((p) => p.p99_intended_ms),
        },
        { label: 'from actual send', colour: '#1971c2', x: lv, ...pick((p) => p.p99_actual_ms) },
      ],
      mark,
    );
  }
  return out;
}
