// The timeline's samples: goodput and batch size over the last 5 s of simulated time, KV use as a
// share of every replica's blocks; markers where preemptions happened and where the rate or the
// scheduler changed; a new run starts afresh.

import { describe, expect, it } from 'vitest';
import { TimelineSeries } from './timeline-series.ts';

function frame(t: number, over: Partial<Parameters<TimelineSeries['receive']>[0]> = {}) {
  return {
    runId: 1,
    time: t,
    good: [t / 100, 0] as [number, number],
    tokensPerS: 500,
    lanes: [
      { used: 30, blocks: 100 },
      { used: 10, blocks: 100 },
    ] as Parameters<TimelineSeries['receive']>[0]['lanes'],
    steps: t / 10,
    meanBatch: 8,
    preemptions: 0,
    rate: 4,
    scheduler: 'continuous',
    ...over,
  };
}

describe('the LLM timeline series', () => {
  it('samples rates over the window and the KV share', () => {
    const s = new TimelineSeries();
    for (let t = 0; t <= 20_000; t += 100) s.receive(frame(t));
    const k = s.at(0);
    expect(s.t[k]).toBe(20_000);
    // 10 good completions a second, batch 8, KV 40 / 200.
    expect(s.values.goodput[k]).toBeCloseTo(10, 9);
    expect(s.values.batch[k]).toBeCloseTo(8, 9);
    expect(s.values.kv[k]).toBeCloseTo(0.2, 9);
    expect(s.values.tokens[k]).toBe(500);
    // At most one sample per 50 ms of simulated time.
    s.receive(frame(20_010));
    expect(s.t[s.at(0)]).toBe(20_000);
  });

  it('marks preemptions and control changes, and forgets an old run', () => {
    const s = new TimelineSeries();
    s.receive(frame(0));
    s.receive(frame(100, { preemptions: 3 }));
    s.receive(frame(200, { preemptions: 3, rate: 12 }));
    s.receive(frame(300, { preemptions: 3, rate: 12, scheduler: 'static' }));
    expect(s.markers).toEqual([
      { t: 100, kind: 'preempt', text: '3' },
      { t: 200, kind: 'control', text: 'rate 12 req/s' },
      { t: 300, kind: 'control', text: 'static' },
    ]);
    s.receive(frame(50, { runId: 2 }));
    expect(s.markers).toEqual([]);
    expect(s.size).toBe(1);
  });
});
