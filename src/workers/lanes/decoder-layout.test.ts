// Where a row's tokens sit in a batched KV tensor, for both graphs: the standard graph's new token
// lands at the end of the past (leaving a gap in a shorter row, which the mask hides), GQA's right
// after the row's own tokens; packing moves every row's tokens to the front, in order.
import { describe, expect, it } from 'vitest';
import { packRows, runsAfterDecode, runTokens, stepMask, type Runs } from './decoder-layout.ts';

const mask = (m: BigInt64Array, width: number): string[] => {
  const rows: string[] = [];
  for (let i = 0; i < m.length; i += width)
    rows.push(Array.from(m.subarray(i, i + width)).join(''));
  return rows;
};

describe('decode step masks', () => {
  const rows: Runs[] = [[[0, 3]], [[0, 1]], []];
  it('standard: a row’s own columns and the new column at the end', () => {
    expect(mask(stepMask('standard', rows, 3, 1), 4)).toEqual(['1111', '1001', '0001']);
    const after = rows.map((r) => runsAfterDecode('standard', r, 3));
    expect(after).toEqual([
      [[0, 4]],
      [
        [0, 1],
        [3, 4],
      ],
      [[3, 4]],
    ]);
    expect(mask(stepMask('standard', after, 4, 1), 5)).toEqual(['11111', '10011', '00011']);
  });

  it('gqa: as many leading ones as the row has tokens, plus the new one', () => {
    expect(mask(stepMask('gqa', rows, 3, 1), 4)).toEqual(['1111', '1100', '1000']);
    expect(rows.map((r) => runsAfterDecode('gqa', r, 3))).toEqual([[[0, 4]], [[0, 2]], [[0, 1]]]);
  });

  it('a prefill chunk of a batch of one: every column', () => {
    expect(mask(stepMask('standard', [[[0, 2]]], 2, 3), 5)).toEqual(['11111']);
    expect(mask(stepMask('gqa', [[[0, 2]]], 2, 3), 5)).toEqual(['11111']);
  });
});

describe('packing rows', () => {
  it('moves each row’s tokens to the front, in order, for every head, padding the rest with zeros', () => {
    // Source: 2 rows, 2 heads, width 4, head size 1; value = 100 row + 10 head + column.
    const src = new Float32Array(2 * 2 * 4);
    for (let r = 0; r < 2; r++)
      for (let h = 0; h < 2; h++)
        for (let c = 0; c < 4; c++) src[(r * 2 + h) * 4 + c] = 100 * r + 10 * h + c;
    const { data, width } = packRows(
      [
        {
          data: src,
          width: 4,
          row: 1,
          runs: [
            [0, 1],
            [3, 4],
          ],
        },
        { data: src, width: 4, row: 0, runs: [[0, 3]] },
      ],
      2,
      1,
    );
    expect(width).toBe(3);
    expect(Array.from(data)).toEqual([100, 103, 0, 110, 113, 0, 0, 1, 2, 10, 11, 12]);
    expect(
      runTokens([
        [0, 1],
        [3, 4],
      ]),
    ).toBe(2);
  });
});
