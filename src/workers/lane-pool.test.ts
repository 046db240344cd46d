// validate keeps its lanes for the whole run: a lane handed back is handed out again to the next
// spawner with the same options, which hears it is ready and gets its answers; a lane that went down
// is dropped and a fresh one started in its place.

import { describe, expect, it } from 'vitest';
import type { LaneHandlers, LaneOptions } from './lanes/lane-client.ts';
import type { LaneStatus } from './lanes/lane-protocol.ts';
import { LanePool, type PoolableLane } from './lane-pool.ts';

const READY: LaneStatus = {
  type: 'status',
  health: 'ready',
  progress: 1,
  detail: 'ready',
  info: { provider: 'wasm', ort: 'fake', isolated: true, threadsRequested: 1, threads: 1 },
};

const OPTIONS: LaneOptions = {
  name: 'cpu0',
  provider: 'wasm',
  threads: 1,
  models: ['ppocr_cls'],
  allowSoftwareAdapter: true,
  warmupRuns: 0,
};

/** Fake lanes: answer each run at once with "lane <n>"; `events` logs what happened to them. */
function factory(events: string[]) {
  let made = 0;
  const lanes: { handlers: LaneHandlers; lane: PoolableLane }[] = [];
  const make = (_o: LaneOptions, handlers: LaneHandlers): PoolableLane => {
    const n = made++;
    events.push(`start ${n}`);
    const lane: PoolableLane = {
      last: READY,
      run: (id) => queueMicrotask(() => handlers.done?.(id, 1, `lane ${n}`)),
      inject: () => {},
      ready: () => Promise.resolve(READY),
      profileRuns: () => Promise.resolve({ ms: {} }),
      timedRun: () => Promise.resolve({ laneMs: 1, roundtripMs: 1 }),
      terminate: () => events.push(`terminate ${n}`),
    };
    lanes.push({ handlers, lane });
    return lane;
  };
  return { make, lanes };
}

describe('LanePool', () => {
  it('hands a returned lane to the next owner, who hears it is ready and gets its answers', async () => {
    const events: string[] = [];
    const { make } = factory(events);
    const pool = new LanePool(make);
    const first: string[] = [];
    const a = pool.spawn(OPTIONS, { done: (_id, _ms, out) => first.push(out) });
    a.run(1, 'ppocr_cls', 1);
    await Promise.resolve();
    a.terminate();

    const second: string[] = [];
    const statuses: string[] = [];
    // Another warm-up asked for does not make another lane: it only matters at a lane's start.
    const b = pool.spawn(
      { ...OPTIONS, warmupRuns: 8, warmupMs: 400, failLoad: [] },
      {
        status: (s) => statuses.push(s.health),
        done: (_id, _ms, out) => second.push(out),
      },
    );
    await Promise.resolve();
    b.run(1, 'ppocr_cls', 1);
    await Promise.resolve();
    expect(statuses).toEqual(['ready']);
    expect(first).toEqual(['lane 0']);
    expect(second).toEqual(['lane 0']);
    // A second lane in use at once is a new worker; nothing was terminated yet.
    pool.spawn(OPTIONS, {});
    expect(events).toEqual(['start 0', 'start 1']);
    pool.close();
    expect(events).toEqual(['start 0', 'start 1', 'terminate 0', 'terminate 1']);
  });

  it('drops a lane that went down and starts a fresh one for the next owner', async () => {
    const events: string[] = [];
    const { make, lanes } = factory(events);
    const pool = new LanePool(make);
    const downs: string[] = [];
    const a = pool.spawn(OPTIONS, { crashed: (reason) => downs.push(reason) });
    lanes[0]!.handlers.crashed?.('out of memory');
    a.terminate();
    expect(downs).toEqual(['out of memory']);
    expect(events).toEqual(['start 0', 'terminate 0']);
    const b = pool.spawn(OPTIONS, {});
    b.terminate();
    expect(events).toEqual(['start 0', 'terminate 0', 'start 1']);
    expect(pool.started).toBe(2);
    pool.close();
  });
});
