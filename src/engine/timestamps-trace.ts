// A CSV of arrival timestamps with a header row, read into the bounded trace model of
// trace-model.ts. The CSV is scanned record by record (RFC 4180: quoted fields, doubled quotes,
// line breaks inside quotes; LF, CRLF or CR line ends) keeping only the arrival column, so a
// 10-million-row file costs its times and no per-row arrays.

import { csvParseRows } from 'd3-dsv';
import { quote } from './echo.ts';
import {
  MAX_ARRIVALS_PER_S,
  MAX_SIM_MS,
  MAX_SIM_S,
  MAX_TRACE_ARRIVALS,
  formatCount,
} from './limits.ts';
import {
  PROGRESS_EVERY,
  TraceInputError,
  type ParseProgress,
  type ReplayTrace,
} from './trace-model.ts';

type Unit = 's' | 'ms' | 'us' | 'datetime';

const NAME_HINTS: [RegExp, Unit][] = [
  [/(^|[_\s-])(ms|msec|millis|milliseconds)$/i, 'ms'],
  [/(^|[_\s-])(us|usec|micros|microseconds)$/i, 'us'],
  [/(^|[_\s-])(s|sec|secs|seconds)$/i, 's'],
];

const TIME_COLUMN = /time|timestamp|arrival|^ts$|date/i;

/** A decimal number, signed: no hex, no Infinity, no thousands separators. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** One CSV record's scan: the wanted field, whether the record was blank, where the next begins. */
class RecordScanner {
  /** The record has the wanted field. */
  found = false;
  /** The wanted field when it was quoted (unquoted); undefined when it was not quoted. */
  quotedCell: string | undefined;
  /** Where the wanted field lies in the text when it was not quoted. */
  cellStart = 0;
  cellEnd = 0;
  /** The record is empty or whitespace only. */
  blank = false;
  /** Line breaks consumed, including the record's own end. */
  lines = 0;
  constructor(private readonly text: string) {}

  /** The wanted field's text (undefined when the record has fewer fields). */
  get cell(): string | undefined {
    if (!this.found) return undefined;
    return this.quotedCell ?? this.text.slice(this.cellStart, this.cellEnd);
  }

  /**
   * Scan the record at `pos` (which starts on line `line`), keeping field `col` (-1: none); returns
   * the position after it. Nothing is copied out of the text unless the wanted field is quoted.
   */
  scan(pos: number, col: number, line: number): number {
    const text = this.text;
    const n = text.length;
    this.found = false;
    this.quotedCell = undefined;
    this.lines = 0;
    let field = 0;
    let i = pos;
    for (;;) {
      const start = i;
      let quoted = false;
      if (text.charCodeAt(i) === 34 /* " */) {
        quoted = true;
        let out = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            throw new TraceInputError(
              `line ${line}: a quoted field is not closed before the end of the file`,
            );
          }
          for (let k = from; k < q; k++) if (text.charCodeAt(k) === 10) this.lines++;
          if (field === col) out += text.slice(from, q);
          if (text.charCodeAt(q + 1) === 34) {
            if (field === col) out += '"';
            from = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        // Text between the closing quote and the delimiter is kept (malformed, but harmless).
        const after = i;
        while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
        if (field === col) {
          this.found = true;
          this.quotedCell = out + text.slice(after, i);
        }
      } else {
        while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
        if (field === col) {
          this.found = true;
          this.cellStart = start;
          this.cellEnd = i;
        }
      }
      field++;
      const c = i < n ? text.charCodeAt(i) : -1;
      if (c === 44 /* , */) {
        i++;
        continue;
      }
      // A blank record: one unquoted field of whitespace (or nothing).
      this.blank = field === 1 && !quoted && isBlank(text, start, i);
      if (c === -1) return n;
      this.lines++;
      if (c === 13 && text.charCodeAt(i + 1) === 10) return i + 2;
      return i + 1;
    }
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The common case of a time cell, fast and exact: optional spaces and sign, at most 15 digits with
 * an optional point, no exponent. Then the digits form an integer below 2^53 and one division by a
 * power of ten below 1e16 is correctly rounded, exactly as `Number` would read it. NaN for anything
 * else, which the caller reads the slow, general way.
 */
function fastDecimal(text: string, from: number, to: number): number {
  while (from < to && text.charCodeAt(from) === 32) from++;
  while (to > from && text.charCodeAt(to - 1) === 32) to--;
  let sign = 1;
  const first = text.charCodeAt(from);
  if (first === 45 /* - */ || first === 43 /* + */) {
    if (first === 45) sign = -1;
    from++;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 /* . */ && decimals < 0) decimals = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  return (sign * mantissa) / POW10[decimals < 0 ? 0 : decimals]!;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 0xa0 && c !== 0xfeff) return false;
  }
  return true;
}

function isDelimiter(c: number): boolean {
  return c === 44 || c === 10 || c === 13;
}

/** Growable column of numbers, bounded by MAX_TRACE_ARRIVALS. */
class Column {
  values = new Float64Array(1024);
  length = 0;
  push(v: number, line: number): void {
    if (this.length === this.values.length) {
      if (this.length >= MAX_TRACE_ARRIVALS) {
        throw new TraceInputError(
          `line ${line}: more than ${formatCount(MAX_TRACE_ARRIVALS)} arrivals; a timestamps trace ` +
            'holds at most that many (use a requests-per-second file for longer loads)',
        );
      }
      const grown = new Float64Array(Math.min(MAX_TRACE_ARRIVALS, this.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }
}

/** `12.5 s`, `3.2 days`, for spans in messages. */
function formatSpan(ms: number): string {
  const s = ms / 1000;
  if (!Number.isFinite(s)) return 'an unbounded time';
  if (s < 120) return `${s.toPrecision(3)} s`;
  if (s < 2 * 86400) return `${(s / 3600).toPrecision(3)} hours`;
  if (s < 2 * 365.25 * 86400) return `${(s / 86400).toPrecision(3)} days`;
  const years = s / (365.25 * 86400);
  return `${years < 1e6 ? years.toPrecision(3) : years.toExponential(2)} years`;
}

/**
 * A CSV of arrival timestamps with a header row. The arrival column is `column` or the first whose
 * name looks like a time. Values are seconds, milliseconds (a unit suffix in the column name, or
 * epoch milliseconds by magnitude) or date-times (ISO 8601 and the like): one kind per file. Times
 * are sorted and start at the first arrival; `scale` > 1 compresses time (a higher rate).
 */
export function parseTimestampTrace(
  text: string,
  column?: string,
  scale = 1,
  onProgress?: ParseProgress,
): ReplayTrace {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // The header: one record, parsed by d3-dsv (small; quoted names allowed).
  const headerEnd = new RecordScanner(body);
  const firstEnd = headerEnd.scan(0, -1, 1);
  const header = csvParseRows(body.slice(0, firstEnd))[0];
  if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
    throw new TraceInputError('line 1: the timestamps CSV needs a header row naming its columns');
  }
  const names = header.map((h) => h.trim());
  let col: number;
  if (column !== undefined) {
    col = names.indexOf(column);
    if (col < 0) {
      throw new TraceInputError(
        `line 1: no column ${quote(column)} (the header has ${names
          .slice(0, 20)
          .map((n) => quote(n, 40))
          .join(', ')}${names.length > 20 ? ', …' : ''})`,
      );
    }
  } else {
    col = names.findIndex((n) => TIME_COLUMN.test(n));
    if (col < 0) col = 0;
  }
  const name = names[col]!;
  const shownName = quote(name, 40);
  const hinted = NAME_HINTS.find(([re]) => re.test(name))?.[1];

  const raw = new Column();
  // Lines of the earliest and the latest value, and of the first number and date-time (messages).
  let minV = Infinity;
  let maxV = -Infinity;
  let minLine = 0;
  let maxLine = 0;
  let prevV = -Infinity;
  let sorted = true;
  let numberLine = 0;
  let dateLine = 0;
  const scanner = new RecordScanner(body);
  let line = 1 + headerEnd.lines;
  let rows = 0;
  for (let pos = firstEnd; pos < body.length;) {
    const lineNo = line;
    pos = scanner.scan(pos, col, lineNo);
    line += scanner.lines;
    if (onProgress && ++rows % PROGRESS_EVERY === 0) onProgress(pos / body.length);
    if (scanner.blank) continue;
    let v =
      scanner.found && scanner.quotedCell === undefined
        ? fastDecimal(body, scanner.cellStart, scanner.cellEnd)
        : NaN;
    const cell = Number.isNaN(v) ? (scanner.cell ?? '').trim() : '';
    if (Number.isNaN(v) && cell === '') {
      throw new TraceInputError(`line ${lineNo}: column ${shownName} is empty`);
    }
    if (!Number.isNaN(v) || DECIMAL.test(cell)) {
      if (dateLine > 0) {
        throw new TraceInputError(
          `line ${lineNo}: ${quote((scanner.cell ?? '').trim())} is a number, but line ${dateLine} holds a date-time: ` +
            'a trace holds one kind of time',
        );
      }
      if (numberLine === 0) numberLine = lineNo;
      if (Number.isNaN(v)) v = Number(cell);
    } else {
      v = /\d/.test(cell) ? Date.parse(cell) : NaN;
      if (Number.isNaN(v)) {
        throw new TraceInputError(
          `line ${lineNo}: ${quote(cell)} in column ${shownName} is neither a number nor a date-time`,
        );
      }
      if (numberLine > 0 || (hinted !== undefined && hinted !== 'datetime')) {
        throw new TraceInputError(
          `line ${lineNo}: ${quote(cell)} is a date-time, but ${
            numberLine > 0
              ? `line ${numberLine} holds a number`
              : `column ${shownName} names a unit`
          }: a trace holds one kind of time`,
        );
      }
      if (dateLine === 0) dateLine = lineNo;
    }
    if (!Number.isFinite(v)) {
      throw new TraceInputError(`line ${lineNo}: ${quote(cell)} is not a finite time`);
    }
    if (v < prevV) sorted = false;
    prevV = v;
    if (v < minV) {
      minV = v;
      minLine = lineNo;
    }
    if (v > maxV) {
      maxV = v;
      maxLine = lineNo;
    }
    raw.push(v, lineNo);
  }
  const n = raw.length;
  if (n === 0) throw new TraceInputError('the timestamps CSV has a header but no rows');
  let unit: Unit;
  if (dateLine > 0) unit = 'datetime';
  else if (hinted !== undefined) unit = hinted;
  else {
    // No hint in the name: judge by magnitude. Epoch milliseconds are ~1.7e12, epoch seconds ~1.7e9.
    unit = Math.max(Math.abs(minV), Math.abs(maxV)) >= 1e11 ? 'ms' : 's';
  }
  const toMs = unit === 's' ? 1000 : unit === 'us' ? 0.001 : 1;
  const spanMs = ((maxV - minV) * toMs) / scale;
  if (!Number.isFinite(spanMs) || spanMs > MAX_SIM_MS) {
    throw new TraceInputError(
      `the trace spans ${formatSpan(spanMs)} (line ${minLine} to line ${maxLine}` +
        `${scale !== 1 ? `, after rate_scale ${scale}` : ''}); a run simulates at most ` +
        `${formatCount(MAX_SIM_S)} s (11.6 days): cut the trace or compress it with rate_scale`,
    );
  }
  if (!(spanMs > 0)) {
    throw new TraceInputError(
      n === 1
        ? `the trace has one arrival (line ${minLine}); replaying needs at least two different times`
        : `all ${formatCount(n)} arrivals are at the same time (${quote(String(minV))}, line ${minLine}); ` +
            'replaying needs at least two different times',
    );
  }
  const out = raw.values.slice(0, n);
  if (!sorted) out.sort();
  const t0 = out[0]!;
  for (let i = 0; i < n; i++) out[i] = ((out[i]! - t0) * toMs) / scale;
  // At most MAX_ARRIVALS_PER_S arrivals in any second of the (scaled) trace.
  for (let i = 0, j = 0; i < n; i++) {
    const second = Math.floor(out[i]! / 1000);
    while (out[j]! < second * 1000) j++;
    if (i - j + 1 > MAX_ARRIVALS_PER_S) {
      throw new TraceInputError(
        `second ${formatCount(second)} of the trace${scale !== 1 ? ` (after rate_scale ${scale})` : ''} ` +
          `holds more than ${formatCount(MAX_ARRIVALS_PER_S)} arrivals, the most a second may hold`,
      );
    }
  }
  // One pass lasts its span plus one mean gap, so a looped trace keeps its average rate.
  const span = out[n - 1]!;
  return { kind: 'times', times: out, arrivals: n, periodMs: (span * n) / (n - 1) };
}
