// Rows of CSV written as UTF-8 bytes straight into a reused buffer: numbers printed digit by digit,
// names copied from bytes encoded once, so a row allocates nothing. trace.csv of both workload kinds
// and steps.csv share it; each writer says what its columns are.

import { csvCell } from './csv-cell.ts';

/** UTF-8 bytes of a string (TextEncoder is a DOM/Node global, which the engine does not assume). */
export function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate: the replacement character
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/**
 * A chunked byte buffer for CSV rows. `write` receives a view of the internal buffer holding whole
 * rows; it must consume or copy it before returning, since the buffer is reused.
 */
export class CsvBytes {
  /** Replaced by a larger one only by `textCells`, whose text has no bound. */
  protected buf: Uint8Array;
  protected n = 0;

  /** @param slack room past the flush threshold for the longest row a writer writes. */
  constructor(
    private readonly write: (chunk: Uint8Array) => void,
    private readonly chunkBytes: number,
    slack: number,
  ) {
    this.buf = new Uint8Array(chunkBytes + slack);
  }

  flush(): void {
    if (this.n > 0) this.flushChunk();
  }

  /** Call after each row: flushes a full chunk. */
  protected endRow(): void {
    if (this.n >= this.chunkBytes) this.flushChunk();
  }

  private flushChunk(): void {
    this.write(this.buf.subarray(0, this.n));
    this.n = 0;
  }

  protected comma(): void {
    this.buf[this.n++] = 44;
  }

  protected bytes(b: Uint8Array): void {
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  /** Cells of text of any length, each after a comma, escaped with csvCell; the buffer grows when
   * the row would not fit (`bytes` is for cells whose bound the writer's slack covers). */
  protected textCells(cells: readonly string[] | undefined): void {
    for (const text of cells ?? []) {
      const b = utf8(csvCell(text));
      // This cell, its comma and the row's newline.
      const need = this.n + b.length + 2;
      if (need > this.buf.length) {
        const grown = new Uint8Array(Math.max(need, this.buf.length * 2));
        grown.set(this.buf.subarray(0, this.n));
        this.buf = grown;
      }
      this.comma();
      this.bytes(b);
    }
  }

  /** A non-negative integer (ids and counts stay far below 2^53). Digits are counted by
   * comparison and, below 2^31, produced with integer division: about twice as fast as counting
   * them by division, with the same bytes. */
  protected int(v: number): void {
    const buf = this.buf;
    if (v < 10) {
      buf[this.n++] = 48 + v;
      return;
    }
    const digits =
      v < 100
        ? 2
        : v < 1e3
          ? 3
          : v < 1e4
            ? 4
            : v < 1e5
              ? 5
              : v < 1e6
                ? 6
                : v < 1e7
                  ? 7
                  : v < 1e8
                    ? 8
                    : v < 1e9
                      ? 9
                      : slowDigits(v);
    let i = this.n + digits;
    this.n = i;
    if (v < 2147483648) {
      for (let x = v; x > 0;) {
        const q = (x / 10) | 0;
        buf[--i] = 48 + x - q * 10;
        x = q;
      }
    } else {
      for (let x = v; x > 0; x = Math.floor(x / 10)) buf[--i] = 48 + (x % 10);
    }
  }

  /** A time in ms with exactly three decimals: whole microseconds. */
  protected ms(ms: number): void {
    let micros = Math.round(ms * 1000);
    if (micros < 0) {
      this.buf[this.n++] = 45; // '-'
      micros = -micros;
    }
    const whole = Math.floor(micros / 1000);
    const frac = micros - whole * 1000;
    this.int(whole);
    const buf = this.buf;
    buf[this.n++] = 46; // '.'
    buf[this.n++] = 48 + Math.floor(frac / 100);
    buf[this.n++] = 48 + (Math.floor(frac / 10) % 10);
    buf[this.n++] = 48 + (frac % 10);
  }
}

/** Digits of a whole number of 10 digits or more. */
function slowDigits(v: number): number {
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  return digits;
}
