// Number formats: the fast thousands grouping must read exactly as the locale's does.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCount, formatCountTick, formatMsTick } from './format.ts';

describe('formatCount', () => {
  it('matches toLocaleString("en-US") for any whole number', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
  });

  it('rounds to a whole number first', () => {
    expect(formatCount(1234.6)).toBe('1,235');
    expect(formatCount(0.4)).toBe('0');
  });
});

describe('tick formats', () => {
  it('write durations without padded zeros, in the unit that reads best', () => {
    expect([0.01, 0.25, 1, 10, 100, 1000, 2500].map(formatMsTick)).toEqual([
      '10 µs',
      '250 µs',
      '1 ms',
      '10 ms',
      '100 ms',
      '1 s',
      '2.5 s',
    ]);
  });

  it('write counts short', () => {
    expect([0, 250, 4000, 1_500_000].map(formatCountTick)).toEqual(['0', '250', '4k', '1.5M']);
  });
});
