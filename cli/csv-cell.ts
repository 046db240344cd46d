// CSV cells for files people open in spreadsheets. RFC 4180: a cell holding a comma, a quote, CR or
// LF is quoted, with quotes doubled. Formula neutralisation: a text cell starting with = + - @ tab
// or CR would run as a formula in a spreadsheet, so it gets a leading apostrophe (OWASP's advice).
// Numbers we format are left alone: -3.5 is a number to a spreadsheet, not a formula.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers and booleans as written, null/undefined empty, other values as text. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (CRLF-free: rows end with "\n", as trace.csv does). */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\n';
}
