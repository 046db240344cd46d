import { csvParseRows } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, isFormulaCell } from './csv-cell.ts';
import { clip, quote } from './echo.ts';

describe('CSV cells for typed text', () => {
  it('neutralise a leading formula character with a quote, as OWASP describes', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('resnet18')).toBe('resnet18');
  });

  it('quote commas, quotes and line breaks per RFC 4180', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('parse back to one field holding the text, never a formula, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (a, b) => {
        const row = csvParseRows(`${csvCell(a)},${csvCell(b)}\n`);
        expect(row).toHaveLength(1);
        expect(row[0]).toHaveLength(2);
        for (const [cell, text] of [
          [row[0]![0]!, a],
          [row[0]![1]!, b],
        ] as const) {
          expect(isFormulaCell(cell)).toBe(false);
          // NUL is written as U+FFFD (readers end a cell at it); everything else is kept.
          const kept = text.replace(/\0/g, '\ufffd');
          expect(cell === kept || cell === `'${kept}`).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('tell a formula from a plain negative number', () => {
    expect(isFormulaCell('-1.5')).toBe(false);
    expect(isFormulaCell('-1+2')).toBe(true);
    expect(isFormulaCell('=A1')).toBe(true);
  });
});

describe('echoes of user text in messages', () => {
  it('are cut at 80 characters with an ellipsis, never inside a surrogate pair', () => {
    expect(clip('x'.repeat(100))).toBe(`${'x'.repeat(80)}…`);
    expect(clip('short')).toBe('short');
    expect(clip(`${'x'.repeat(79)}😀`)).toBe(`${'x'.repeat(79)}…`);
  });

  it('show control characters escaped', () => {
    expect(quote('a\nb\u0000"c')).toBe('"a\\nb\\u0000\\"c"');
  });
});
