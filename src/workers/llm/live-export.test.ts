// A live LLM run's exports from its record: the simulated exports' columns plus each step's
// measured lane time, the lane's backend and device, and each request's generated token ids
// (labelled synthetic); a device description from outside (an adapter's words) cannot become a
// spreadsheet formula or break a row, in the CSVs or the JSON. The real run's exports are checked
// in live-llm-run.test.ts and e2e/llm-live.spec.ts.

import { describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine.ts';
import { csvRecords } from '../../engine/csv-test-support.ts';
import { LLM_TRACE_COLUMNS, STEP_COLUMNS } from '../../engine/llm/csv-writers.ts';
import type { LlmRequestRow } from '../../engine/llm/trace-sink.ts';
import type { LlmExportKind, LlmLiveLane } from '../llm-protocol.ts';
import {
  exportLiveLlmRun,
  LIVE_REQUEST_COLUMNS,
  LIVE_STEP_COLUMNS,
  LiveRecord,
  type LiveExportSource,
} from './live-export.ts';
import { liveLlmConfig } from './live-llm-run.ts';

const HOSTILE = '=HYPERLINK("http://x","y"),evil\nsecond line';

const lanes: LlmLiveLane[] = [
  {
    name: 'cpu0',
    provider: 'wasm',
    detail: 'WASM, 1 thread, onnxruntime-web 1.22.0',
    down: false,
    steps: 2,
    medianStepMs: 3,
  },
  { name: 'cpu1', provider: 'wasm', detail: HOSTILE, down: false, steps: 1, medianStepMs: 5 },
  {
    name: 'lane 3 (not started)',
    provider: 'wasm',
    detail: '',
    note: 'failed to start: no memory',
    down: true,
    steps: 0,
    medianStepMs: 0,
  },
];

const row = (id: number, lane: number, output: number): LlmRequestRow => ({
  id,
  cls: 0,
  lane,
  arrival: 10 * id,
  firstScheduled: 10 * id + 1,
  firstToken: 10 * id + 5,
  end: 10 * id + 5 + 4 * (output - 1),
  prompt: 20,
  output,
  preemptions: 0,
  cachedTokens: 0,
  ttftSlo: 500,
  tpotSlo: 100,
  outcome: 'completed',
  reason: '',
});

const figures = (size: number, prefill: number, decodes: number) => ({
  size,
  prefillTokens: prefill,
  decodeSeqs: decodes,
  kvRead: decodes * 21,
  preemptedCount: 0,
  swapBytes: 0,
});

function source(): LiveExportSource {
  const config = liveLlmConfig(
    {
      requests: 4,
      rate: 2,
      lanes: 2,
      webgpu: false,
      scheduler: 'continuous',
      preemption: 'recompute',
      seed: 3,
    },
    ['cpu', 'cpu'],
  );
  const record = new LiveRecord();
  const step = (
    lane: number,
    start: number,
    end: number,
    laneMs: number | null,
    f = figures(1, 0, 1),
  ) => {
    if (laneMs !== null)
      record.measuredStep({
        lane,
        start,
        end,
        load: { prefillTokens: 0, attentionWork: 0, decodeSeqs: 1, kvRead: 21 },
        laneMs,
        packMs: 0.25,
        seqs: f.size,
      });
    record.step(lane, start, end, f, 3);
  };
  step(0, 1, 4.5, 3.1234, figures(1, 20, 0));
  step(1, 2, 9, 5.5, figures(2, 0, 2));
  // A step the engine ended with no measurement before it (never expected; written empty).
  step(0, 10, 12, null);
  const r0 = row(0, 0, 3);
  record.request(r0, [5, 17, 2047]);
  r0.id = 99; // the engine reuses its row object: the record copied it
  record.request(row(1, 1, 2), [0, 1]);
  return { config, model: 'decoder_tiny', lanes, record, summary: new Engine(config).summary() };
}

function text(kind: LlmExportKind): { text: string; rows: number } {
  const parts: Uint8Array[] = [];
  const rows = exportLiveLlmRun(source(), kind, (c) => parts.push(c.slice()));
  return { text: Buffer.concat(parts).toString('utf8'), rows };
}

describe('live LLM exports', () => {
  it('requests CSV: trace.csv columns, then backend, device and the synthetic token ids', () => {
    const out = text('requests');
    expect(out.rows).toBe(2);
    const { header, rows } = csvRecords(out.text);
    expect(header).toEqual([...LLM_TRACE_COLUMNS, ...LIVE_REQUEST_COLUMNS]);
    expect(rows.map((r) => [r.id, r.lane, r.backend, r.synthetic_token_ids])).toEqual([
      ['0', 'cpu0', 'wasm', '5 17 2047'],
      ['1', 'cpu1', 'wasm', '0 1'],
    ]);
    expect(rows[0]!.device).toBe('WASM, 1 thread, onnxruntime-web 1.22.0');
    // The adapter's words stay one cell, as text: a leading quote keeps a spreadsheet from
    // reading a formula.
    expect(rows[1]!.device).toBe(`'${HOSTILE}`);
    expect(rows[0]!.ttft_ms).toBe('5.000');
    expect(rows[0]!.output_tokens).toBe('3');
  });

  it('steps CSV: steps.csv columns, then the lane’s measured time, backend and device', () => {
    const out = text('steps');
    expect(out.rows).toBe(3);
    const { header, rows } = csvRecords(out.text);
    expect(header).toEqual([...STEP_COLUMNS, ...LIVE_STEP_COLUMNS]);
    expect(rows.map((r) => [r.lane, r.duration_ms, r.lane_ms, r.pack_ms, r.backend])).toEqual([
      ['cpu0', '3.500', '3.123', '0.250', 'wasm'],
      ['cpu1', '7.000', '5.500', '0.250', 'wasm'],
      ['cpu0', '2.000', '', '', 'wasm'],
    ]);
    expect(rows[0]!.prefill_tokens).toBe('20');
    expect(rows[1]!.decode_sequences).toBe('2');
    expect(rows[1]!.device).toBe(`'${HOSTILE}`);
  });

  it('Chrome trace: one slice a step (µs) with its lane time and backend, lanes named with their device', () => {
    const out = text('chrome');
    expect(out.rows).toBe(3);
    const trace = JSON.parse(out.text) as {
      traceEvents: {
        ph: string;
        name: string;
        tid?: number;
        dur?: number;
        args: Record<string, unknown>;
      }[];
    };
    const meta = trace.traceEvents.filter((e) => e.ph === 'M');
    expect(meta[0]!.args.name).toBe('SchedLab LLM (live, decoder_tiny)');
    expect(meta.slice(1).map((e) => e.args.name)).toEqual([
      'cpu0 (WASM, 1 thread, onnxruntime-web 1.22.0)',
      `cpu1 (${HOSTILE})`,
    ]);
    const slices = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(slices.map((s) => [s.tid, s.dur, s.args.lane_ms, s.args.backend])).toEqual([
      [1, 3500, 3.123, 'wasm'],
      [2, 7000, 5.5, 'wasm'],
      [1, 2000, undefined, 'wasm'],
    ]);
  });

  it('summary: summary.json of the engine, and the live lanes with backend, device and step times', () => {
    const out = text('summary');
    const s = JSON.parse(out.text) as {
      ledger: { arrived: number };
      live: {
        model: string;
        weights: string;
        tokens: string;
        steps: number;
        lanes: {
          name: string;
          backend: string;
          device: string;
          steps: number;
          lane_ms_p50: number;
          note?: string;
        }[];
      };
    };
    expect(s.ledger.arrived).toBe(0);
    expect(s.live.model).toBe('decoder_tiny');
    expect(s.live.weights).toMatch(/synthetic/i);
    expect(s.live.tokens).toMatch(/synthetic_token_ids/);
    expect(s.live.steps).toBe(3);
    expect(s.live.lanes.map((l) => [l.name, l.backend, l.device, l.steps, l.lane_ms_p50])).toEqual([
      ['cpu0', 'wasm', 'WASM, 1 thread, onnxruntime-web 1.22.0', 1, 3.123],
      ['cpu1', 'wasm', HOSTILE, 1, 5.5],
      ['lane 3 (not started)', 'wasm', '', 0, 0],
    ]);
    expect(s.live.lanes[2]!.note).toBe('failed to start: no memory');
  });

  it('a row longer than the writer’s buffer is written whole', () => {
    const src = source();
    src.record.requests[0]!.tokens = Array.from({ length: 40_000 }, (_, i) => i % 2048);
    const parts: Uint8Array[] = [];
    exportLiveLlmRun(src, 'requests', (c) => parts.push(c.slice()));
    const { rows } = csvRecords(Buffer.concat(parts).toString('utf8'));
    expect(rows[0]!.synthetic_token_ids!.split(' ')).toHaveLength(40_000);
    expect(rows[1]!.synthetic_token_ids).toBe('0 1');
  });
});
