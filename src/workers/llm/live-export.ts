// Exports of a live LLM run (live-llm-run.ts). A simulated run is exported by replaying it
// (llm-export.ts), but a live run's step times were measured on real lanes, not modelled: no replay
// gives them back. So the live run keeps what its exports need as it goes (LiveRecord: every ended
// request's row with the token ids the decoder wrote for it, every step's batch figures with the
// lane's own measured time), and the exports write that record with the simulated exports' writers
// (the same columns, the same Chrome trace, summary.json of the same engine) plus what only a live
// run has: each step's lane time and packing time, the lane's backend and device, and each
// request's generated token ids, labelled as the output of synthetic weights. The device is the
// lane's own words (its adapter's description on WebGPU): text from outside, so every extra cell
// goes through csvCell and every JSON string through JSON.stringify.
//
// Bounded: a live run serves at most LIVE_LIMITS.requests requests of short answers
// (LLM_WORKLOAD), so its record is at most a few hundred thousand small rows.

import { expandLanes, type Config } from '../../engine/config.ts';
import { ChromeStepsWriter } from '../../engine/llm/chrome-trace.ts';
import { LlmTraceCsv, StepsCsv } from '../../engine/llm/csv-writers.ts';
import { copyFigures, type StepFigures } from '../../engine/llm/step-batch.ts';
import type { LlmRequestRow } from '../../engine/llm/trace-sink.ts';
import type { Summary } from '../../engine/summary.ts';
import { SYNTHETIC_DECODER_NOTE } from '../../models/decoders/decoder-config.ts';
import type { LiveStep } from '../llm-executor.ts';
import type { LlmExportKind, LlmLiveLane } from '../llm-protocol.ts';

/** Columns a live run's requests CSV adds to trace.csv's. */
export const LIVE_REQUEST_COLUMNS = ['backend', 'device', 'synthetic_token_ids'] as const;
/** Columns a live run's steps CSV adds to steps.csv's. */
export const LIVE_STEP_COLUMNS = ['lane_ms', 'pack_ms', 'backend', 'device'] as const;

/** What the token ids are, in every live export. */
export const LIVE_TOKENS_NOTE = `Token ids written by the decoder's synthetic weights. ${SYNTHETIC_DECODER_NOTE}`;

interface StepRecord extends StepFigures {
  lane: number;
  start: number;
  end: number;
  blocksUsed: number;
  /** The lane's own time for the step and its time packing KV (NaN: not measured). */
  laneMs: number;
  packMs: number;
}

interface RequestRecord {
  row: LlmRequestRow;
  /** Generated token ids (the prompt's left out). */
  tokens: number[];
}

/** What a live run's exports are written from, kept as the run goes. */
export class LiveRecord {
  readonly requests: RequestRecord[] = [];
  readonly steps: StepRecord[] = [];
  /** Each lane's step measured and not yet ended in the engine (a lane runs one step at a time). */
  private readonly measured = new Map<number, LiveStep>();

  /** The lane answered a step (the executor's onStep; the engine ends it a moment later). */
  measuredStep(s: LiveStep): void {
    this.measured.set(s.lane, s);
  }

  /** A request ended (the row is reused by the engine: copied). */
  request(row: LlmRequestRow, generated: readonly number[]): void {
    this.requests.push({ row: { ...row }, tokens: [...generated] });
  }

  /** A step ended in the engine (the batch is reused: its figures are copied). */
  step(lane: number, start: number, end: number, b: StepFigures, blocksUsed: number): void {
    const m = this.measured.get(lane);
    this.measured.delete(lane);
    this.steps.push({
      lane,
      start,
      end,
      ...copyFigures(b),
      blocksUsed,
      laneMs: m?.laneMs ?? NaN,
      packMs: m?.packMs ?? NaN,
    });
  }
}

/** A live run as its exports see it. */
export interface LiveExportSource {
  config: Config;
  model: string;
  /** The run's lanes: the started ones by engine lane index, then those that did not start. */
  lanes: readonly LlmLiveLane[];
  record: LiveRecord;
  /** The engine's summary now. */
  summary: Summary;
}

const ms = (v: number): string => (Number.isNaN(v) ? '' : v.toFixed(3));

/** Write `kind` of the live run so far to `write` in chunks; returns the rows written. */
export function exportLiveLlmRun(
  run: LiveExportSource,
  kind: LlmExportKind,
  write: (chunk: Uint8Array) => void,
): number {
  const names = expandLanes(run.config).map((l) => l.name);
  const lane = (i: number): LlmLiveLane | undefined => run.lanes[i];
  const backend = (i: number): string => lane(i)?.provider ?? '';
  const device = (i: number): string => lane(i)?.detail ?? '';
  const { requests, steps } = run.record;
  const encoder = new TextEncoder();
  if (kind === 'requests') {
    const csv = new LlmTraceCsv(write, names, 1 << 16, LIVE_REQUEST_COLUMNS);
    for (const r of requests) {
      const l = r.row.lane;
      csv.request(r.row, [l >= 0 ? backend(l) : '', l >= 0 ? device(l) : '', r.tokens.join(' ')]);
    }
    csv.flush();
    return csv.rows;
  }
  if (kind === 'steps') {
    const csv = new StepsCsv(write, names, 1 << 16, LIVE_STEP_COLUMNS);
    for (const s of steps) {
      csv.step(s.lane, s.start, s.end, s, s.blocksUsed, [
        ms(s.laneMs),
        ms(s.packMs),
        backend(s.lane),
        device(s.lane),
      ]);
    }
    csv.flush();
    return csv.rows;
  }
  if (kind === 'chrome') {
    const threads = names.map((n, i) => `${n} (${device(i) || backend(i)})`);
    const chrome = new ChromeStepsWriter(
      (text) => write(encoder.encode(text)),
      threads,
      `SchedLab LLM (live, ${run.model})`,
    );
    for (const s of steps) {
      chrome.step(s.lane, s.start, s.end, s, s.blocksUsed, {
        ...(Number.isNaN(s.laneMs) ? {} : { lane_ms: round3(s.laneMs) }),
        ...(Number.isNaN(s.packMs) ? {} : { pack_ms: round3(s.packMs) }),
        backend: backend(s.lane),
      });
    }
    chrome.flush();
    return chrome.rows;
  }
  // summary.json of the same engine, and what only a live run has.
  const live = {
    model: run.model,
    weights: SYNTHETIC_DECODER_NOTE,
    tokens: `${LIVE_TOKENS_NOTE} Each request's ids: the requests CSV, column synthetic_token_ids.`,
    steps: steps.length,
    lanes: run.lanes.map((l, i) => {
      const own = steps.filter((s) => s.lane === i && !Number.isNaN(s.laneMs));
      return {
        name: l.name,
        backend: l.provider,
        device: l.detail,
        ...(l.note ? { note: l.note } : {}),
        down: l.down,
        steps: own.length,
        lane_ms_p50: round3(median(own.map((s) => s.laneMs))),
        step_ms_p50: round3(median(own.map((s) => s.end - s.start))),
      };
    }),
  };
  write(encoder.encode(JSON.stringify({ ...run.summary, live }, null, 2) + '\n'));
  return 1;
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** The median of `xs` (0 for none). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
