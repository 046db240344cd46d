// Test support for the live executor: fake lane workers that record the runs sent to them and let a
// test answer them and say the lane's status. The executor's tests and the live replicas' tests
// share them. Tests only (nothing ships it).

import type { LaneHandle, LaneSpawner } from './live-executor.ts';
import type { LaneHandlers, LaneOptions } from './lanes/lane-client.ts';
import type { LaneHealth } from './lanes/lane-protocol.ts';
import type { ModelId } from '../models/manifest.ts';

export interface FakeLane extends LaneHandle {
  options: LaneOptions;
  handlers: LaneHandlers;
  /** Runs sent and not yet answered. */
  pending: { id: number; model: ModelId; batch: number }[];
  terminated: boolean;
}

/** A spawner of fake lanes, and every lane it spawned in order. Terminating one reports a crash,
 * as a terminated LaneClient does. */
export function fakeLanes(): { spawn: LaneSpawner; lanes: FakeLane[] } {
  const lanes: FakeLane[] = [];
  const spawn: LaneSpawner = (options, handlers) => {
    const lane: FakeLane = {
      options,
      handlers,
      pending: [],
      terminated: false,
      run: (id, model, batch) => lane.pending.push({ id, model, batch }),
      inject: () => {},
      terminate: () => {
        lane.terminated = true;
        lane.handlers.crashed?.('lane terminated');
      },
    };
    lanes.push(lane);
    return lane;
  };
  return { spawn, lanes };
}

export const LANE_INFO = {
  provider: 'wasm',
  ort: 'test',
  isolated: false,
  threadsRequested: 1,
  threads: 1,
} as const;

/** The lane says its health (and why, when down). */
export function sayStatus(lane: FakeLane, health: LaneHealth, reason?: string): void {
  lane.handlers.status?.({
    type: 'status',
    health,
    progress: health === 'ready' || health === 'down' ? 1 : 0.5,
    detail: reason ?? health,
    ...(reason ? { reason } : {}),
    info: LANE_INFO,
  });
}
