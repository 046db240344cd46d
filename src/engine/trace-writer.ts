// trace.csv: one row per ended job, streamed in chunks through a callback so that a run of millions
// of jobs never holds its trace in memory. Times are printed in ms to the microsecond. Names (models,
// lanes) are user text: each is escaped once, at construction, as a safe CSV cell (csv-cell.ts), so
// the per-row cost of safety is nil.

import { csvCell } from './csv-cell.ts';
import { CsvBytes, utf8 } from './csv-bytes.ts';
import { CLASS_NAMES } from './job-table.ts';

export const TRACE_COLUMNS = [
  'id',
  'class',
  'model',
  'lane',
  'arrival_ms',
  'start_ms',
  'end_ms',
  'wait_ms',
  'service_ms',
  'e2e_ms',
  'slo_ms',
  'violated',
  'outcome',
  'attempts',
  'batch_id',
  'batch_size',
] as const;

export type Outcome = 'completed' | 'rejected' | 'dropped';

/** Receives every ended job. The engine passes raw numbers; sinks format as they like. */
export interface TraceSink {
  job(
    id: number,
    cls: number,
    model: number,
    lane: number,
    arrival: number,
    start: number,
    end: number,
    slo: number,
    outcome: Outcome,
    attempts: number,
    batchId: number,
    batchSize: number,
  ): void;
  /** Called once when the run ends. */
  flush(): void;
}

/**
 * Writes trace.csv rows as UTF-8 bytes straight into a reused buffer: numbers are printed digit by
 * digit and names copied from pre-encoded bytes, so a row allocates nothing. Against building rows
 * as strings this is about 2x faster and leaves no garbage, so the heap stays flat over a run of
 * millions of jobs (strings left megabytes of concatenation garbage per chunk for the GC).
 *
 * `write` receives a view of the internal buffer holding whole rows (the header first); it must
 * consume or copy it before returning, since the buffer is reused.
 */
export class CsvTraceWriter extends CsvBytes implements TraceSink {
  rows = 0;
  private readonly modelBytes: Uint8Array[];
  private readonly laneBytes: Uint8Array[];
  private readonly classBytes = CLASS_NAMES.map((c) => utf8(c));
  private readonly outcomeBytes: Record<Outcome, Uint8Array> = {
    completed: utf8('completed'),
    rejected: utf8('rejected'),
    dropped: utf8('dropped'),
  };
  /** SLO values print as the config wrote them; there are only a few distinct ones. */
  private readonly sloBytes = new Map<number, Uint8Array>();

  /** Compare mode's leading column (`side`), printed first on every row; null: none. */
  private readonly leadBytes: Uint8Array | null;

  /**
   * @param write receives chunks of whole rows (see the class comment).
   * @param models model names by id; @param lanes lane names by index (escaped here as CSV cells).
   * @param options.lead a constant first column (compare mode: `side` = `a` or `b`; escaped as a
   *   CSV cell too); options.header false leaves the header row out (a second side's rows follow
   *   the first's).
   */
  constructor(
    write: (chunk: Uint8Array) => void,
    models: readonly string[],
    lanes: readonly string[],
    chunkBytes = 1 << 16,
    options: { lead?: { column: string; value: string }; header?: boolean } = {},
  ) {
    const modelBytes = models.map((m) => utf8(csvCell(m)));
    const laneBytes = lanes.map((l) => utf8(csvCell(l)));
    const leadBytes = options.lead ? utf8(csvCell(options.lead.value) + ',') : null;
    // Room for a chunk plus one row of any plausible length past the flush threshold.
    const longest = Math.max(
      0,
      ...modelBytes.map((b) => b.length),
      ...laneBytes.map((b) => b.length),
    );
    super(write, chunkBytes, 512 + 2 * longest + (leadBytes?.length ?? 0));
    this.modelBytes = modelBytes;
    this.laneBytes = laneBytes;
    this.leadBytes = leadBytes;
    if (options.header !== false) {
      const columns = options.lead ? [options.lead.column, ...TRACE_COLUMNS] : TRACE_COLUMNS;
      this.bytes(utf8(columns.join(',') + '\n'));
    }
  }

  job(
    id: number,
    cls: number,
    model: number,
    lane: number,
    arrival: number,
    start: number,
    end: number,
    slo: number,
    outcome: Outcome,
    attempts: number,
    batchId: number,
    batchSize: number,
  ): void {
    const ran = outcome === 'completed';
    const e2e = end - arrival;
    if (this.leadBytes !== null) this.bytes(this.leadBytes);
    this.int(id);
    this.comma();
    this.bytes(this.classBytes[cls]!);
    this.comma();
    this.bytes(this.modelBytes[model]!);
    this.comma();
    if (lane >= 0) this.bytes(this.laneBytes[lane]!);
    this.comma();
    this.ms(arrival);
    this.comma();
    if (ran) this.ms(start);
    this.comma();
    this.ms(end);
    this.comma();
    if (ran) this.ms(start - arrival);
    this.comma();
    if (ran) this.ms(end - start);
    this.comma();
    this.ms(e2e);
    this.comma();
    this.bytes(this.slo(slo));
    this.comma();
    this.buf[this.n++] = !ran || e2e > slo ? 49 : 48; // '1' : '0'
    this.comma();
    this.bytes(this.outcomeBytes[outcome]);
    this.comma();
    this.int(attempts);
    this.comma();
    if (ran) this.int(batchId);
    this.comma();
    if (ran) this.int(batchSize);
    this.buf[this.n++] = 10; // '\n'
    this.rows++;
    this.endRow();
  }

  private slo(slo: number): Uint8Array {
    let b = this.sloBytes.get(slo);
    if (b === undefined) {
      b = utf8(String(slo));
      this.sloBytes.set(slo, b);
    }
    return b;
  }
}
