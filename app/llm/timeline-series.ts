// The LLM run over simulated time, for the timeline chart: one sample per frame (at most one per
// MIN_DT_MS of simulated time) of goodput, generated tokens per second, KV-cache use and requests
// per step, the rates over the last WINDOW_MS; and markers where requests were preempted and where
// the rate or the scheduler changed. Typed-array columns in a ring (never React state); a new run
// empties it. Pure: fed frames, read by llm-timeline.tsx.

import type { LlmFrame } from '../../src/workers/llm-protocol.ts';

export const SERIES_CAPACITY = 1 << 13;
const MIN_DT_MS = 50;
/** Rates (goodput, batch size) over this much simulated time. */
export const WINDOW_MS = 5000;
const MARKERS_KEPT = 512;

export const SERIES = ['goodput', 'tokens', 'kv', 'batch'] as const;
export type SeriesName = (typeof SERIES)[number];

export interface Marker {
  t: number;
  kind: 'preempt' | 'control';
  /** Preemptions since the previous frame, or what changed ("rate 8 req/s"). */
  text: string;
}

type Frame = Pick<
  LlmFrame,
  | 'runId'
  | 'time'
  | 'good'
  | 'tokensPerS'
  | 'lanes'
  | 'steps'
  | 'meanBatch'
  | 'preemptions'
  | 'rate'
  | 'scheduler'
>;

export class TimelineSeries {
  readonly t = new Float64Array(SERIES_CAPACITY);
  readonly values: Record<SeriesName, Float64Array> = {
    goodput: new Float64Array(SERIES_CAPACITY),
    tokens: new Float64Array(SERIES_CAPACITY),
    kv: new Float64Array(SERIES_CAPACITY),
    batch: new Float64Array(SERIES_CAPACITY),
  };
  // Cumulative counts per sample, for the windowed rates.
  private readonly good = new Float64Array(SERIES_CAPACITY);
  private readonly seqs = new Float64Array(SERIES_CAPACITY);
  private readonly steps = new Float64Array(SERIES_CAPACITY);
  total = 0;
  markers: Marker[] = [];
  runId = -1;
  private last: Frame | null = null;

  get size(): number {
    return Math.min(this.total, SERIES_CAPACITY);
  }

  /** Slot of the i-th newest sample (0: the newest). */
  at(i: number): number {
    return (this.total - 1 - i) % SERIES_CAPACITY;
  }

  clear(): void {
    this.total = 0;
    this.markers = [];
    this.last = null;
  }

  receive(f: Frame): void {
    if (f.runId !== this.runId) {
      this.clear();
      this.runId = f.runId;
    }
    const prev = this.last;
    if (prev !== null) {
      if (f.preemptions > prev.preemptions)
        this.mark({ t: f.time, kind: 'preempt', text: `${f.preemptions - prev.preemptions}` });
      if (Math.abs(f.rate - prev.rate) > 1e-9 * Math.max(1, f.rate))
        this.mark({ t: f.time, kind: 'control', text: `rate ${round(f.rate)} req/s` });
      if (f.scheduler !== prev.scheduler)
        this.mark({ t: f.time, kind: 'control', text: f.scheduler });
    }
    this.last = f;
    if (this.total > 0 && f.time - this.t[this.at(0)]! < MIN_DT_MS) return;
    const k = this.total++ % SERIES_CAPACITY;
    let used = 0;
    let blocks = 0;
    for (const l of f.lanes) {
      used += l.used;
      blocks += l.blocks;
    }
    this.t[k] = f.time;
    this.good[k] = f.good[0] + f.good[1];
    this.seqs[k] = f.meanBatch * f.steps;
    this.steps[k] = f.steps;
    // The oldest sample within the window: rates over (then, now].
    let j = 0;
    while (j + 1 < this.size && f.time - this.t[this.at(j + 1)]! <= WINDOW_MS) j++;
    const o = this.at(j);
    const dt = f.time - this.t[o]!;
    const dSteps = f.steps - this.steps[o]!;
    const v = this.values;
    v.goodput[k] = dt > 0 ? ((this.good[k] - this.good[o]!) * 1000) / dt : 0;
    v.tokens[k] = f.tokensPerS;
    v.kv[k] = blocks > 0 ? used / blocks : 0;
    v.batch[k] = dSteps > 0 ? (this.seqs[k] - this.seqs[o]!) / dSteps : 0;
  }

  private mark(m: Marker): void {
    this.markers.push(m);
    if (this.markers.length > MARKERS_KEPT)
      this.markers.splice(0, this.markers.length - MARKERS_KEPT);
  }
}

function round(v: number): number {
  return v >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
}
