// The byte writer prints numbers exactly as String() and toFixed(3) would.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvBytes } from './csv-bytes.ts';

class Probe extends CsvBytes {
  out = '';
  constructor() {
    super((chunk) => (this.out += String.fromCharCode(...chunk)), 64, 64);
  }
  print(kind: 'int' | 'ms', v: number): string {
    this.out = '';
    if (kind === 'int') this.int(v);
    else this.ms(v);
    this.flush();
    return this.out;
  }
}

describe('CsvBytes', () => {
  const probe = new Probe();
  it('prints whole numbers as String does, below and above 2^31', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 31 + 5 }), fc.maxSafeNat()), (v) => {
        expect(probe.print('int', v)).toBe(String(v));
      }),
      { numRuns: 2000 },
    );
    for (const v of [
      0,
      9,
      10,
      99,
      100,
      999_999_999,
      1_000_000_000,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 53 - 1,
    ]) {
      expect(probe.print('int', v)).toBe(String(v));
    }
  });
  it('prints times in ms to the microsecond', () => {
    for (const v of [0, 0.0004, 0.0005, 1.5, 21.069, 123456.789, -3.25]) {
      expect(probe.print('ms', v)).toBe((Math.round(v * 1000) / 1000).toFixed(3));
    }
  });
});
