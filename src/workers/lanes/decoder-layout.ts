// Where each sequence's keys and values sit in a batched KV tensor, and the attention mask that
// says so. A decode batch holds several sequences of different lengths in one [B, heads, W, head]
// tensor per layer; which of a row's W columns are its tokens depends on the graph:
//
// - 'standard' (Concat(past, new)): a step's new token lands at column W for every row, so a row
//   that was shorter than W keeps a gap; the mask marks its columns, gaps included.
// - 'gqa' (GroupQueryAttention): a row's tokens are always its first `len` columns; the new token
//   is written at column `len`, the mask is `len + 1` ones then zeros (GQA reads only the count).
//
// A row's columns are kept as runs [start, end): a packed row is one run [0, len), each standard
// decode step appends [W, W + 1) (merged with the run before it when adjacent). Packing copies rows
// into a fresh right-padded tensor, run by run (one typed-array copy per head and run).
//
// Pure data: no ORT, no DOM. decoder-runner.ts drives it.

import type { AttentionKind } from '../../models/decoders/decoder-config.ts';

/** The columns [start, end) of a row that hold its tokens, in order. */
export type Runs = [number, number][];

/** Tokens in a row's runs. */
export const runTokens = (runs: Runs): number => runs.reduce((n, [a, b]) => n + b - a, 0);

/** Appends column `col` to `runs` (merged into the last run when adjacent). */
function appendColumn(runs: Runs, col: number): Runs {
  const last = runs.at(-1);
  if (last && last[1] === col) return [...runs.slice(0, -1), [last[0], col + 1]];
  return [...runs, [col, col + 1]];
}

/** Row runs after one decode step over a past of width `width` (the new token's column). */
export function runsAfterDecode(kind: AttentionKind, runs: Runs, width: number): Runs {
  if (kind === 'standard') return appendColumn(runs, width);
  const len = runTokens(runs);
  return [[0, len + 1]];
}

/**
 * attention_mask [rows, width + newTokens] (int64) for a step whose past is `width` wide and whose
 * rows each add `newTokens` tokens (1 in a batch; a prefill's chunk for a batch of one).
 */
export function stepMask(
  kind: AttentionKind,
  rows: readonly Runs[],
  width: number,
  newTokens: number,
): BigInt64Array {
  const w = width + newTokens;
  const mask = new BigInt64Array(rows.length * w);
  rows.forEach((runs, b) => {
    if (kind === 'gqa') {
      mask.fill(1n, b * w, b * w + runTokens(runs) + newTokens);
      return;
    }
    for (const [s, e] of runs) mask.fill(1n, b * w + s, b * w + e);
    mask.fill(1n, b * w + width, b * w + w);
  });
  return mask;
}

/** A row of a source tensor [B, heads, width, head]: which tensor, which row, which columns. */
export interface RowSource {
  data: Float32Array;
  /** Batch rows and width of `data`. */
  width: number;
  row: number;
  runs: Runs;
}

/**
 * Packs rows into one right-padded tensor [rows, heads, W, headSize] with W = the longest row:
 * row b's tokens become columns [0, len_b), the rest zeros.
 */
export function packRows(
  sources: readonly RowSource[],
  heads: number,
  headSize: number,
): { data: Float32Array; width: number } {
  const width = Math.max(0, ...sources.map((s) => runTokens(s.runs)));
  const data = new Float32Array(sources.length * heads * width * headSize);
  sources.forEach((src, b) => {
    for (let h = 0; h < heads; h++) {
      const from = (src.row * heads + h) * src.width * headSize;
      let to = (b * heads + h) * width * headSize;
      for (const [s, e] of src.runs) {
        data.set(src.data.subarray(from + s * headSize, from + e * headSize), to);
        to += (e - s) * headSize;
      }
    }
  });
  return { data, width };
}
