// CSV rows of mixed values for the sweep's results. Text goes through the one safe-cell rule of
// src/engine/csv-cell.ts (RFC 4180 quoting, formula neutralisation); numbers we format are left
// alone: -3.5 is a number to a spreadsheet, not a formula.

import { csvCell as textCell } from '../src/engine/csv-cell.ts';

/** One cell: numbers and booleans as written, null/undefined empty, other values as safe text. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return textCell(typeof value === 'string' ? value : JSON.stringify(value));
}

/** One CSV line (CRLF-free: rows end with "\n", as trace.csv does). */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\n';
}
