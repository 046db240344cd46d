// Replayed workloads: the bounded, validated trace model and the requests-per-second parser (the
// timestamps parser is in timestamps-trace.ts). A trace that loads is one a run can replay: finite
// times in order, a positive span, at most MAX_ARRIVALS_PER_S arrivals in any second, at most
// MAX_SIM_S seconds long, at least one arrival. Anything else throws a TraceInputError naming the
// line (or the second) at fault, so a bad file never half-loads, exhausts memory or hangs a run.

import { quote } from './echo.ts';
import { MAX_ARRIVALS_PER_S, MAX_SIM_S, formatCount } from './limits.ts';
import {
  PROGRESS_EVERY,
  TraceInputError,
  type ParseProgress,
  type ReplayTrace,
} from './trace-model.ts';

export {
  PROGRESS_EVERY,
  TraceInputError,
  type ParseProgress,
  type ReplayTrace,
} from './trace-model.ts';

/** A non-negative decimal number: no sign, no hex, no Infinity, no thousands separators. */
const NON_NEGATIVE_DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Second k's share of an rps trace: `counts[k]` plus the carry from earlier seconds, floored. Both
 * the parser (to count a pass's arrivals) and the replay (to place them) walk the counts this way,
 * so they agree on every second.
 */
export class CountWalker {
  private carry = 0;
  /** Arrivals in the second just walked. */
  k = 0;
  constructor(private readonly counts: Float64Array) {}
  /** Walk second `s` (call in order from 0). */
  second(s: number): number {
    const exact = this.counts[s]! + this.carry;
    this.k = Math.floor(exact + 1e-9);
    this.carry = exact - this.k;
    return this.k;
  }
}

/**
 * A per-second requests file, as load testers write it: non-negative numbers separated by
 * whitespace (or commas, semicolons), one a line or all on one line; `#` starts a comment. Second
 * k's count is spread evenly over [k, k+1) s; fractional counts carry into the next second so the
 * total is preserved. `scale` multiplies every count.
 */
export function parseRpsTrace(text: string, scale = 1, onProgress?: ParseProgress): ReplayTrace {
  let counts = new Float64Array(1024);
  let n = 0;
  let total = 0;
  let line = 0;
  for (let pos = 0; pos < text.length;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    line++;
    if (onProgress && line % PROGRESS_EVERY === 0) onProgress(pos / text.length);
    let body = text.slice(pos, end);
    const hash = body.indexOf('#');
    if (hash >= 0) body = body.slice(0, hash);
    body = body.trim();
    pos = end + 1;
    if (body === '') continue;
    for (const token of body.split(/[\s,;]+/)) {
      if (!NON_NEGATIVE_DECIMAL.test(token)) {
        throw new TraceInputError(
          `line ${line}: ${quote(token)} is not a non-negative number of requests per second`,
        );
      }
      const value = Number(token) * scale;
      if (!(value <= MAX_ARRIVALS_PER_S)) {
        throw new TraceInputError(
          `line ${line}: ${quote(token)} requests in one second${scale !== 1 ? ` (x rate_scale ${scale})` : ''} ` +
            `is more than the ${formatCount(MAX_ARRIVALS_PER_S)} a second SchedLab simulates`,
        );
      }
      if (n === MAX_SIM_S) {
        throw new TraceInputError(
          `line ${line}: more than ${formatCount(MAX_SIM_S)} seconds of requests; ` +
            `a run simulates at most ${formatCount(MAX_SIM_S)} s (11.6 days)`,
        );
      }
      if (n === counts.length) {
        const grown = new Float64Array(Math.min(MAX_SIM_S, counts.length * 2));
        grown.set(counts);
        counts = grown;
      }
      counts[n++] = value;
      total += value;
    }
  }
  if (n === 0) throw new TraceInputError('the requests-per-second file has no numbers');
  counts = counts.slice(0, n);
  // Count a pass's arrivals as the replay will place them, capped at the floored total (rounding in
  // the carries must not add one).
  const walker = new CountWalker(counts);
  let arrivals = 0;
  for (let s = 0; s < n; s++) arrivals += walker.second(s);
  arrivals = Math.min(arrivals, Math.floor(total + 1e-9));
  if (arrivals === 0) {
    throw new TraceInputError(
      total === 0
        ? `the requests-per-second file has no requests: all ${formatCount(n)} numbers are 0`
        : `the requests-per-second file holds less than one request in all (${total.toPrecision(3)}${scale !== 1 ? ` after rate_scale ${scale}` : ''})`,
    );
  }
  return { kind: 'counts', counts, arrivals, periodMs: n * 1000 };
}

/**
 * One pass of a trace's arrival offsets (ms), in order: read from the kept times, or generated
 * second by second from an rps file's counts (second k's arrivals spread evenly over it).
 */
export class TraceCursor {
  private i = 0;
  private s = 0;
  private inSecond = 0;
  private walker: CountWalker | undefined;
  private second = 0;
  private k = 0;
  constructor(private readonly trace: ReplayTrace) {
    this.rewind();
  }
  rewind(): void {
    this.i = 0;
    this.s = 0;
    this.inSecond = 0;
    this.k = 0;
    if (this.trace.kind === 'counts') this.walker = new CountWalker(this.trace.counts);
  }
  /** The next offset of this pass, or +Infinity at its end. */
  next(): number {
    const trace = this.trace;
    if (this.i >= trace.arrivals) return Infinity;
    this.i++;
    if (trace.kind === 'times') return trace.times[this.i - 1]!;
    while (this.inSecond >= this.k) {
      this.second = this.s;
      this.k = this.walker!.second(this.s++);
      this.inSecond = 0;
    }
    return (this.second + (this.inSecond++ + 0.5) / this.k) * 1000;
  }
}

/** One pass's arrival offsets (ms), materialised (tests, small traces). */
export function arrivalOffsets(trace: ReplayTrace): Float64Array {
  if (trace.kind === 'times') return trace.times;
  const out = new Float64Array(trace.arrivals);
  const cursor = new TraceCursor(trace);
  for (let i = 0; i < out.length; i++) out[i] = cursor.next();
  return out;
}

export { parseTimestampTrace } from './timestamps-trace.ts';
