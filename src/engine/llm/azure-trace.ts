// The Azure LLM inference traces exactly as published (Azure/AzurePublicDataset): a CSV with the
// header TIMESTAMP,ContextTokens,GeneratedTokens and one request a row. The 2023 files (Splitwise,
// `code` and `conv`) write times as `2023-11-16 18:15:46.6805900`, the 2024 week-long files
// (DynamoLLM) as `2024-05-10 00:00:00.009930+00:00`, some without a fraction. Each row becomes one
// request at its own time (ms after the first) with its own token counts.
//
// The parser takes the text in chunks (`push`), so the CLI can stream a file larger than a string
// may be (the 2024 conv week is 27.3 M rows); it keeps three typed columns, 16 bytes a request.
// Anything wrong throws a TraceInputError naming the line.

import { quote } from '../echo.ts';
import { MAX_SIM_MS, MAX_SIM_S, formatCount } from '../limits.ts';
import { TraceInputError, type ReplayTrace } from '../trace-input.ts';
import { MAX_REQUEST_TOKENS } from './config-sections.ts';

/** Most requests one trace may hold: the 2024 conv week (27.3 M) fits. */
export const MAX_LLM_TRACE_REQUESTS = 1 << 25;

/** A parsed LLM trace: arrival offsets (ms, sorted) and each request's token counts. */
export interface LlmTrace {
  times: Float64Array;
  prompt: Int32Array;
  output: Int32Array;
  count: number;
}

const HEADER = ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'];

/**
 * `YYYY-MM-DD HH:MM:SS[.fraction][Z|+HH:MM|-HH:MM]` (a `T` may stand for the space), as UTC ms
 * after `base` (ms since the epoch, whole seconds); NaN when the text is not such a date-time.
 * Subtracting the base before the fraction is added keeps sub-microsecond precision (an epoch in ms
 * is about 1.7e12, where a double's step is 0.24 µs).
 */
export function parseDateTime(s: string, base = 0): number {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      s,
    );
  if (m === null) return NaN;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec) > 60
  ) {
    return NaN;
  }
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(sec)) - base;
  if (frac !== undefined) ms += Number(`0.${frac}`) * 1000;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
  }
  return ms;
}

/** Digits of `s` from `from` to `to` as a whole number; NaN if any is not a digit. */
function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * parseDateTime's fast path for the published layout (`YYYY-MM-DD HH:MM:SS`, an optional fraction
 * of 1-9 digits, an optional `+00:00`): character codes instead of a regular expression, and the
 * day's epoch reused while the date stays the same (a trace holds a few days). NaN when the text is
 * laid out otherwise; the caller then asks parseDateTime.
 */
export class StampReader {
  private day = '';
  private dayMs = 0;
  read(s: string, base: number): number {
    const n = s.length;
    if (
      n < 19 ||
      s.charCodeAt(4) !== 45 ||
      s.charCodeAt(7) !== 45 ||
      s.charCodeAt(13) !== 58 ||
      s.charCodeAt(16) !== 58
    ) {
      return NaN;
    }
    const sep = s.charCodeAt(10);
    if (sep !== 32 && sep !== 84) return NaN;
    const day = s.slice(0, 10);
    if (day !== this.day) {
      const y = digits(s, 0, 4);
      const mo = digits(s, 5, 7);
      const d = digits(s, 8, 10);
      if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) return NaN;
      this.dayMs = Date.UTC(y, mo - 1, d);
      this.day = day;
    }
    const h = digits(s, 11, 13);
    const mi = digits(s, 14, 16);
    const sec = digits(s, 17, 19);
    if (!(h <= 23 && mi <= 59 && sec <= 60)) return NaN;
    let i = 19;
    let frac = 0;
    if (i < n && s.charCodeAt(i) === 46) {
      let k = i + 1;
      while (k < n && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
      const len = k - i - 1;
      if (len < 1 || len > 9) return NaN;
      frac = (digits(s, i + 1, k) / POW10[len]!) * 1000;
      i = k;
    }
    let zone = 0;
    if (i < n) {
      const c = s.charCodeAt(i);
      if (c === 90 && i + 1 === n) zone = 0;
      else if ((c === 43 || c === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
        const minutes = digits(s, i + 1, i + 3) * 60 + digits(s, i + 4, i + 6);
        zone = (c === 45 ? -1 : 1) * minutes * 60000;
      } else return NaN;
    }
    return this.dayMs - base + ((h * 60 + mi) * 60 + sec) * 1000 - zone + frac;
  }
}

/** A token count cell: a whole number from 1 to MAX_REQUEST_TOKENS, or a message. */
function tokenCount(cell: string, name: string, line: number): number {
  const v = cell.length <= 10 ? digits(cell, 0, cell.length) : NaN;
  if (!(cell.length > 0 && v >= 0)) {
    throw new TraceInputError(
      `line ${line}: ${name} ${quote(cell)} is not a whole number of tokens`,
    );
  }
  if (v < 1) {
    throw new TraceInputError(
      `line ${line}: ${name} is 0; a request ${name === 'ContextTokens' ? 'needs a prompt' : 'generates at least one token'}`,
    );
  }
  if (v > MAX_REQUEST_TOKENS) {
    throw new TraceInputError(
      `line ${line}: ${name} ${formatCount(v)} is more than the ${formatCount(MAX_REQUEST_TOKENS)} tokens a request may hold`,
    );
  }
  return v;
}

/** Streams an azure_llm CSV: `push` text chunks in order, then `end`. */
export class AzureLlmParser {
  private times = new Float64Array(1024);
  private prompt = new Int32Array(1024);
  private output = new Int32Array(1024);
  private n = 0;
  private line = 0;
  private rest = '';
  private header = false;
  private sorted = true;
  private last = -Infinity;
  private kind: 'date' | 'number' | undefined;
  /** The first row's time in whole seconds (ms since the epoch): times are kept after it. */
  private base: number | undefined;
  private readonly stamps = new StampReader();

  push(chunk: string): void {
    const text = this.rest + chunk;
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      this.row(text.slice(pos, nl));
      pos = nl + 1;
    }
    this.rest = text.slice(pos);
    // A line longer than any real row is refused before it can grow without bound.
    if (this.rest.length > 1 << 16) {
      throw new TraceInputError(
        `line ${this.line + 1}: longer than 65,536 characters; not an azure_llm row`,
      );
    }
  }

  /** The trace, its times from its first arrival on; throws when it holds no request. */
  end(rateScale = 1): LlmTrace {
    if (this.rest !== '') this.row(this.rest);
    this.rest = '';
    const n = this.n;
    if (!this.header) throw new TraceInputError('the azure_llm trace is empty');
    if (n === 0) throw new TraceInputError('the azure_llm trace has a header but no rows');
    let times = this.times.subarray(0, n);
    let prompt = this.prompt.subarray(0, n);
    let output = this.output.subarray(0, n);
    if (!this.sorted) {
      // Stable sort by time, carrying each row's counts.
      const order = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => times[a]! - times[b]! || a - b,
      );
      times = Float64Array.from(order, (i) => times[i]!);
      prompt = Int32Array.from(order, (i) => prompt[i]!);
      output = Int32Array.from(order, (i) => output[i]!);
    }
    const t0 = times[0]!;
    const span = (times[n - 1]! - t0) / rateScale;
    if (!(span <= MAX_SIM_MS)) {
      throw new TraceInputError(
        `the trace spans more than ${formatCount(MAX_SIM_S)} s (11.6 days)${rateScale !== 1 ? ` after rate_scale ${rateScale}` : ''}, the longest run SchedLab simulates`,
      );
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (times[i]! - t0) / rateScale;
    return { times: out, prompt: prompt.slice(), output: output.slice(), count: n };
  }

  private row(raw: string): void {
    const line = ++this.line;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!this.header) {
      const names = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
        .split(',')
        .map((s) => s.trim());
      if (names.length !== 3 || names.some((name, i) => name !== HEADER[i])) {
        throw new TraceInputError(
          `line 1: an azure_llm trace starts with the header ${HEADER.join(',')} (found ${quote(text, 80)})`,
        );
      }
      this.header = true;
      return;
    }
    if (text.trim() === '') return;
    const a = text.indexOf(',');
    const b = a < 0 ? -1 : text.indexOf(',', a + 1);
    if (a < 0 || b < 0 || text.indexOf(',', b + 1) >= 0) {
      throw new TraceInputError(
        `line ${line}: expected 3 fields (TIMESTAMP,ContextTokens,GeneratedTokens), found ${quote(text, 80)}`,
      );
    }
    const stamp = text.slice(0, a).trim();
    if (this.base === undefined) {
      const first = parseDateTime(stamp);
      this.base = Number.isFinite(first) ? Math.floor(first / 1000) * 1000 : 0;
    }
    let t = this.stamps.read(stamp, this.base);
    if (Number.isNaN(t)) t = parseDateTime(stamp, this.base);
    let kind: 'date' | 'number' = 'date';
    if (Number.isNaN(t)) {
      // Seconds as a plain number (a trace someone converted) are accepted too, one kind per file.
      t = /^\d+(?:\.\d+)?$/.test(stamp) ? Number(stamp) * 1000 - this.base : NaN;
      kind = 'number';
    }
    if (!Number.isFinite(t)) {
      throw new TraceInputError(
        `line ${line}: TIMESTAMP ${quote(stamp)} is not a date-time like 2023-11-16 18:15:46.6805900`,
      );
    }
    if (this.kind !== undefined && this.kind !== kind) {
      throw new TraceInputError(
        `line ${line}: TIMESTAMP ${quote(stamp)} mixes date-times and numbers; a trace holds one kind of time`,
      );
    }
    this.kind = kind;
    const prompt = tokenCount(text.slice(a + 1, b).trim(), 'ContextTokens', line);
    const output = tokenCount(text.slice(b + 1).trim(), 'GeneratedTokens', line);
    if (this.n === this.times.length) this.grow(line);
    if (t < this.last) this.sorted = false;
    this.last = t;
    this.times[this.n] = t;
    this.prompt[this.n] = prompt;
    this.output[this.n] = output;
    this.n++;
  }

  private grow(line: number): void {
    if (this.n >= MAX_LLM_TRACE_REQUESTS) {
      throw new TraceInputError(
        `line ${line}: more than ${formatCount(MAX_LLM_TRACE_REQUESTS)} requests, the most a trace may hold`,
      );
    }
    const cap = Math.min(MAX_LLM_TRACE_REQUESTS, this.n * 2);
    const t = new Float64Array(cap);
    t.set(this.times);
    const p = new Int32Array(cap);
    p.set(this.prompt);
    const o = new Int32Array(cap);
    o.set(this.output);
    this.times = t;
    this.prompt = p;
    this.output = o;
  }
}

/** Parse a whole azure_llm text. */
export function parseAzureLlmTrace(text: string, rateScale = 1): LlmTrace {
  const parser = new AzureLlmParser();
  parser.push(text);
  return parser.end(rateScale);
}

/** The trace's arrival times as the engine's replay model (one pass, as timestamps traces keep). */
export function llmReplayTrace(trace: LlmTrace): ReplayTrace {
  const n = trace.count;
  const span = trace.times[n - 1]!;
  if (n < 2 || !(span > 0)) {
    throw new TraceInputError(
      n < 2
        ? 'the trace has one request; replaying needs at least two different times'
        : 'all requests of the trace arrive at the same time; replaying needs at least two different times',
    );
  }
  return { kind: 'times', times: trace.times, arrivals: n, periodMs: (span * n) / (n - 1) };
}
