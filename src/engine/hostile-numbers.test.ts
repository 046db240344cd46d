// Issue 19, defect 5 and the clock guard of defect 6: numbers that cannot be infinite. A service
// profile's batch sizes are whole numbers of at least 1, each once; an event at a time that is not
// a finite number is an error, never the silent end of a run; and a clock that creeps forward by a
// nanosecond an event is stopped like a clock that does not move.

import { describe, expect, it } from 'vitest';
import { checkConfig, parseConfig } from './config.ts';
import { Engine } from './engine.ts';
import { EventHeap, EventTimeError } from './event-heap.ts';
import type { Scheduler, SchedulerFactory } from './schedulers/types.ts';
import { MAX_EVENTS_AT_ONE_TIME } from './limits.ts';

const BASE = {
  jobs: 1000,
  arrivals: { process: 'poisson', rate_per_s: 100 },
  lanes: [{ kind: 'cpu' }],
};

function profile(cpu: Record<string, number>): unknown {
  return {
    ...BASE,
    service: { dist: 'profile', profile: { resnet18: { cpu } } },
    batching: { enabled: true, max_batch: 8 },
  };
}

describe('issue 19: numbers that cannot be infinite', () => {
  it('a profile batch size of 0 is refused (it divided by zero: 1,000 arrived, 0 completed, exit 0)', () => {
    const r = checkConfig(profile({ '0': 5 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toMatch(/batch size 0: a batch holds 1 to 1024 jobs/);
  });

  it('"1" beside "01" is refused as the same batch size twice (it gave NaN service times)', () => {
    const r = checkConfig(profile({ '1': 5, '01': 6 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toMatch(/batch size 01 is batch size 1 again/);
    expect(checkConfig(profile({ '1': 5, '8': 20 })).ok).toBe(true);
  });

  it('an event at a NaN or infinite time is an error naming it, not the end of the run', () => {
    const heap = new EventHeap();
    for (const t of [NaN, Infinity, -Infinity]) {
      expect(() => heap.push(t, 1, 0, 0)).toThrow(EventTimeError);
    }
    expect(() => heap.push(NaN, 1, 0, 0)).toThrow(/scheduled at simulated time NaN/);
    heap.push(5, 1, 0, 0);
    expect(heap.peekTime()).toBe(5);
  });

  it('a clock that creeps forward a nanosecond an event is stopped by the progress guard', () => {
    // A scheduler that starts nothing and asks to be woken a nanosecond later, every time.
    const creeping: SchedulerFactory = () => {
      let queued = 0;
      const s: Scheduler = {
        name: 'creep',
        get size() {
          return queued;
        },
        enqueue: () => void queued++,
        dispatch: (d) => d.wakeAt(d.now + 1e-9),
        drain: () => [],
        laneChanged: () => undefined,
      };
      return s;
    };
    const engine = new Engine(
      parseConfig({ ...BASE, service: { dist: 'exponential', mean_ms: 1 } }),
      { scheduler: creeping },
    );
    engine.runToEnd();
    expect(engine.stopped).toMatch(
      /events happened while the simulated clock moved less than 1 ms/,
    );
    expect(engine.eventCount).toBeLessThanOrEqual(MAX_EVENTS_AT_ONE_TIME + (1 << 17));
    const l = engine.ledger();
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
  }, 60_000);
});
