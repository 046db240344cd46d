// What `npm run validate` writes: validate.json (rows of load, class, metric, predicted_ms,
// measured_ms, error_pct, live_spread_pct, drift_pct, drift_corrected_error_pct, the corrections
// per case and per repeat by the alone and the together probes, and everything behind them),
// validate.md (the tables, and which correction predicts best),
// one CDF overlay SVG per case (the page's own chart layout, written by its SVG renderer) and each
// case's live and simulated traces as CSV.

import type { OutputFolder } from '../io/output-folder.ts';
import { simCheckLayout } from '../../app/charts/sim-check-layout.ts';
import { sceneToSvg } from '../../app/charts/render-svg.ts';
import type { JobLog } from '../../src/workers/job-log.ts';
import { compareRuns, matchJobs } from '../../src/workers/sim-check.ts';
import {
  CORRECTIONS,
  driftCorrectedRows,
  targetChecks,
  METRICS,
  type Correction,
  type TargetCheck,
} from './figures.ts';
import { DRIFT_HEADERS, driftCells } from '../../src/profiler/drift.ts';
import { VARIANTS, type CaseResult, type ValidateResult, type Variant } from './run-validate.ts';

export interface ReportMeta {
  command: string;
  date: string;
  machine: string;
  node: string;
  ort: string;
  lanes: number;
  threads: number;
  models: Record<string, number>;
  interactive_ratio: number;
  jobs: number;
  repeats: number;
  replays: number;
  pacing: string;
  seed: number;
  wall_s: number;
  /** Load average (1 min) before the first and after the last live run, and the highest seen. */
  loadavg: { first: number; last: number; max: number };
}

const pct = (v: number): string =>
  Number.isFinite(v) ? `${v > 0 ? '+' : ''}${v.toFixed(1)} %` : '–';
const ms = (v: number): string =>
  !Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);

function table(head: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** Errors of a variant's prediction against the measured means, per case, for one class/metric. */
function variantError(c: CaseResult, variant: Variant, metric: 'p50' | 'p99'): number {
  const row = c.rows.find((r) => r.class === 'all' && r.metric === metric)!;
  const preds = c.predicted[variant].map((f) => f[2]![metric]);
  const p = preds.reduce((a, b) => a + b, 0) / preds.length;
  return ((p - row.measured_ms) / row.measured_ms) * 100;
}

export function markdown(
  result: ValidateResult,
  meta: ReportMeta,
  checks: TargetCheck[],
  own: TargetCheck[] = [],
  corrected: TargetCheck[] = [],
  byCorrection: Partial<Record<Correction, TargetCheck[]>> = {},
): string {
  const out: string[] = [];
  out.push('# Calibrated simulation against live runs');
  out.push('');
  out.push(
    `\`${meta.command}\` on ${meta.machine}, Node ${meta.node}, onnxruntime-web ${meta.ort}; ` +
      `${meta.lanes} WASM lane(s) x ${meta.threads} thread(s); models ${Object.entries(meta.models)
        .map(([m, w]) => `${m}:${w}`)
        .join(', ')}; interactive ${meta.interactive_ratio * 100} %; ${meta.jobs} jobs a run, ` +
      `${meta.repeats} live repeats, ${meta.replays} simulation replays; pacing ${meta.pacing}; ` +
      `${meta.wall_s.toFixed(0)} s. Load average (1 min) ${meta.loadavg.first.toFixed(2)} at the ` +
      `start, ${meta.loadavg.last.toFixed(2)} at the end, at most ${meta.loadavg.max.toFixed(2)}.`,
  );
  out.push('');
  const cal = result.calibration;
  out.push('## Calibration');
  out.push('');
  out.push(
    table(
      ['model', 'lane', 'mean ms', 'median ms', 'cv', 'runs'],
      cal.batch1.map((b) => [
        b.model,
        b.kind,
        ms(b.meanMs),
        ms(b.medianMs),
        b.cv.toFixed(2),
        String(b.runs),
      ]),
      ['l', 'l', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push(
    `Overhead per run: ${cal.overhead.map((o) => `${o.kind} ${ms(o.meanMs)} ms mean (${ms(o.medianMs)} median, ${o.samples} round trips)`).join('; ')}. ` +
      (cal.sharing.length > 0
        ? `Sharing: ${cal.sharing
            .map(
              (s) =>
                `${s.lanes} ${s.kind} lanes at once run x${s.slowdown.toFixed(3)} slower (${Object.entries(
                  s.perModel,
                )
                  .map(([m, r]) => `${m} x${(r ?? 1).toFixed(2)}`)
                  .join(', ')})`,
            )
            .join('; ')}. `
        : '') +
      `Capacity from these (every lane busy): ${(result.served?.capacityAlonePerS ?? result.capacityPerS).toFixed(1)} jobs/s.`,
  );
  const served = result.served;
  if (served) {
    out.push('');
    out.push(
      `Serving probe: ${served.runs} runs of the mix at ${served.ratePerS.toFixed(1)} jobs/s through the engine host (its own seed). ` +
        `Overhead a run on the engine's clock (start to end less session.run): ${ms(served.overheadMs)} ms after another run (${served.followed} runs), ` +
        `${ms(served.wakeMs)} ms more when the run started as its job arrived at an idle lane (the host's wake-up at its next timer; ${served.woken} runs). ` +
        `The cases' rates are shares of the capacity these give, ${result.capacityPerS.toFixed(1)} jobs/s. ` +
        "Each case is predicted with the same figures taken from the probe's runs and every other case's live runs (never its own): " +
        "the lanes' speed wanders over seconds on a shared machine, and runs spread over the session average that out.",
    );
    out.push('');
    out.push(
      table(
        ['model', 'lane', 'served mean ms', 'timed alone ms', 'ratio', 'cv', 'runs'],
        served.models.map((m) => [
          m.model,
          m.kind,
          ms(m.servedMs),
          ms(m.calibratedMs),
          `x${(m.servedMs / m.calibratedMs).toFixed(2)}`,
          m.cv.toFixed(2),
          String(m.runs),
        ]),
        ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
  }
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push(
    "The prediction against the targets; beside it the case's drift (drift probes before the case and after each live repeat: " +
      "each model of the mix timed alone on each lane, against the calibration's times, busy-time weighted; + when the lanes ran slower), " +
      'the prediction with its service times scaled by that drift (against the drift of the runs it was calibrated from), ' +
      "and the same simulation given each case's own served service times " +
      '(not a prediction: the error the queueing model itself leaves when service times are known).',
  );
  out.push('');
  const metCount = (ts: TargetCheck[]): string =>
    `${ts.filter((t) => t.met).length} of ${ts.length}`;
  out.push(
    `Targets met: ${metCount(checks)}; drift-corrected ${metCount(corrected)}; with own service times ${metCount(own)}.`,
  );
  out.push('');
  const summaries = correctionSummaries(checks, byCorrection);
  if (summaries.length > 0) {
    out.push(
      "Which drift correction predicts best: each one's targets met and the median of its |error| over the targets' rows " +
        '(per case: one drift figure for the whole case; per repeat: each repeat predicted with the mean of the probes around it, ' +
        'the repeats averaged as the live ones are; alone: the probes time one lane at a time, as the calibration did; ' +
        'together: every lane busy at once, as the cases serve them).',
    );
    out.push('');
    out.push(
      table(
        ['correction', 'targets met', 'median |error|'],
        summaries.map((x) => [
          x.label,
          `${x.met} of ${x.of}`,
          `${x.medianAbsErrorPct.toFixed(1)} %`,
        ]),
        ['l', 'r', 'r'],
      ),
    );
    out.push('');
  }
  out.push(
    table(
      [
        'load',
        'class',
        'metric',
        '|error|',
        'target',
        'live spread',
        'met',
        'drift %',
        '|error| drift-corrected',
        'met',
        '|error| with its own service times',
        'met',
        '|error| per repeat, alone',
        '|error| per repeat, together',
      ],
      checks.map((t, i) => [
        t.load,
        t.class,
        t.metric,
        `${t.abs_error_pct.toFixed(1)} %`,
        `≤ ${t.limit} %${t.orSpread ? ' or spread' : ''}`,
        `${t.live_spread_pct.toFixed(1)} %`,
        t.met ? 'yes' : '**no**',
        pct(result.cases.find((c) => c.label === t.load)?.drift.pct ?? NaN),
        corrected[i] ? `${corrected[i].abs_error_pct.toFixed(1)} %` : '–',
        corrected[i] ? (corrected[i].met ? 'yes' : '**no**') : '–',
        own[i] ? `${own[i].abs_error_pct.toFixed(1)} %` : '–',
        own[i] ? (own[i].met ? 'yes' : '**no**') : '–',
        checkCell(byCorrection.repeat_alone?.[i]),
        checkCell(byCorrection.repeat_together?.[i]),
      ]),
      ['l', 'l', 'l', 'r', 'l', 'r', 'l', 'r', 'r', 'l', 'r', 'l', 'r', 'r'],
    ),
  );
  out.push('');
  for (const c of result.cases) {
    const loads = c.repeats.map((r) => r.loadavg[0].toFixed(1)).join(', ');
    out.push(
      `## ${c.label}${c.bursty ? ` (mean load ${(c.load * 100).toFixed(0)} %, bursts at 150 %)` : ''}${c.validated ? '' : ' — not validated'}`,
    );
    out.push('');
    out.push(
      `${c.ratePerS.toFixed(1)} jobs/s offered, ${c.jobs} jobs; arrivals identical in live and simulated runs: ` +
        `${c.repeats.every((r) => r.arrivalsIdentical) ? 'yes' : '**no**'} (${c.repeats[0]?.arrivals ?? 0} jobs); ` +
        `load average at each repeat's start ${loads}. ![CDF](cdf-${slug(c.label)}.svg)`,
    );
    out.push('');
    out.push(
      `Drift probes (before the case, after each repeat): ${c.drift.probes.map((p) => pct(p.driftPct)).join(', ')}; ` +
        `the case's drift ${pct(c.drift.pct)}, the runs its prediction came from ${pct(c.drift.basisPct)}: ` +
        `the drift-corrected prediction runs service times x${c.drift.factor.toFixed(3)}. ` +
        `Together (every lane busy at once): ${c.drift.probes.map((p) => pct(p.together.driftPct)).join(', ')}; ` +
        `mean ${pct(c.drift.togetherPct)}. Per repeat (the probes around it), alone ${c.drift.repeatPct.map(pct).join(', ')}; ` +
        `together ${c.drift.repeatTogetherPct.map(pct).join(', ')}.`,
    );
    out.push('');
    out.push(
      table(
        [
          'class',
          'metric',
          'predicted',
          'measured',
          'error',
          'live spread',
          'drift-corrected predicted',
          ...DRIFT_HEADERS,
          'per repeat alone: error %',
          'per repeat together: error %',
          'each repeat (together) %',
        ],
        c.rows.map((r) => [
          r.class,
          r.metric,
          `${ms(r.predicted_ms)}${r.unit === 'ms' ? ' ms' : '/s'}`,
          `${ms(r.measured_ms)}${r.unit === 'ms' ? ' ms' : '/s'}`,
          pct(r.error_pct),
          `${r.live_spread_pct.toFixed(1)} %`,
          `${ms(r.drift_corrected_predicted_ms ?? NaN)}${r.unit === 'ms' ? ' ms' : '/s'}`,
          ...driftCells({
            drift_pct: r.drift_pct ?? NaN,
            drift_corrected_error_pct: r.drift_corrected_error_pct ?? NaN,
          }),
          pct(r.corrections?.repeat_alone?.error_pct ?? NaN),
          pct(r.corrections?.repeat_together?.error_pct ?? NaN),
          (r.corrections?.repeat_together?.repeat_error_pct ?? []).map(pct).join(', ') || '–',
        ]),
        ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push('');
  }
  out.push('## What each part of the calibration is worth');
  out.push('');
  out.push(
    'Error of the prediction (all jobs) with parts of the calibrated service model left out, on the same live runs:',
  );
  out.push('');
  const variants = Object.keys(VARIANTS) as Variant[];
  out.push(
    table(
      ['load', ...variants.flatMap((v) => [`${v} p50`, `${v} p99`])],
      result.cases.map((c) => [
        c.label,
        ...variants.flatMap((v) => [
          pct(variantError(c, v, 'p50')),
          pct(variantError(c, v, 'p99')),
        ]),
      ]),
      ['l', ...variants.flatMap(() => ['r', 'r'] as const)],
    ),
  );
  out.push('');
  out.push('## Diagnostics');
  out.push('');
  out.push(
    table(
      [
        'load',
        'residual overhead ms (engine - lane)',
        ...Object.keys(meta.models).map((m) => `${m} live ms (first 10 / rest)`),
      ],
      result.cases.map((c) => {
        const r0 = c.repeats;
        const res = r0.map((r) => ms(r.residualOverheadMs)).join(', ');
        return [
          c.label,
          res,
          ...Object.keys(meta.models).map((m) =>
            r0
              .map((r) => {
                const s = r.laneMs[m];
                return s ? `${ms(s.mean)} (x${s.firstTenRatio.toFixed(2)})` : '–';
              })
              .join(', '),
          ),
        ];
      }),
      ['l', 'r', ...Object.keys(meta.models).map(() => 'r' as const)],
    ),
  );
  out.push('');
  return out.join('\n');
}

const CORRECTION_LABELS: Record<Correction, string> = {
  case_alone: 'per case, probes alone',
  case_together: 'per case, probes together',
  repeat_alone: 'per repeat, probes alone',
  repeat_together: 'per repeat, probes together',
};

function checkCell(t: TargetCheck | undefined): string {
  return t ? `${t.abs_error_pct.toFixed(1)} %${t.met ? '' : ' (**no**)'}` : '–';
}

export interface CorrectionSummary {
  correction: Correction | 'none';
  label: string;
  met: number;
  of: number;
  medianAbsErrorPct: number;
}

/** Per correction (and none): targets met and the median |error| over the targets' rows. */
export function correctionSummaries(
  raw: readonly TargetCheck[],
  byCorrection: Partial<Record<Correction, readonly TargetCheck[]>>,
): CorrectionSummary[] {
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const one = (
    correction: Correction | 'none',
    label: string,
    ts: readonly TargetCheck[],
  ): CorrectionSummary => ({
    correction,
    label,
    met: ts.filter((t) => t.met).length,
    of: ts.length,
    medianAbsErrorPct: median(ts.map((t) => t.abs_error_pct)),
  });
  const out = [one('none', 'none (the prediction)', raw)];
  for (const k of CORRECTIONS) {
    const ts = byCorrection[k];
    if (ts) out.push(one(k, CORRECTION_LABELS[k], ts));
  }
  return out.length > 1 ? out : [];
}

function slug(label: string): string {
  return label.replace('%', 'pct').replace(/[^a-z0-9-]/gi, '-');
}

function traceCsv(log: JobLog, models: readonly string[]): string {
  const lines = ['id,class,model,lane,arrival_ms,start_ms,end_ms,latency_ms,outcome,batch_size'];
  for (let i = 0; i < log.count; i++) {
    const j = log.row(i);
    lines.push(
      [
        j.id,
        j.cls === 0 ? 'interactive' : 'batch',
        models[j.model] ?? j.model,
        j.lane,
        j.arrival.toFixed(3),
        j.start.toFixed(3),
        j.end.toFixed(3),
        (j.end - j.arrival).toFixed(3),
        j.outcome,
        j.batchSize,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function writeReport(
  out: OutputFolder,
  result: ValidateResult,
  meta: ReportMeta,
): {
  checks: TargetCheck[];
  own: TargetCheck[];
  corrected: TargetCheck[];
  byCorrection: Partial<Record<Correction, TargetCheck[]>>;
} {
  const bursty = new Set(result.cases.filter((c) => c.bursty).map((c) => c.label));
  const checks = targetChecks(result.rows, bursty);
  const own = targetChecks(result.ownRows, bursty);
  const corrected = targetChecks(driftCorrectedRows(result.rows), bursty);
  const byCorrection: Partial<Record<Correction, TargetCheck[]>> = {};
  for (const k of CORRECTIONS) {
    const rows = driftCorrectedRows(result.rows, k);
    if (rows.length > 0) byCorrection[k] = targetChecks(rows, bursty);
  }
  const models = Object.keys(meta.models);
  const json = {
    meta,
    metrics: METRICS,
    capacity_per_s: result.capacityPerS,
    calibration: result.calibration,
    served: result.served ? { ...result.served, probeRuns: undefined } : null,
    service: result.service,
    rows: result.rows,
    targets: checks,
    targets_drift_corrected: corrected,
    targets_by_correction: byCorrection,
    corrections: correctionSummaries(checks, byCorrection),
    targets_with_own_service_times: own,
    cases: result.cases.map((c) => ({
      label: c.label,
      load: c.load,
      bursty: c.bursty,
      validated: c.validated,
      rate_per_s: c.ratePerS,
      jobs: c.jobs,
      repeats: c.repeats,
      service: c.service,
      drift: c.drift,
      ablations: (Object.keys(VARIANTS) as Variant[]).map((v) => ({
        variant: v,
        p50_error_pct: variantError(c, v, 'p50'),
        p99_error_pct: variantError(c, v, 'p99'),
      })),
    })),
  };
  out.write('validate.json', JSON.stringify(json, null, 2) + '\n');
  out.write('validate.md', markdown(result, meta, checks, own, corrected, byCorrection));
  for (const c of result.cases) {
    const classes = compareRuns([matchJobs(c.liveLog, c.simLog)]);
    const title = `${c.label}${c.bursty ? ' (bursty)' : ' load'}: live against the calibrated simulation`;
    out.write(
      `cdf-${slug(c.label)}.svg`,
      sceneToSvg(simCheckLayout({ classes, title }, 720, 360), title),
    );
    out.write(`trace-${slug(c.label)}-live.csv`, traceCsv(c.liveLog, models));
    out.write(`trace-${slug(c.label)}-sim.csv`, traceCsv(c.simLog, models));
  }
  return { checks, own, corrected, byCorrection };
}
