// trace.csv: one row per ended job, streamed in chunks through a callback so that a run of millions
// of jobs never holds its trace in memory. Rows are built by string concatenation (measurably faster
// than template literals with toFixed here); times are printed in ms to the microsecond.

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

/** '000' to '999': the fractional digits of a time in whole microseconds. */
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * A time in ms with exactly three decimals (microseconds). Integer-to-string conversions and a table
 * look-up: about 3x faster than printing the float, which dominated the cost of a trace row.
 */
function us(ms: number): string {
  const micros = Math.round(ms * 1000);
  const neg = micros < 0;
  const abs = neg ? -micros : micros;
  const whole = Math.floor(abs / 1000);
  return (neg ? '-' : '') + whole + '.' + THREE_DIGITS[abs - whole * 1000];
}

export class CsvTraceWriter implements TraceSink {
  private buf = '';
  rows = 0;

  /**
   * @param write receives chunks of whole rows, the header first.
   * @param models model names by id; @param lanes lane names by index.
   */
  constructor(
    private readonly write: (chunk: string) => void,
    private readonly models: readonly string[],
    private readonly lanes: readonly string[],
    private readonly chunkBytes = 1 << 16,
  ) {
    this.buf = TRACE_COLUMNS.join(',') + '\n';
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
    this.buf +=
      id +
      ',' +
      CLASS_NAMES[cls] +
      ',' +
      this.models[model] +
      ',' +
      (lane >= 0 ? this.lanes[lane] : '') +
      ',' +
      us(arrival) +
      ',' +
      (ran ? us(start) : '') +
      ',' +
      us(end) +
      ',' +
      (ran ? us(start - arrival) : '') +
      ',' +
      (ran ? us(end - start) : '') +
      ',' +
      us(e2e) +
      ',' +
      slo +
      ',' +
      (!ran || e2e > slo ? '1' : '0') +
      ',' +
      outcome +
      ',' +
      attempts +
      ',' +
      (ran ? batchId : '') +
      ',' +
      (ran ? batchSize : '') +
      '\n';
    this.rows++;
    if (this.buf.length >= this.chunkBytes) {
      this.write(this.buf);
      this.buf = '';
    }
  }

  flush(): void {
    if (this.buf.length > 0) this.write(this.buf);
    this.buf = '';
  }
}
