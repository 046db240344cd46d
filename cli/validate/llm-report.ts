// What `npm run validate -- --llm` writes: validate.json (the calibration's fit, each case's drift,
// live repeats and twin, and one row per load, class and metric), validate.md (the same, readable:
// where each figure came from first, then the fit, then the errors against the targets) and
// calibration.svg (each calibration step's predicted against measured time).

import { esc, svgFrame, type PlotBox } from '../svg-frame.ts';
import { DRIFT_HEADERS, driftCells } from '../../src/profiler/drift.ts';
import type { OutputFolder } from '../io/output-folder.ts';
import type { LlmValidateOptions, LlmValidateResult } from './llm-cases.ts';

const f1 = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));
const signed = (v: number): string => `${v >= 0 ? '+' : ''}${f1(v)}`;

/** Predicted against measured ms for every calibration step, with the y = x line. */
export function calibrationSvg(
  points: readonly { measured: number; predicted: number }[],
  title: string,
): string {
  const box: PlotBox = { W: 560, H: 460, M: { top: 36, right: 24, bottom: 48, left: 60 } };
  const max = Math.max(1, ...points.flatMap((p) => [p.measured, p.predicted])) * 1.05;
  const w = box.W - box.M.left - box.M.right;
  const h = box.H - box.M.top - box.M.bottom;
  const x = (v: number): number => box.M.left + (v / max) * w;
  const y = (v: number): number => box.M.top + h - (v / max) * h;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * max);
  const body = [
    `<rect x="${box.M.left}" y="${box.M.top}" width="${w}" height="${h}" fill="none" stroke="#adb5bd"/>`,
    ...ticks.map(
      (t) =>
        `<text x="${x(t)}" y="${box.H - box.M.bottom + 14}" text-anchor="middle">${t.toFixed(0)}</text>` +
        `<text x="${box.M.left - 6}" y="${y(t) + 4}" text-anchor="end">${t.toFixed(0)}</text>`,
    ),
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(max)}" y2="${y(max)}" stroke="#868e96" stroke-dasharray="4 3"/>`,
    ...points.map(
      (p) =>
        `<circle cx="${x(p.measured).toFixed(1)}" cy="${y(p.predicted).toFixed(1)}" r="3" fill="#1971c2" fill-opacity="0.7"/>`,
    ),
  ].join('\n');
  return svgFrame(box, title, body, 'measured step ms', 'predicted step ms');
}

export interface LlmReportMeta {
  command: string;
  date: string;
  wall_s: number;
  options: LlmValidateOptions;
}

export function writeLlmReport(
  out: OutputFolder,
  r: LlmValidateResult,
  meta: LlmReportMeta,
): { met: number; counted: number } {
  out.create();
  const cal = r.calibration;
  const rows = r.cases.flatMap((c) => c.rows);
  const counted = rows.filter((x) => x.met !== null);
  const met = counted.filter((x) => x.met).length;
  const repeatMet = counted.filter((x) => x.repeat_corrected_met === true).length;
  const json = {
    ...meta,
    model: r.model,
    lane: r.lane,
    backend: r.backend,
    device: r.device,
    calibration: {
      coefficients: cal.coefficients,
      r2: cal.r2,
      rmse_ms: cal.rmseMs,
      max_abs_residual_ms: cal.maxAbsResidualMs,
      median_abs_error_pct: cal.medianAbsErrorPct,
      clamped: cal.clamped,
      unidentified: cal.unidentified,
      steps: cal.samples.length,
      points: cal.points,
    },
    service_ms_alone: r.serviceMsAlone,
    targets: { met, counted: counted.length, repeat_drift_corrected_met: repeatMet },
    cases: r.cases.map((c) => ({
      load: c.spec.load,
      rate_per_s: c.spec.rate,
      requests: c.spec.requests,
      scheduler: c.spec.scheduler,
      drift_pct: c.driftPct,
      drift_probes_pct: c.probes,
      repeat_drift_pct: c.repeatPct,
      live: c.live.map((l) => ({
        wall_s: l.wallMs / 1000,
        steps: l.steps,
        utilisation: l.utilisation,
        ledger: l.summary.ledger,
        token_ledger_balanced: l.summary.llm?.token_ledger.balanced ?? false,
      })),
      twin_utilisation: c.twin.llm?.lanes?.[0]?.utilisation,
      own_steps_fit: c.ownFit,
    })),
    // Each figure names where it came from.
    rows: rows.map((x) => ({ model: r.model, lane: r.lane, device: r.device, ...x })),
  };
  out.write('validate.json', `${JSON.stringify(json, null, 2)}\n`);
  out.write(
    'calibration.svg',
    calibrationSvg(
      cal.points,
      `Step cost fit on ${esc(r.model)} (${r.lane}): R² ${cal.r2.toFixed(3)}`,
    ),
  );
  const md: string[] = [
    '# Validation: LLM serving on a real decoder against its simulated twin',
    '',
    `Written by \`${meta.command}\` on ${meta.date} in ${meta.wall_s.toFixed(0)} s.`,
    `Model: ${r.model}. Lane: ${r.lane}, ${r.backend}. Device: ${r.device}. Every figure below is from this model on this lane and device. The decoder's weights are synthetic (made from its seed).`,
    '',
    '## Calibration',
    '',
    `${cal.samples.length} measured steps over designed batch shapes; non-negative least squares. R² ${cal.r2.toFixed(3)}, ` +
      `RMSE ${cal.rmseMs.toFixed(2)} ms, largest residual ${cal.maxAbsResidualMs.toFixed(1)} ms, median |error| ${cal.medianAbsErrorPct.toFixed(1)} %` +
      (cal.clamped.length ? `; fixed at 0: ${cal.clamped.join(', ')}` : '') +
      (cal.unidentified.length ? `; not identified: ${cal.unidentified.join(', ')}` : '') +
      '. Plot: calibration.svg.',
    '',
    '| term | ms |',
    '| ---- | -: |',
    ...Object.entries(cal.coefficients).map(([k, v]) => `| ${k} | ${v.toFixed(5)} |`),
    '',
    `One mean request alone (prompt 32, output 16) takes ${r.serviceMsAlone.toFixed(1)} ms by the fit: load 1 is one such request per that time.`,
    '',
    '## Errors by load, class and metric',
    '',
    "error = (simulated - live) / live, signed; spread = the live repeats' range over their median; drift = the mean of the probes before the case and after each live repeat, against the calibration (+: the lane ran slower); drift-corrected = the twin with the coefficients scaled by that drift; per repeat = a twin per live repeat with the coefficients scaled by the mean of the probes around that repeat, their median against the live median; own steps = the twin with coefficients fitted on the live repeats' own steps (a diagnostic: the model's error apart from calibration and drift). Targets (up to 70 % load): p50 and throughput within 10 %, p99 within 20 %.",
    '',
    `| load | class | metric | simulated | live | error % | spread % | ${DRIFT_HEADERS.join(' | ')} | per repeat % | own steps % | target |`,
    '| ---: | ----- | ------ | --------: | ---: | ------: | -------: | ------: | ----------: | ----------: | ----------: | :----: |',
    ...rows.map(
      (x) =>
        `| ${x.load} | ${x.class} | ${x.metric} | ${f1(x.predicted_ms)} | ${f1(x.measured_ms)} | ${signed(x.error_pct)} | ${f1(x.live_spread_pct)} | ${driftCells(x).join(' | ')} | ${x.repeat_corrected_error_pct === undefined ? '-' : signed(x.repeat_corrected_error_pct)} | ${signed(x.own_steps_error_pct)} | ${x.met === null ? '-' : x.met ? 'met' : 'missed'} |`,
    ),
    '',
    `Targets met: ${met} of ${counted.length}; by the twins corrected repeat by repeat ${repeatMet} of ${counted.length}.`,
    '',
    ...r.cases.flatMap((c) =>
      c.ownFit.error ? [`Load ${c.spec.load}: ${c.ownFit.error}.`, ''] : [],
    ),
    '## Cases',
    '',
    '| load | requests/s | drift probes % | live wall s | live steps | lane busy (live) | lane busy (twin) |',
    '| ---: | ---------: | -------------- | ----------- | ---------- | ---------------- | ---------------: |',
    ...r.cases.map(
      (c) =>
        `| ${c.spec.load} | ${c.spec.rate.toFixed(2)} | ${c.probes.map(signed).join(', ')} | ${c.live.map((l) => (l.wallMs / 1000).toFixed(1)).join(', ')} | ${c.live.map((l) => l.steps).join(', ')} | ${c.live.map((l) => l.utilisation.toFixed(2)).join(', ')} | ${(c.twin.llm?.lanes?.[0]?.utilisation ?? NaN).toFixed(2)} |`,
    ),
    '',
  ];
  out.write('validate.md', md.join('\n'));
  return { met, counted: counted.length };
}
