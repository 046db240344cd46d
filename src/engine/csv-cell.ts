// CSV cells for text that a person typed (model names, and anything else that is not a number the
// engine printed). Two rules, so every export opens safely in a spreadsheet:
// - formula neutralisation, as OWASP describes it ("CSV injection"): a cell starting with `=`, `+`,
//   `-`, `@`, a tab or a carriage return is read as a formula by spreadsheet programs, so it gets a
//   leading `'`, which they show as text;
// - RFC 4180 quoting: a cell holding a comma, a double quote, CR or LF is wrapped in double quotes,
//   with its double quotes doubled, so every row keeps its field count.
// Leading `'` is what OWASP recommends; it is visible in the cell, which is the price of safety.
// A NUL byte is written as U+FFFD: many CSV readers and spreadsheets end a cell (or the file) at it.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell holding `text`, formula-neutralised and quoted where needed. */
export function csvCell(text: string): string {
  const clean = text.includes('\0') ? text.replace(/\0/g, '\ufffd') : text;
  const safe = FORMULA_START.test(clean) ? `'${clean}` : clean;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * True when a parsed cell (quotes already removed) would be read as a formula by a spreadsheet: it
 * starts with a formula character and is not a plain decimal number such as `-1.5`.
 */
export function isFormulaCell(cell: string): boolean {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell);
}
