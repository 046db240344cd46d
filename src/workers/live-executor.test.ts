// The live executor against fake lane workers: batches reach the lane of the engine's choice, a
// lane's answer completes the run on the engine, and a lane that goes down mid-run has its work
// re-queued onto the other lane, so every job still completes exactly once.

import { describe, expect, it } from 'vitest';
import { checkConfig, expandLanes } from '../engine/config.ts';
import { Engine } from '../engine/engine.ts';
import { LiveExecutor } from './live-executor.ts';
import { fakeLanes, LANE_INFO as INFO, type FakeLane } from './lanes-test-support.ts';
import { simMs } from '../engine/units.ts';

function setup(jobs: number) {
  const checked = checkConfig({
    seed: 5,
    jobs,
    arrivals: { process: 'poisson', rate_per_s: 100 },
    mix: { interactive_ratio: 0.5, models: { ppocr_cls: 1, silero_vad: 1 } },
    lanes: [
      { kind: 'gpu', count: 1 },
      { kind: 'cpu', count: 1 },
    ],
    service: { dist: 'deterministic', mean_ms: 1 },
    scheduler: { name: 'round_robin' },
  });
  if (!checked.ok) throw new Error(checked.problems.join('\n'));
  const { spawn, lanes } = fakeLanes();
  const downs: string[] = [];
  const ups: number[] = [];
  // Assigned below; the hooks only run once the engine exists.
  const ref: { engine?: Engine } = {};
  const live = new LiveExecutor(
    expandLanes(checked.config),
    Object.keys(checked.config.mix.models),
    {},
    {
      complete: (head, gen) => ref.engine!.completeRun(head, gen, ref.engine!.now),
      laneDown: (lane, reason) => {
        downs.push(`${lane}: ${reason}`);
        ref.engine!.failLane(lane);
      },
      laneUp: (lane) => {
        ups.push(lane);
        ref.engine!.recoverLane(lane);
      },
    },
    spawn,
  );
  const engine = new Engine(checked.config, { executor: live });
  ref.engine = engine;
  for (const lane of lanes) {
    lane.handlers.status?.({
      type: 'status',
      health: 'ready',
      progress: 1,
      detail: '',
      info: INFO,
    });
  }
  return { engine, live, lanes, downs, ups };
}

/** Answer every pending run on `lane` with a measured time. */
function serve(lane: FakeLane): void {
  for (const r of lane.pending.splice(0)) lane.handlers.done?.(r.id, 3, 'ok');
}

describe('LiveExecutor', () => {
  it('spawns a WebGPU lane for the GPU class and a WASM lane for the CPU class', () => {
    const { lanes, live } = setup(1);
    expect(lanes.map((l) => [l.options.name, l.options.provider])).toEqual([
      ['gpu0', 'webgpu'],
      ['cpu0', 'wasm'],
    ]);
    expect(live.settled).toBe(true);
  });

  it('refuses models no lane can run', () => {
    expect(
      () =>
        new LiveExecutor(
          [],
          ['not_a_model'],
          {},
          { complete() {}, laneDown() {} },
          fakeLanes().spawn,
        ),
    ).toThrow(/no lane can run not_a_model/);
  });

  it('completes every job once when a lane goes down mid-run', () => {
    const { engine, lanes, live, downs } = setup(200);
    const [gpu, cpu] = lanes as [FakeLane, FakeLane];
    let t = 0;
    while (!engine.done && t < 100_000) {
      t += 5;
      engine.advanceTo(simMs(t));
      if (t === 500) {
        expect(gpu.pending.length).toBeGreaterThan(0);
        gpu.handlers.status?.({
          type: 'status',
          health: 'down',
          progress: 1,
          detail: 'WebGPU device lost (destroyed)',
          reason: 'WebGPU device lost (destroyed)',
          info: INFO,
        });
      }
      if (t < 450) serve(gpu);
      serve(cpu);
      const l = engine.ledger();
      expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    }
    expect(engine.ledger()).toMatchObject({ arrived: 200, completed: 200, queued: 0, running: 0 });
    expect(downs).toEqual(['0: WebGPU device lost (destroyed)']);
    const status = live.status();
    expect(status.lanes[0]).toMatchObject({
      health: 'down',
      reason: 'WebGPU device lost (destroyed)',
    });
    expect(status.lanes[1]!.jobs).toBeGreaterThan(100);
    expect(status.lanes[1]!.meanServiceMs).toBe(3);
  });

  it('restarts a down lane in a fresh worker and hands it work again only once it is ready', () => {
    const { engine, lanes, live, downs, ups } = setup(400);
    const [gpu, cpu] = lanes as [FakeLane, FakeLane];
    let terminated = 0;
    cpu.terminate = () => {
      terminated++;
      // A terminated LaneClient reports a crash; from a replaced worker it must be ignored.
      cpu.handlers.crashed?.('lane terminated');
    };
    const status = (lane: FakeLane, health: 'loading' | 'ready' | 'down', reason?: string) =>
      lane.handlers.status?.({
        type: 'status',
        health,
        progress: health === 'loading' ? 0.5 : 1,
        detail: reason ?? health,
        ...(reason ? { reason } : {}),
        info: INFO,
      });
    let t = 0;
    const tick = (ms: number, serveCpu: boolean) => {
      for (const end = t + ms; t < end && !engine.done;) {
        t += 5;
        engine.advanceTo(simMs(t));
        serve(gpu);
        if (serveCpu) serve(lanes[lanes.length - 1]!);
        const l = engine.ledger();
        expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
      }
    };
    tick(300, true);
    expect(live.restart(1)).toBe(false); // serving: nothing to restart
    cpu.handlers.failed?.(0, 'device lost (injected; this lane has no GPU device)', true);
    expect(downs).toEqual(['1: device lost (injected; this lane has no GPU device)']);
    expect(engine.lanes.up[1]).toBe(0);

    expect(live.restart(1)).toBe(true);
    expect(terminated).toBe(1);
    expect(lanes).toHaveLength(3);
    const fresh = lanes[2]!;
    expect(fresh.options).toEqual(cpu.options);
    expect(live.status().lanes[1]).toMatchObject({ health: 'starting' });
    expect(live.status().lanes[1]!.reason).toBeUndefined();
    expect(live.restart(1)).toBe(false); // already restarting
    status(cpu, 'ready'); // the replaced worker: ignored
    status(fresh, 'loading');
    tick(200, false);
    // Still loading: the engine keeps the lane down and the clock keeps running.
    expect(live.settled).toBe(true);
    expect(ups).toEqual([]);
    expect(engine.lanes.up[1]).toBe(0);
    expect(fresh.pending).toEqual([]);

    status(fresh, 'ready');
    expect(ups).toEqual([1]);
    expect(engine.lanes.up[1]).toBe(1);
    const before = live.status().lanes[1]!.runs;
    tick(100_000, true);
    expect(engine.ledger()).toMatchObject({ arrived: 400, completed: 400, queued: 0, running: 0 });
    expect(live.status().lanes[1]!.runs).toBeGreaterThan(before);
    expect(downs).toHaveLength(1);
  });

  it('a lane restarted into a permanent fault goes down again with the same reason', () => {
    const { engine, lanes, live, downs, ups } = setup(50);
    const reason = 'WebGPU has no adapter (requestAdapter returned null)';
    lanes[0]!.handlers.status?.({
      type: 'status',
      health: 'down',
      progress: 1,
      detail: reason,
      reason,
      info: INFO,
    });
    expect(live.restart(0)).toBe(true);
    lanes[1 + 1]!.handlers.status?.({
      type: 'status',
      health: 'down',
      progress: 1,
      detail: reason,
      reason,
      info: INFO,
    });
    expect(live.status().lanes[0]).toMatchObject({ health: 'down', reason });
    // The engine was told once; the lane never came up.
    expect(downs).toEqual([`0: ${reason}`]);
    expect(ups).toEqual([]);
    expect(engine.lanes.up[0]).toBe(0);
  });
});
