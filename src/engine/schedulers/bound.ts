// Binding schedulers: like a load balancer in front of workers, they send each job to a lane's own
// queue when it arrives (least-loaded or round-robin), and a lane serves only its own queue. This is
// how the source systems' dispatchers behaved, and it is what makes round-robin hurt on mixed
// GPU/CPU lanes: a job bound to a slow lane waits there even when a fast lane is idle.

import type { SchedulerName } from '../config.ts';
import { SlotRing } from '../queues.ts';
import type { LaneSet } from '../lanes.ts';
import type { Dispatcher, Scheduler } from './types.ts';

/** Picks the lane a new job is bound to, or -1 when no lane can take work. */
export type LanePicker = (lanes: LaneSet) => number;

export class BindingScheduler implements Scheduler {
  private queues: SlotRing[] = [];
  /** Jobs that arrived while no lane could take work. */
  private readonly unbound = new SlotRing();
  private n = 0;

  constructor(
    readonly name: SchedulerName,
    private readonly pick: LanePicker,
  ) {}

  get size(): number {
    return this.n;
  }

  enqueue(job: number, d: Dispatcher): void {
    this.n++;
    this.bind(job, d);
  }

  private bind(job: number, d: Dispatcher): void {
    const lanes = d.lanes;
    while (this.queues.length < lanes.count) this.queues.push(new SlotRing());
    const lane = this.pick(lanes);
    if (lane < 0) {
      this.unbound.push(job);
      return;
    }
    this.queues[lane]!.push(job);
    lanes.bound[lane]!++;
  }

  dispatch(d: Dispatcher): void {
    const lanes = d.lanes;
    for (let lane = 0; lane < this.queues.length; lane++) {
      const q = this.queues[lane]!;
      while (q.size > 0 && lanes.hasRoom(lane)) {
        lanes.bound[lane]!--;
        this.n--;
        d.start(q.shift(), lane);
      }
    }
  }

  drain(): number[] {
    const out: number[] = [];
    for (let lane = 0; lane < this.queues.length; lane++) this.queues[lane]!.drainInto(out);
    this.unbound.drainInto(out);
    this.n = 0;
    return out;
  }

  laneChanged(_lane: number, d: Dispatcher): void {
    // Any lane that may no longer take work gives its queue back; then everything unbound is
    // bound afresh. Order within each queue is kept.
    const lanes = d.lanes;
    const rebind: number[] = [];
    for (let lane = 0; lane < this.queues.length; lane++) {
      const q = this.queues[lane]!;
      if (q.size > 0 && !lanes.eligible(lane)) {
        lanes.bound[lane] = 0;
        q.drainInto(rebind);
      }
    }
    this.unbound.drainInto(rebind);
    for (const job of rebind) this.bind(job, d);
  }
}

/** Join the lane with the least outstanding work per unit of capacity; ties to the lower index. */
export const pickLeastLoaded: LanePicker = (lanes) => {
  let best = -1;
  let bestLoad = Infinity;
  for (let lane = 0; lane < lanes.count; lane++) {
    if (!lanes.eligible(lane)) continue;
    const load = lanes.load(lane);
    if (load < bestLoad) {
      best = lane;
      bestLoad = load;
    }
  }
  return best;
};

/** Cycle through the lanes that can take work. */
export function roundRobinPicker(): LanePicker {
  let cursor = 0;
  return (lanes) => {
    for (let k = 0; k < lanes.count; k++) {
      const lane = (cursor + k) % lanes.count;
      if (lanes.eligible(lane)) {
        cursor = lane + 1;
        return lane;
      }
    }
    return -1;
  };
}
