// Lanes kept for the whole of a command that runs live more than once (`npm run validate`: its
// calibration, the serving probe and every live run; `npm run loadtest -- --live` and the page's
// live load test: every run of a sweep): the same lane workers, one per lane name, instead of
// starting fresh ones each time. A Node
// lane with V8's optimising compiler up front takes about 7 s to start on 2 cores (cli/validate.ts
// says why it runs that way); starting two for each of sixteen runs would more than double a quick
// run's time, and a lane that has served before serves at the speed calibration measured.
//
// `spawn` hands out a pooled lane as the LaneHandle a LiveExecutor expects: its callbacks go to the
// latest spawner, a "ready" status is sent again for it, and `terminate` only lets the lane go back
// to the pool. A lane that goes down or crashes is terminated for real and replaced next time.

import type { LaneHandle } from './live-executor.ts';
import type { LaneClient, LaneHandlers, LaneOptions } from './lanes/lane-client.ts';

/** A pooled lane: served runs (live) and calibration requests, which it must take. */
export interface PooledLane extends Required<LaneHandle> {
  ready(): Promise<unknown>;
}

/** What the pool needs of a lane (a LaneClient on a worker thread; a fake in tests). */
export type PoolableLane = Pick<
  LaneClient,
  'run' | 'inject' | 'ready' | 'profileRuns' | 'timedRun' | 'terminate' | 'last'
>;

interface Pooled {
  key: string;
  client: PoolableLane;
  handlers: LaneHandlers;
  inUse: boolean;
  dead: boolean;
}

/** Lanes that run the same models the same way are one: warm-up options only matter at start. */
function poolKey(o: LaneOptions): string {
  const { name, provider, threads, models, allowSoftwareAdapter } = o;
  return JSON.stringify([name, provider, threads, models, allowSoftwareAdapter, o.failLoad ?? []]);
}

export class LanePool {
  private readonly lanes: Pooled[] = [];

  constructor(
    private readonly make: (options: LaneOptions, handlers: LaneHandlers) => PoolableLane,
  ) {}

  /** A lane with these options (a pooled one when one is free), as a PooledLane. */
  spawn = (options: LaneOptions, handlers: LaneHandlers): PooledLane => {
    const key = poolKey(options);
    let lane = this.lanes.find((l) => l.key === key && !l.inUse && !l.dead);
    if (lane) {
      lane.handlers = handlers;
      const last = lane.client.last;
      // The new owner hears the lane's state as a fresh lane's owner would.
      if (last) queueMicrotask(() => lane!.handlers.status?.(last));
    } else {
      // The callbacks read `entry` when the lane answers, after it is made.
      const forward: LaneHandlers = {
        status: (s) => {
          if (s.health === 'down') entry.dead = true;
          entry.handlers.status?.(s);
        },
        done: (id, ms, output) => entry.handlers.done?.(id, ms, output),
        failed: (id, reason, fatal) => {
          if (fatal) entry.dead = true;
          entry.handlers.failed?.(id, reason, fatal);
        },
        crashed: (reason) => {
          entry.dead = true;
          entry.handlers.crashed?.(reason);
        },
      };
      const entry: Pooled = {
        key,
        handlers,
        inUse: true,
        dead: false,
        client: this.make(options, forward),
      };
      this.lanes.push(entry);
      this.made++;
      lane = entry;
    }
    lane.inUse = true;
    const pooled = lane;
    const client = pooled.client;
    return {
      run: (id, model, batchSize) => client.run(id, model, batchSize),
      inject: (fault) => client.inject(fault),
      ready: () => client.ready(),
      profileRuns: (...a) => client.profileRuns(...a),
      timedRun: (...a) => client.timedRun(...a),
      terminate: () => {
        if (!pooled.inUse) return;
        pooled.inUse = false;
        pooled.handlers = {};
        if (pooled.dead) this.drop(pooled);
      },
    };
  };

  /** Lane workers started so far (validate says it at the end: more than its lanes means some
   * went down and were replaced). */
  get started(): number {
    return this.made;
  }

  private made = 0;

  private drop(lane: Pooled): void {
    lane.client.terminate();
    this.lanes.splice(this.lanes.indexOf(lane), 1);
  }

  /** Terminate every lane. */
  close(): void {
    for (const l of this.lanes) l.client.terminate();
    this.lanes.length = 0;
  }
}
