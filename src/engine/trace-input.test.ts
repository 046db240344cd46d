import { describe, expect, it } from 'vitest';
import {
  arrivalOffsets,
  parseRpsTrace,
  parseTimestampTrace,
  TraceInputError,
} from './trace-input.ts';

describe('requests-per-second traces', () => {
  it('spreads each second’s requests evenly within that second', () => {
    expect(Array.from(arrivalOffsets(parseRpsTrace('2\n0\n1\n')))).toEqual([250, 750, 2500]);
  });

  it('reads all numbers on one line, as load testers write them', () => {
    expect(arrivalOffsets(parseRpsTrace('1 2 3 0 4')).length).toBe(10);
  });

  it('carries fractional rates into later seconds, keeping the total', () => {
    expect(arrivalOffsets(parseRpsTrace('0.5\n0.5\n0.5\n0.5')).length).toBe(2);
  });

  it('scales every count by rate_scale', () => {
    expect(arrivalOffsets(parseRpsTrace('10\n10', 2.5)).length).toBe(50);
  });

  it('reads a million-line file (one second a line, the longest a run simulates) in one pass', () => {
    // Each line is scanned once: a search for "#" running past its line made this quadratic.
    const text = Array.from({ length: 1_000_000 }, (_, i) => String(i % 3)).join('\n');
    const trace = parseRpsTrace(text);
    expect(trace.arrivals).toBe(999_999);
    expect(trace.periodMs).toBe(1e9);
    expect(() => parseRpsTrace(`${text}\n1`)).toThrow(/line 1000001: more than 1,000,000 seconds/);
  });

  it('names the line of a bad number and loads nothing', () => {
    expect(() => parseRpsTrace('5\n7\nabc\n')).toThrow(/line 3: "abc"/);
    expect(() => parseRpsTrace('5\n-1')).toThrow(TraceInputError);
    expect(() => parseRpsTrace('\n\n')).toThrow(/no numbers/);
  });
});

describe('timestamp traces', () => {
  it('reads seconds, starting time at the first arrival', () => {
    const t = arrivalOffsets(parseTimestampTrace('arrival_time,size\n10.5,1\n10.0,2\n11.25,3\n'));
    expect(Array.from(t)).toEqual([0, 500, 1250]);
  });

  it('reads milliseconds named by the column', () => {
    const t = arrivalOffsets(parseTimestampTrace('id,ts_ms\n1,1000\n2,1003\n', 'ts_ms'));
    expect(Array.from(t)).toEqual([0, 3]);
  });

  it('detects epoch milliseconds by magnitude', () => {
    const t = arrivalOffsets(parseTimestampTrace('timestamp\n1700000000000\n1700000000250\n'));
    expect(Array.from(t)).toEqual([0, 250]);
  });

  it('reads ISO date-times', () => {
    const t = arrivalOffsets(
      parseTimestampTrace(
        'TIMESTAMP,ContextTokens\n2023-11-16 18:15:46.6805900,374\n2023-11-16 18:15:50.9951690,396\n',
      ),
    );
    expect(t[1]).toBeCloseTo(4314.579, 0);
  });

  it('compresses time by rate_scale', () => {
    expect(Array.from(arrivalOffsets(parseTimestampTrace('t_s\n0\n1\n', undefined, 2)))).toEqual([
      0, 500,
    ]);
  });

  it('names the line and column of a bad value', () => {
    expect(() => parseTimestampTrace('time\n1\n2\nsoon\n')).toThrow(
      /line 4: "soon" in column "time"/,
    );
    expect(() => parseTimestampTrace('time\n1\n\n', 'when')).toThrow(/no column "when"/);
    expect(() => parseTimestampTrace('time\n')).toThrow(/no rows/);
  });
});
