// The paired sample: the same jobs on both sides, matched whichever side ends them first, with the
// waiting lists bounded when one side never ends a job.

import { describe, expect, it } from 'vitest';
import { MAX_PENDING, PairTracker, SAMPLE_EVERY, sampled } from './pairs.ts';
import type { TraceSink } from '../engine/trace-writer.ts';

const nowhere: TraceSink = { job: () => {}, flush: () => {} };

describe('PairTracker', () => {
  it('samples about one job in SAMPLE_EVERY, by id alone', () => {
    let n = 0;
    for (let id = 0; id < 160_000; id++) if (sampled(id)) n++;
    expect(n / 160_000).toBeCloseTo(1 / SAMPLE_EVERY, 2);
  });

  it('pairs a job once both sides ended it, in either order, and passes every job on', () => {
    const t = new PairTracker();
    let seen = 0;
    const counting: TraceSink = { job: () => seen++, flush: () => {} };
    const a = t.sink(0, counting);
    const b = t.sink(1, nowhere);
    const ids = Array.from({ length: 2000 }, (_, i) => i).filter(sampled);
    const [first, second] = ids as [number, number];
    a.job(first, 0, 0, 0, 10, 12, 30, 100, 'completed', 1, 0, 1);
    b.job(second, 1, 0, 0, 20, 0, 25, 1000, 'rejected', 0, 0, 0);
    expect(t.take().count).toBe(0);
    b.job(first, 0, 0, 1, 10, 11, 15, 100, 'completed', 1, 0, 1);
    a.job(second, 1, 0, 1, 20, 40, 90, 1000, 'completed', 1, 0, 1);
    const p = t.take();
    expect(p.count).toBe(2);
    expect([...p.jobId]).toEqual([first, second]);
    expect([...p.a]).toEqual([20, 70]);
    expect([...p.b]).toEqual([5, -1]);
    expect([...p.cls]).toEqual([0, 1]);
    expect(t.take().count).toBe(0);
    a.job(1_000_001, 0, 0, 0, 0, 0, 1, 100, 'completed', 1, 0, 1);
    expect(seen).toBe(3);
  });

  it('forgets the oldest waiting jobs past MAX_PENDING', () => {
    const t = new PairTracker();
    const a = t.sink(0, nowhere);
    let n = 0;
    for (let id = 0; n < MAX_PENDING + 500; id++) {
      if (!sampled(id)) continue;
      a.job(id, 0, 0, 0, 0, 0, 1, 100, 'completed', 1, 0, 1);
      n++;
    }
    expect(t.waiting).toEqual([MAX_PENDING, 0]);
  });
});
