// The request view's rows: the newest requests active in the window, oldest first, each with its
// prompt chunks, token ticks and preempted gaps (a gap ends where the request runs again, or now),
// and when it first ran (its waiting bar's end); a new run empties the ring.

import { describe, expect, it } from 'vitest';
import {
  REQ_DECODE,
  REQ_PREEMPTED,
  REQ_PREFILL,
  type LlmRequestEvents,
} from '../../src/workers/llm-protocol.ts';
import { RequestRing, requestRows } from './request-ring.ts';

type Ev = [id: number, arrival: number, start: number, end: number, kind: number];

function events(list: Ev[]): LlmRequestEvents {
  return {
    count: list.length,
    skipped: 0,
    id: Float64Array.from(list, (e) => e[0]),
    arrival: Float64Array.from(list, (e) => e[1]),
    lane: new Uint16Array(list.length),
    start: Float64Array.from(list, (e) => e[2]),
    end: Float64Array.from(list, (e) => e[3]),
    kind: Uint8Array.from(list, (e) => e[4]),
  };
}

describe('the request view rows', () => {
  it('lays out waiting, prefill, tokens and a preempted gap per request', () => {
    const ring = new RequestRing();
    ring.receive({
      runId: 1,
      requestLog: events([
        [0, 0, 10, 30, REQ_PREFILL],
        [1, 5, 30, 50, REQ_PREFILL],
        [0, 0, 30, 50, REQ_DECODE],
        [0, 0, 50, 60, REQ_PREEMPTED],
        [1, 5, 50, 60, REQ_DECODE],
        [0, 0, 90, 120, REQ_PREFILL],
        [0, 0, 120, 130, REQ_DECODE],
      ]),
    });
    const rows = requestRows(ring, 0, 140, 10);
    expect(rows.map((r) => r.id)).toEqual([0, 1]);
    const [r0, r1] = rows;
    expect(r0!.firstRun).toBe(10);
    expect(r1!.firstRun).toBe(30);
    expect(r1!.arrival).toBe(5);
    expect(r0!.events).toEqual([
      REQ_PREFILL,
      10,
      30,
      REQ_DECODE,
      30,
      50,
      // The preemption lasts until the request's next event (its recompute).
      REQ_PREEMPTED,
      50,
      90,
      REQ_PREFILL,
      90,
      120,
      REQ_DECODE,
      120,
      130,
    ]);
    // A preemption with nothing after it lasts until now.
    ring.receive({ runId: 1, requestLog: events([[1, 5, 130, 130, REQ_PREEMPTED]]) });
    const again = requestRows(ring, 0, 200, 10);
    expect(again[1]!.events.slice(-3)).toEqual([REQ_PREEMPTED, 130, 200]);
  });

  it('keeps the newest requests within the window and forgets an old run', () => {
    const ring = new RequestRing();
    const list: Ev[] = [];
    for (let id = 0; id < 100; id++)
      list.push([id, id * 10, id * 10 + 1, id * 10 + 5, REQ_PREFILL]);
    ring.receive({ runId: 1, requestLog: events(list) });
    const rows = requestRows(ring, 500, 1000, 20);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 80 + i));
    expect(requestRows(ring, 995, 1000, 20).map((r) => r.id)).toEqual([99]);
    ring.receive({ runId: 2, requestLog: events([[0, 0, 1, 2, REQ_DECODE]]) });
    expect(ring.size).toBe(1);
    expect(requestRows(ring, 0, 10, 20).map((r) => r.id)).toEqual([0]);
  });
});
