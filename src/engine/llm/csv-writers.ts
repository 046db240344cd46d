// trace.csv and steps.csv of an LLM run, streamed in chunks as the request kind's trace.csv is
// (csv-bytes.ts): one row per ended request (arrival, first token, finish, tokens, preemptions,
// lane, TTFT, TPOT) and one per step (lane, start, end, batch composition, blocks in use). Lane
// names are user text, escaped once as CSV cells; every other cell is a number or a fixed word.
// A writer may be given extra columns (a live run's measured times, backends, devices and token
// ids: src/workers/llm/live-export.ts); their cells are text, every one escaped with csvCell.

import { csvCell } from '../csv-cell.ts';
import { CsvBytes, utf8 } from '../csv-bytes.ts';
import { CLASS_NAMES } from '../job-table.ts';
import type { ChromeStepsWriter } from './chrome-trace.ts';
import type { StepBatch, StepFigures } from './step-batch.ts';
import type { LlmRequestRow, LlmTraceSink } from './trace-sink.ts';

export const LLM_TRACE_COLUMNS = [
  'id',
  'class',
  'lane',
  'arrival_ms',
  'first_scheduled_ms',
  'first_token_ms',
  'end_ms',
  'prompt_tokens',
  'output_tokens',
  'cached_tokens',
  'preemptions',
  'queue_ms',
  'ttft_ms',
  'tpot_ms',
  'e2e_ms',
  'ttft_slo_ms',
  'tpot_slo_ms',
  'slo_met',
  'outcome',
  'reason',
] as const;

export const STEP_COLUMNS = [
  'lane',
  'start_ms',
  'end_ms',
  'duration_ms',
  'sequences',
  'prefill_tokens',
  'decode_sequences',
  'batched_tokens',
  'kv_tokens_read',
  'preempted',
  'swap_bytes',
  'blocks_in_use',
] as const;

/** Reason words a rejected request may carry (fixed words, not user text). */
const REASONS = [
  'queue_full',
  'longer_than_context',
  'prompt_exceeds_cache',
  'answer_exceeds_cache',
];

/** trace.csv rows of an LLM run. */
export class LlmTraceCsv extends CsvBytes {
  rows = 0;
  private readonly laneBytes: Uint8Array[];
  private readonly classBytes = CLASS_NAMES.map((c) => utf8(c));
  private readonly words = new Map<string, Uint8Array>(
    ['completed', 'rejected', ...REASONS].map((w) => [w, utf8(w)]),
  );

  constructor(
    write: (chunk: Uint8Array) => void,
    lanes: readonly string[],
    chunkBytes = 1 << 16,
    extraColumns: readonly string[] = [],
  ) {
    const laneBytes = lanes.map((l) => utf8(csvCell(l)));
    super(write, chunkBytes, 512 + Math.max(0, ...laneBytes.map((b) => b.length)));
    this.laneBytes = laneBytes;
    this.bytes(utf8([...LLM_TRACE_COLUMNS, ...extraColumns].map(csvCell).join(',') + '\n'));
  }

  /** One ended request; `extra`: its cells of the extra columns (text, escaped here). */
  request(r: LlmRequestRow, extra?: readonly string[]): void {
    const done = r.outcome === 'completed';
    this.int(r.id);
    this.comma();
    this.bytes(this.classBytes[r.cls]!);
    this.comma();
    if (r.lane >= 0) this.bytes(this.laneBytes[r.lane]!);
    this.comma();
    this.ms(r.arrival);
    this.comma();
    this.maybe(r.firstScheduled);
    this.maybe(r.firstToken);
    this.ms(r.end);
    this.comma();
    this.int(r.prompt);
    this.comma();
    this.int(r.output);
    this.comma();
    this.int(r.cachedTokens);
    this.comma();
    this.int(r.preemptions);
    this.comma();
    const ttft = r.firstToken - r.arrival;
    const tpot = r.output > 1 ? (r.end - r.firstToken) / (r.output - 1) : 0;
    this.maybe(done ? r.firstScheduled - r.arrival : NaN);
    this.maybe(done ? ttft : NaN);
    this.maybe(done ? tpot : NaN);
    this.ms(r.end - r.arrival);
    this.comma();
    this.ms(r.ttftSlo);
    this.comma();
    this.ms(r.tpotSlo);
    this.comma();
    this.buf[this.n++] = done && ttft <= r.ttftSlo && tpot <= r.tpotSlo ? 49 : 48;
    this.comma();
    this.bytes(this.words.get(r.outcome)!);
    this.comma();
    if (r.reason !== '') this.bytes(this.words.get(r.reason) ?? utf8(csvCell(r.reason)));
    this.textCells(extra);
    this.buf[this.n++] = 10;
    this.rows++;
    this.endRow();
  }

  /** A time, or an empty cell for NaN; then a comma. */
  private maybe(v: number): void {
    if (!Number.isNaN(v)) this.ms(v);
    this.comma();
  }
}

/** steps.csv rows of an LLM run. */
export class StepsCsv extends CsvBytes {
  rows = 0;
  private readonly laneBytes: Uint8Array[];

  constructor(
    write: (chunk: Uint8Array) => void,
    lanes: readonly string[],
    chunkBytes = 1 << 16,
    extraColumns: readonly string[] = [],
  ) {
    const laneBytes = lanes.map((l) => utf8(csvCell(l)));
    super(write, chunkBytes, 512 + Math.max(0, ...laneBytes.map((b) => b.length)));
    this.laneBytes = laneBytes;
    this.bytes(utf8([...STEP_COLUMNS, ...extraColumns].map(csvCell).join(',') + '\n'));
  }

  /** One step; `extra`: its cells of the extra columns (text, escaped here). */
  step(
    lane: number,
    start: number,
    end: number,
    b: StepFigures,
    blocksUsed: number,
    extra?: readonly string[],
  ): void {
    this.bytes(this.laneBytes[lane]!);
    this.comma();
    this.ms(start);
    this.comma();
    this.ms(end);
    this.comma();
    this.ms(end - start);
    this.comma();
    this.int(b.size);
    this.comma();
    this.int(b.prefillTokens);
    this.comma();
    this.int(b.decodeSeqs);
    this.comma();
    this.int(b.prefillTokens + b.decodeSeqs);
    this.comma();
    this.int(b.kvRead);
    this.comma();
    this.int(b.preemptedCount);
    this.comma();
    this.int(b.swapBytes);
    this.comma();
    this.int(blocksUsed);
    this.textCells(extra);
    this.buf[this.n++] = 10;
    this.rows++;
    this.endRow();
  }
}

/** The files behind one sink; any may be absent. */
export class LlmCsvSink implements LlmTraceSink {
  constructor(
    readonly trace: LlmTraceCsv | undefined,
    readonly steps: StepsCsv | undefined,
    readonly chrome?: ChromeStepsWriter,
  ) {}
  request(row: LlmRequestRow): void {
    this.trace?.request(row);
  }
  step(lane: number, start: number, end: number, batch: StepBatch, blocksUsed: number): void {
    this.steps?.step(lane, start, end, batch, blocksUsed);
    this.chrome?.step(lane, start, end, batch, blocksUsed);
  }
  flush(): void {
    this.trace?.flush();
    this.steps?.flush();
    this.chrome?.flush();
  }
}
