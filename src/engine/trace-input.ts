// Parsers for replayed workloads. Both turn text into a sorted Float64Array of arrival offsets in
// ms from the first arrival, or throw a TraceInputError naming the offending line, so a bad file
// never half-loads.

import { csvParseRows } from 'd3-dsv';

export class TraceInputError extends Error {
  override name = 'TraceInputError';
}

/** A parsed trace: sorted arrival offsets (ms, from 0) and the length of one pass for looping. */
export interface ReplayTrace {
  times: Float64Array;
  periodMs: number;
}

/**
 * A per-second requests file, as load testers write it: non-negative numbers separated by
 * whitespace, one a line or all on one line. Second k's count is spread evenly over
 * [k, k+1) s; fractional counts carry into the next second so the total is preserved.
 * `scale` multiplies every count.
 */
export function parseRpsTrace(text: string, scale = 1): ReplayTrace {
  const counts: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!.replace(/#.*$/, '').trim();
    if (line === '') continue;
    for (const token of line.split(/[\s,;]+/)) {
      const value = Number(token);
      if (!Number.isFinite(value) || value < 0 || token === '') {
        throw new TraceInputError(
          `line ${ln + 1}: "${token}" is not a non-negative number of requests per second`,
        );
      }
      counts.push(value * scale);
    }
  }
  if (counts.length === 0) throw new TraceInputError('the requests-per-second file has no numbers');
  let total = 0;
  for (const c of counts) total += c;
  const out = new Float64Array(Math.floor(total + 1e-9));
  let n = 0;
  let carry = 0;
  for (let s = 0; s < counts.length; s++) {
    const exact = counts[s]! + carry;
    const k = Math.floor(exact + 1e-9);
    carry = exact - k;
    for (let i = 0; i < k && n < out.length; i++) out[n++] = (s + (i + 0.5) / k) * 1000;
  }
  return { times: out.subarray(0, n), periodMs: counts.length * 1000 };
}

type Unit = 's' | 'ms' | 'us' | 'datetime';

const NAME_HINTS: [RegExp, Unit][] = [
  [/(^|[_\s-])(ms|msec|millis|milliseconds)$/i, 'ms'],
  [/(^|[_\s-])(us|usec|micros|microseconds)$/i, 'us'],
  [/(^|[_\s-])(s|sec|secs|seconds)$/i, 's'],
];

const TIME_COLUMN = /time|timestamp|arrival|^ts$|date/i;

/**
 * A CSV of arrival timestamps with a header row. The arrival column is `column` or the first whose
 * name looks like a time. Values may be seconds, milliseconds (a unit suffix in the column name, or
 * epoch milliseconds by magnitude) or date-times (ISO 8601 and the like). Times are sorted and start
 * at the first arrival; `scale` > 1 compresses time (a higher rate).
 */
export function parseTimestampTrace(text: string, column?: string, scale = 1): ReplayTrace {
  const rows = csvParseRows(text.replace(/^\uFEFF/, ''));
  const header = rows[0];
  if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
    throw new TraceInputError('line 1: the timestamps CSV needs a header row naming its columns');
  }
  const names = header.map((h) => h.trim());
  let col: number;
  if (column !== undefined) {
    col = names.indexOf(column);
    if (col < 0) {
      throw new TraceInputError(
        `line 1: no column "${column}" (the header has ${names.map((n) => `"${n}"`).join(', ')})`,
      );
    }
  } else {
    col = names.findIndex((n) => TIME_COLUMN.test(n));
    if (col < 0) col = 0;
  }
  const name = names[col]!;
  const hinted = NAME_HINTS.find(([re]) => re.test(name))?.[1];

  const raw: number[] = [];
  let unit: Unit | undefined = hinted;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0]!.trim() === '') continue; // blank line
    const cell = (row[col] ?? '').trim();
    const lineNo = r + 1;
    if (cell === '') throw new TraceInputError(`line ${lineNo}: column "${name}" is empty`);
    const num = Number(cell);
    if (Number.isFinite(num)) {
      if (unit === 'datetime') {
        throw new TraceInputError(
          `line ${lineNo}: "${cell}" is a number but earlier rows are dates`,
        );
      }
      raw.push(num);
    } else {
      const ms = Date.parse(cell);
      if (Number.isNaN(ms)) {
        throw new TraceInputError(
          `line ${lineNo}: "${cell}" in column "${name}" is neither a number nor a date-time`,
        );
      }
      if (unit !== undefined && unit !== 'datetime') {
        throw new TraceInputError(
          `line ${lineNo}: "${cell}" is a date but earlier rows are numbers`,
        );
      }
      unit = 'datetime';
      raw.push(ms);
    }
  }
  if (raw.length === 0) throw new TraceInputError('the timestamps CSV has a header but no rows');
  if (unit === undefined) {
    // No hint in the name: judge by magnitude. Epoch milliseconds are ~1.7e12, epoch seconds ~1.7e9.
    let max = 0;
    for (const v of raw) max = Math.max(max, Math.abs(v));
    unit = max >= 1e11 ? 'ms' : 's';
  }
  const toMs = unit === 's' ? 1000 : unit === 'us' ? 0.001 : 1;
  const out = Float64Array.from(raw, (v) => v * toMs);
  out.sort();
  const t0 = out[0]!;
  for (let i = 0; i < out.length; i++) out[i] = (out[i]! - t0) / scale;
  // One pass lasts its span plus one mean gap, so a looped trace keeps its average rate.
  const span = out[out.length - 1]!;
  const periodMs = out.length > 1 ? (span * out.length) / (out.length - 1) : 1000 / scale;
  return { times: out, periodMs };
}
