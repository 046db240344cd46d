// "Check the simulation" of a live LLM run, as files: its table as CSV (one row per class and
// metric, as the page's table and `npm run validate -- --llm`'s validate.json name them) and the
// whole check as JSON (the fits, the load, the verdict, and the lanes and device the live figures
// came from). Pure functions plus the download; every text cell through csvCell, since a lane's
// device is an adapter's own words.

import { csvCell } from '../../src/engine/csv-cell.ts';
import type { LlmLiveLane, LlmSimCheck } from '../../src/workers/llm-protocol.ts';
import { downloadText } from '../export/download.ts';

export const CHECK_COLUMNS = [
  'class',
  'metric',
  'predicted_ms',
  'measured_ms',
  'error_pct',
  'target_pct',
  'met',
] as const;

export const CHECK_FILES = {
  csv: { name: 'llm-live-check.csv', type: 'text/csv' },
  json: { name: 'llm-live-check.json', type: 'application/json' },
} as const;

const num = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '');

/** The check's table as CSV: every row, every class. */
export function checkCsv(check: LlmSimCheck): string {
  const lines = [CHECK_COLUMNS.join(',')];
  for (const r of check.rows) {
    lines.push(
      [
        csvCell(r.class),
        csvCell(r.metric),
        num(r.predicted_ms, 3),
        num(r.measured_ms, 3),
        num(r.error_pct, 2),
        String(r.target_pct),
        r.met === null ? '' : String(r.met),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** The whole check, with the live lanes (backend and device) its measured figures came from. */
export function checkJson(
  check: LlmSimCheck,
  model: string,
  lanes: readonly LlmLiveLane[],
): string {
  return (
    JSON.stringify(
      {
        model,
        lanes: lanes.map((l) => ({
          name: l.name,
          backend: l.provider,
          device: l.detail,
          ...(l.note ? { note: l.note } : {}),
          steps: l.steps,
        })),
        ...check,
      },
      null,
      2,
    ) + '\n'
  );
}

export function downloadCheck(
  format: 'csv' | 'json',
  check: LlmSimCheck,
  model: string,
  lanes: readonly LlmLiveLane[],
): void {
  const file = CHECK_FILES[format];
  downloadText(
    file.name,
    format === 'csv' ? checkCsv(check) : checkJson(check, model, lanes),
    file.type,
  );
}
