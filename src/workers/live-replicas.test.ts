// Live mode's replicas against fake lane workers: the autoscaler asks for a replica and the live
// executor spawns its worker; the replica serves only once its worker says it is ready, after a cold
// start measured on the wall clock (with its parts); a replica let go has its worker ended; a start
// that fails is reported with its reason and the run goes on. The ledger balances at every step.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkConfig, expandLanes, parkedAtStart } from '../engine/config.ts';
import { Engine } from '../engine/engine.ts';
import { POOL_PARKED, POOL_WARMING } from '../engine/lanes.ts';
import { simMs } from '../engine/units.ts';
import { LiveExecutor } from './live-executor.ts';
import { fakeLanes, sayStatus as say } from './lanes-test-support.ts';

/** A run of 50 jobs/s of one model on 1 to 3 autoscaled CPU lanes, on fake lane workers. */
function setup() {
  const checked = checkConfig({
    seed: 11,
    jobs: 4000,
    arrivals: { process: 'poisson', rate_per_s: 50 },
    mix: { interactive_ratio: 0, models: { ppocr_cls: 1 } },
    lanes: [{ kind: 'cpu', count: 1 }],
    service: { dist: 'deterministic', mean_ms: 10 },
    scheduler: { name: 'fifo' },
    autoscale: {
      enabled: true,
      kind: 'cpu',
      min: 1,
      max: 3,
      policy: 'reactive',
      interval_ms: 500,
      cooldown_ms: 2000,
    },
  });
  if (!checked.ok) throw new Error(checked.problems.join('\n'));
  const config = checked.config;
  const { spawn, lanes } = fakeLanes();
  // The wall clock the cold starts are measured on: the engine's, here.
  let t = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => t);
  const ref: { engine?: Engine } = {};
  const downs: string[] = [];
  const specs = expandLanes(config);
  const live = new LiveExecutor(
    specs,
    ['ppocr_cls'],
    {},
    {
      complete: (head, gen) => ref.engine!.completeRun(head, gen, ref.engine!.now),
      laneDown: (lane, reason) => {
        downs.push(`${specs[lane]!.name}: ${reason}`);
        ref.engine!.failLane(lane);
      },
      laneUp: (lane) => ref.engine!.recoverLane(lane),
      replicaReady: (lane, gen) => ref.engine!.replicaReady(lane, gen),
    },
    spawn,
    parkedAtStart(config, specs),
  );
  const engine = new Engine(config, { executor: live, replicas: live });
  ref.engine = engine;
  const worker = (name: string) => lanes.filter((l) => l.options.name === name).at(-1);
  /** Advance `ms` in 5 ms steps; each lane answers one run per `serviceMs`. */
  const run = (ms: number, serviceMs: number, each?: () => void) => {
    for (const end = t + ms; t < end && !engine.done;) {
      t += 5;
      engine.advanceTo(simMs(t));
      if (t % serviceMs === 0) {
        for (const lane of lanes) {
          const r = lane.pending.shift();
          if (r !== undefined && !lane.terminated) lane.handlers.done?.(r.id, serviceMs, 'ok');
        }
      }
      const l = engine.ledger();
      expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
      each?.();
    }
  };
  return { engine, live, lanes, worker, run, downs, clock: () => t };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('live replicas', () => {
  it('starts a real worker for a replica asked for, serves after its measured cold start, ends it when let go', () => {
    const { engine, live, lanes, worker, run, clock } = setup();
    // The pool starts at one lane: one worker; cpu1 and cpu2 are parked, with no worker.
    expect(lanes.map((l) => l.options.name)).toEqual(['cpu0']);
    expect(live.status().lanes.map((l) => l.health)).toEqual(['starting', 'parked', 'parked']);
    expect(live.settled).toBe(false);
    say(lanes[0]!, 'ready');
    expect(live.settled).toBe(true);

    // 50 jobs/s on a lane serving 25/s: the queue grows and the autoscaler asks for a replica.
    while (!worker('cpu1') && clock() < 5000) run(5, 40);
    const cpu1 = worker('cpu1');
    expect(cpu1).toBeDefined();
    expect(cpu1!.options).toMatchObject({ provider: 'wasm', models: ['ppocr_cls'] });
    const asked = live.status().replicas![0]!;
    expect(asked).toMatchObject({ lane: 'cpu1', state: 'warming' });
    expect(engine.lanes.pool[1]).toBe(POOL_WARMING);

    // Its cold start: the worker answers after 100 ms, loads for 600 ms, warms up for 300 ms.
    // Until it is ready the engine sends it nothing, however long the queue.
    expect(asked.askedAtMs).toBe(clock());
    run(100, 40);
    say(cpu1!, 'loading');
    run(600, 40);
    say(cpu1!, 'warming');
    run(300, 40);
    expect(cpu1!.pending).toEqual([]);
    expect(engine.lanes.pool[1]).toBe(POOL_WARMING);
    say(cpu1!, 'ready');
    const started = live.status().replicas!.find((r) => r.lane === 'cpu1')!;
    expect(started).toMatchObject({
      state: 'serving',
      coldStartMs: 1000,
      parts: { spawnMs: 100, loadMs: 600, warmupMs: 300 },
    });
    run(200, 40);
    expect(engine.lanes.pool[1]).not.toBe(POOL_WARMING);
    expect(live.status().lanes[1]!.runs).toBeGreaterThan(0);

    // Answer every 5 ms from here (the other asked-for replicas ready at once): the backlog goes,
    // utilisation falls and the pool shrinks back to one; a replica let go has its worker ended.
    const answered = new Set([lanes[0], cpu1]);
    run(30_000, 5, () => {
      for (const l of lanes) {
        if (answered.has(l) || l.terminated) continue;
        answered.add(l);
        say(l, 'ready');
      }
    });
    const parked = [1, 2].filter((lane) => engine.lanes.pool[lane] === POOL_PARKED);
    expect(parked.length).toBeGreaterThan(0);
    for (const lane of parked) {
      const name = `cpu${lane}`;
      expect(live.status().lanes[lane]!.health).toBe('parked');
      if (lanes.some((l) => l.options.name === name)) expect(worker(name)!.terminated).toBe(true);
    }
    const stopped = live.status().replicas!.find((r) => r.lane === 'cpu1')!;
    expect(stopped.state).toBe('stopped');
    expect(stopped.endedAtMs).toBeGreaterThan(stopped.askedAtMs);
    // Nothing was lost: the summary counts the replicas the pool added and removed.
    const summary = engine.summary().autoscale!;
    expect(summary.lanes_added).toBeGreaterThan(0);
    expect(summary.lanes_removed).toBeGreaterThan(0);
  });

  it('reports a start that fails, with its reason, and the run goes on', () => {
    const { engine, live, worker, run, downs } = setup();
    say(worker('cpu0')!, 'ready');
    run(1500, 40);
    const cpu1 = worker('cpu1')!;
    const reason = 'ppocr_cls: session failed to load on wasm: bad model bytes';
    say(cpu1, 'down', reason);
    expect(downs).toEqual([`cpu1: ${reason}`]);
    expect(live.status().replicas![0]).toMatchObject({ lane: 'cpu1', state: 'failed', reason });
    // The pool swaps the failed replica for a healthy parked lane; that one starts and serves.
    run(1000, 40);
    const cpu2 = worker('cpu2');
    expect(cpu2).toBeDefined();
    say(cpu2!, 'ready');
    run(120_000, 5);
    expect(engine.done).toBe(true);
    expect(engine.ledger()).toMatchObject({
      arrived: 4000,
      completed: 4000,
      queued: 0,
      running: 0,
    });
    expect(live.status().replicas!.map((r) => [r.lane, r.state])).toContainEqual([
      'cpu1',
      'failed',
    ]);
    expect(live.status().lanes[1]!.health).toBe('parked');
    expect(cpu1.terminated).toBe(true);
  });
});
