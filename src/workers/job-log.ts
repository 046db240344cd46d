// Every ended job of a run, kept as typed-array columns: what a live run needs to be checked
// against the simulation afterwards (the same jobs' arrival, class, model and latency in both), and
// what `npm run validate` reads its figures from. A TraceSink, so the engine fills it as jobs end.
// Bounded: past `capacity` jobs it stops recording and says so (`full`), so a live tab left running
// for hours does not grow without limit.

import type { Outcome, TraceSink } from '../engine/trace-writer.ts';

const OUTCOMES: readonly Outcome[] = ['completed', 'rejected', 'dropped'];

/** One recorded job (a row of the log, for tests and reports). */
export interface LoggedJob {
  id: number;
  cls: number;
  model: number;
  lane: number;
  arrival: number;
  start: number;
  end: number;
  outcome: Outcome;
  batchSize: number;
}

export class JobLog implements TraceSink {
  count = 0;
  /** Jobs that ended after the log was full (not recorded). */
  missed = 0;
  readonly id: Float64Array;
  readonly cls: Uint8Array;
  readonly model: Uint8Array;
  readonly lane: Int16Array;
  readonly arrival: Float64Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly outcome: Uint8Array;
  readonly batchSize: Uint16Array;

  constructor(readonly capacity = 200_000) {
    this.id = new Float64Array(capacity);
    this.cls = new Uint8Array(capacity);
    this.model = new Uint8Array(capacity);
    this.lane = new Int16Array(capacity);
    this.arrival = new Float64Array(capacity);
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.outcome = new Uint8Array(capacity);
    this.batchSize = new Uint16Array(capacity);
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  job(
    id: number,
    cls: number,
    model: number,
    lane: number,
    arrival: number,
    start: number,
    end: number,
    _slo: number,
    outcome: Outcome,
    _attempts: number,
    _batchId: number,
    batchSize: number,
  ): void {
    const i = this.count;
    if (i >= this.capacity) {
      this.missed++;
      return;
    }
    this.id[i] = id;
    this.cls[i] = cls;
    this.model[i] = model;
    this.lane[i] = lane;
    this.arrival[i] = arrival;
    this.start[i] = start;
    this.end[i] = end;
    this.outcome[i] = OUTCOMES.indexOf(outcome);
    this.batchSize[i] = batchSize;
    this.count = i + 1;
  }

  flush(): void {}

  row(i: number): LoggedJob {
    return {
      id: this.id[i]!,
      cls: this.cls[i]!,
      model: this.model[i]!,
      lane: this.lane[i]!,
      arrival: this.arrival[i]!,
      start: this.start[i]!,
      end: this.end[i]!,
      outcome: OUTCOMES[this.outcome[i]!]!,
      batchSize: this.batchSize[i]!,
    };
  }

  /** Row index of each job id (ids are dense from 0 in arrival order), -1 where not logged. */
  indexById(): Int32Array {
    let max = -1;
    for (let i = 0; i < this.count; i++) if (this.id[i]! > max) max = this.id[i]!;
    const index = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < this.count; i++) index[this.id[i]!] = i;
    return index;
  }
}

/** Several trace sinks as one. */
export function teeTrace(...sinks: TraceSink[]): TraceSink {
  return {
    job(...args: Parameters<TraceSink['job']>) {
      for (const s of sinks) s.job(...args);
    },
    flush() {
      for (const s of sinks) s.flush();
    },
  };
}
