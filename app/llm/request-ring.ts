// The last per-request events of the LLM run (prompt chunks, decoded tokens, preemptions), kept for
// the step Gantt's request view: a ring of typed-array columns fed by each frame's request log
// (never React state), and `requestRows`, which lays out the newest requests active in a window as
// rows (waiting, prefill spans, token ticks, preempted gaps). A new run empties the ring. Pure but
// for the ring's one subscription to the frames (requestRing, below).

import {
  REQ_PREEMPTED,
  type LlmFrame,
  type LlmRequestEvents,
} from '../../src/workers/llm-protocol.ts';

export const REQUEST_RING_CAPACITY = 1 << 17;
const FIRST_RUN_KEPT = 1 << 15;

export class RequestRing {
  readonly id = new Float64Array(REQUEST_RING_CAPACITY);
  readonly arrival = new Float64Array(REQUEST_RING_CAPACITY);
  readonly lane = new Uint16Array(REQUEST_RING_CAPACITY);
  readonly start = new Float64Array(REQUEST_RING_CAPACITY);
  readonly end = new Float64Array(REQUEST_RING_CAPACITY);
  readonly kind = new Uint8Array(REQUEST_RING_CAPACITY);
  /** Events ever pushed (the newest is at (total - 1) % capacity). */
  total = 0;
  skipped = 0;
  runId = -1;
  /** When each recent request first ran (its waiting bar ends there), the oldest dropped first. */
  readonly firstRun = new Map<number, number>();

  push(e: LlmRequestEvents): void {
    this.skipped += e.skipped;
    for (let i = 0; i < e.count; i++) {
      const k = this.total++ % REQUEST_RING_CAPACITY;
      this.id[k] = e.id[i]!;
      this.arrival[k] = e.arrival[i]!;
      this.lane[k] = e.lane[i]!;
      this.start[k] = e.start[i]!;
      this.end[k] = e.end[i]!;
      this.kind[k] = e.kind[i]!;
      if (!this.firstRun.has(e.id[i]!)) this.firstRun.set(e.id[i]!, e.start[i]!);
    }
    // Map keeps insertion order: the first keys are the oldest requests.
    if (this.firstRun.size > FIRST_RUN_KEPT) {
      let drop = this.firstRun.size - FIRST_RUN_KEPT;
      for (const id of this.firstRun.keys()) {
        if (drop-- <= 0) break;
        this.firstRun.delete(id);
      }
    }
  }

  /** A frame's events (a frame of another run starts afresh). */
  receive(f: Pick<LlmFrame, 'runId' | 'requestLog'>): void {
    if (f.runId !== this.runId) this.clear();
    this.runId = f.runId;
    this.push(f.requestLog);
  }

  get size(): number {
    return Math.min(this.total, REQUEST_RING_CAPACITY);
  }

  clear(): void {
    this.total = 0;
    this.skipped = 0;
    this.firstRun.clear();
  }
}

/** One request's row: its segments as flat [kind, start, end] triples, oldest first. */
export interface RequestRow {
  id: number;
  arrival: number;
  lane: number;
  /** When it first ran (Infinity: not yet, or too long ago to know). */
  firstRun: number;
  /** [kind, start, end] per event, oldest first; a preemption's end is when it ran again (or now). */
  events: number[];
}

/**
 * The `maxRows` requests with the highest ids (the newest) that have an event ending after `from`,
 * oldest first, each with its events in the window. Two passes over the window's events (newest
 * first): one to pick the rows, one to fill them.
 */
export function requestRows(
  ring: RequestRing,
  from: number,
  now: number,
  maxRows: number,
): RequestRow[] {
  const n = ring.size;
  const cap = REQUEST_RING_CAPACITY;
  const newest = ring.total - 1;
  // The highest `maxRows` ids, ascending and distinct (newest first, most events fall below the
  // lowest of them at once: no set of every id in the window).
  const chosen: number[] = [];
  let inWindow = 0;
  for (let j = 0; j < n; j++) {
    const k = (newest - j) % cap;
    // Events come in the order their steps ended; a preemption is dated at its step's start.
    if (ring.end[k]! < from) {
      if (ring.kind[k] === REQ_PREEMPTED) continue;
      break;
    }
    inWindow = j + 1;
    const id = ring.id[k]!;
    if (chosen.length === maxRows && id <= chosen[0]!) continue;
    let i = chosen.length;
    while (i > 0 && chosen[i - 1]! > id) i--;
    if (i > 0 && chosen[i - 1] === id) continue;
    chosen.splice(i, 0, id);
    if (chosen.length > maxRows) chosen.shift();
  }
  const lowest = chosen[0] ?? Infinity;
  const rowOf = new Map<number, RequestRow>();
  for (const id of chosen)
    rowOf.set(id, { id, arrival: 0, lane: 0, firstRun: Infinity, events: [] });
  // Newest first: `next` is the start of the request's next event, where a preempted gap ends.
  const next = new Map<number, number>();
  const reversed = new Map<number, number[]>();
  for (let j = 0; j < inWindow; j++) {
    const k = (newest - j) % cap;
    const id = ring.id[k]!;
    if (id < lowest) continue;
    const row = rowOf.get(id);
    if (row === undefined || ring.end[k]! < from) continue;
    row.arrival = ring.arrival[k]!;
    row.lane = ring.lane[k]!;
    const kind = ring.kind[k]!;
    const start = ring.start[k]!;
    const end = kind === REQ_PREEMPTED ? (next.get(id) ?? now) : ring.end[k]!;
    let list = reversed.get(id);
    if (list === undefined) reversed.set(id, (list = []));
    list.push(kind, start, end);
    next.set(id, start);
  }
  for (const row of rowOf.values()) {
    const list = reversed.get(row.id) ?? [];
    for (let i = list.length - 3; i >= 0; i -= 3)
      row.events.push(list[i]!, list[i + 1]!, list[i + 2]!);
    row.firstRun = ring.firstRun.get(row.id) ?? Infinity;
  }
  return chosen.map((id) => rowOf.get(id)!);
}
