import { csvParseRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv-cell.ts';

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) so the row reads back whole', () => {
    const values = ['a,b', 'say "hi"', 'two\nlines', 'plain', 7];
    expect(csvParseRows(csvRow(values))[0]).toEqual([
      'a,b',
      'say "hi"',
      'two\nlines',
      'plain',
      '7',
    ]);
  });

  it('makes text that a spreadsheet would run as a formula inert', () => {
    for (const text of ['=1+2', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(text).replace(/^"/, '')[0]).toBe("'");
    }
    expect(csvParseRows(csvRow(['=HYPERLINK("x")']))[0]).toEqual(['\'=HYPERLINK("x")']);
  });

  it('writes numbers as numbers, negatives included, and leaves non-finite ones empty', () => {
    expect(csvRow([-3.5, 0, 1e-7, NaN, Infinity, null, true])).toBe('-3.5,0,1e-7,,,,true\n');
  });

  it('writes objects as JSON', () => {
    expect(csvCell({ enabled: true })).toBe('"{""enabled"":true}"');
  });
});
