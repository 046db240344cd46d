// What every fuzz case must show, whatever its input: a clear message, or a run whose ledger
// balances and whose exports parse back with the right field count and no formula cell. Also the
// budgets (cases per property: short in `npm test`, long in `npm run fuzz`) and a tally of what
// the cases did, printed at the end so docs/checks.md can quote it.

import { csvParseRows } from 'd3-dsv';
import { expect } from 'vitest';
import { isFormulaCell } from '../src/engine/csv-cell.ts';
import type { Ledger } from '../src/engine/engine-types.ts';
import { TRACE_COLUMNS } from '../src/engine/trace-writer.ts';

/** `npm run fuzz` sets SCHEDLAB_FUZZ=long. */
export const LONG = process.env['SCHEDLAB_FUZZ'] === 'long';

/**
 * fast-check parameters for one property: `short` cases with a fixed seed in `npm test`
 * (reproducible), `long` cases with a fresh seed in `npm run fuzz` (printed on failure).
 */
export function budget(short: number, long: number): { numRuns: number; seed?: number } {
  return LONG ? { numRuns: long } : { numRuns: short, seed: 8 };
}

/** Wall-clock bound of one case (generous: the machine is shared). */
export const CASE_MS = 30_000;

/** Heap bound after a case: nothing a case does may hold more. */
export const HEAP_BYTES = 1.5 * 2 ** 30;

const tallies = new Map<string, Map<string, number>>();

/** Count one case of `property` as `outcome` (ran, refused, stopped...). */
export function tally(property: string, outcome: string): void {
  let t = tallies.get(property);
  if (!t) tallies.set(property, (t = new Map()));
  t.set(outcome, (t.get(outcome) ?? 0) + 1);
}

/** One line per property: cases and what they did. */
export function tallyReport(): string {
  const lines: string[] = [];
  for (const [property, t] of tallies) {
    let total = 0;
    for (const n of t.values()) total += n;
    const parts = [...t].map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(`fuzz: ${property}: ${total} cases (${parts})`);
  }
  return lines.join('\n');
}

/**
 * A message a person can act on: one line or a few, bounded in length (echoes are cut), no stack
 * trace, no "[object Object]", no bare "undefined".
 */
export function expectClearMessage(text: string): void {
  expect(text.trim().length).toBeGreaterThan(5);
  for (const line of text.split('\n')) {
    expect(line.length, line.slice(0, 300)).toBeLessThanOrEqual(600);
    expect(line).not.toMatch(/^\s+at .+:\d+:\d+\)?$/);
    expect(line).not.toMatch(/\[object \w+\]/);
    expect(line).not.toMatch(/(?<!")\bundefined\b(?!")/);
  }
}

export function expectBalanced(l: Ledger): void {
  expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
  for (const v of Object.values(l)) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
}

/** The first row whose field count is not `fields`, or whose cell a spreadsheet would run. */
function firstBadRow(rows: string[][], fields: number): string | undefined {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== fields) return `row ${r}: ${row.length} fields, not ${fields}`;
    for (const cell of row) if (isFormulaCell(cell)) return `row ${r}: formula cell ${cell}`;
  }
  return undefined;
}

/** trace.csv text: a header and one 16-field row per ended job, no cell a spreadsheet would run. */
export function expectTraceCsv(text: string, ended: number, lead: string[] = []): void {
  const rows = csvParseRows(text);
  expect(rows[0]).toEqual([...lead, ...TRACE_COLUMNS]);
  expect(rows.length - 1).toBe(ended);
  expect(firstBadRow(rows, lead.length + TRACE_COLUMNS.length)).toBeUndefined();
}

/** Any other CSV export: every row has the header's field count, no formula cell. Returns the
 * rows, header first. */
export function expectCsv(text: string): string[][] {
  const rows = csvParseRows(text);
  expect(rows.length).toBeGreaterThan(0);
  expect(firstBadRow(rows, rows[0]!.length)).toBeUndefined();
  return rows;
}
