// "Check the simulation"'s exports: the CSV holds every row of the check's table (every class and
// metric), parses back with the page's figures, and keeps outside text (a class name, a device) as
// one inert cell; the JSON holds the check whole with the lanes and device it ran on.

import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../src/engine/csv-test-support.ts';
import type { LlmLiveLane, LlmSimCheck } from '../../src/workers/llm-protocol.ts';
import { CHECK_COLUMNS, checkCsv, checkJson } from './llm-check-export.ts';

const check: LlmSimCheck = {
  fits: [{ kind: 'cpu', steps: 80, r2: 0.93, coefficients: { perStepMs: 1.5 } }],
  load: 0.41,
  liveCompleted: 12,
  twinCompleted: 12,
  rows: [
    {
      class: 'all',
      metric: 'ttft_p50',
      predicted_ms: 41.25,
      measured_ms: 40,
      error_pct: 3.125,
      target_pct: 10,
      met: true,
    },
    {
      class: 'all',
      metric: 'tpot_p99',
      predicted_ms: 9,
      measured_ms: 12,
      error_pct: -25,
      target_pct: 20,
      met: false,
    },
    {
      class: '=cmd,"x"',
      metric: 'e2e_p50',
      predicted_ms: 100,
      measured_ms: 100,
      error_pct: 0,
      target_pct: 10,
      met: null,
    },
  ],
  good: false,
  verdict: 'The simulation misses here: tpot p99 -25.0 % (targets: p50 10 %, p99 20 %).',
};

const lanes: LlmLiveLane[] = [
  {
    name: 'cpu0',
    provider: 'wasm',
    detail: '@SUM(1), "adapter"',
    down: false,
    steps: 80,
    medianStepMs: 4,
    note: 'WebGPU could not start',
  },
];

describe('check exports', () => {
  it('CSV: one row per class and metric, figures as the table shows them, text inert', () => {
    const { header, rows } = csvRecords(checkCsv(check));
    expect(header).toEqual([...CHECK_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      class: 'all',
      metric: 'ttft_p50',
      predicted_ms: '41.250',
      measured_ms: '40.000',
      error_pct: '3.13',
      target_pct: '10',
      met: 'true',
    });
    expect(rows[1]!.met).toBe('false');
    expect(rows[1]!.error_pct).toBe('-25.00');
    expect(rows[2]!.class).toBe(`'=cmd,"x"`);
    expect(rows[2]!.met).toBe('');
  });

  it('JSON: the check whole, with the model and the lanes’ backend and device', () => {
    const parsed = JSON.parse(checkJson(check, 'decoder_tiny', lanes)) as LlmSimCheck & {
      model: string;
      lanes: { name: string; backend: string; device: string; note: string; steps: number }[];
    };
    expect(parsed.model).toBe('decoder_tiny');
    expect(parsed.lanes).toEqual([
      {
        name: 'cpu0',
        backend: 'wasm',
        device: '@SUM(1), "adapter"',
        note: 'WebGPU could not start',
        steps: 80,
      },
    ]);
    expect(parsed.rows).toEqual(check.rows);
    expect(parsed.verdict).toBe(check.verdict);
    expect(parsed.fits).toEqual(check.fits);
  });
});
