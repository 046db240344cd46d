// Binding jobs to lanes on arrival, the one home of what binding policies share: like a load
// balancer in front of workers, a picker (least-loaded, round-robin: in their policy files) sends
// each job to a lane's own queue when it arrives; a job that finds no lane able to take work waits
// unbound; when a lane goes down, comes back or leaves the pool, the jobs of every lane that may no
// longer take work, and the unbound ones, are bound afresh in arrival order. The fast binding
// scheduler (bound.ts) keeps a job list per lane, the grouped one (grouped.ts) a set of batchable
// groups per lane; both hold their queues through a LaneBinder. `lanes.bound` counts the jobs bound
// to each lane (least-loaded reads it); a scheduler lowers it as it starts bound jobs.

import type { JobTable } from '../job-table.ts';
import type { LaneSet } from '../lanes.ts';
import type { Dispatcher } from './types.ts';

/** Picks the lane a new job is bound to, or -1 when no lane can take work. */
export type LanePicker = (lanes: LaneSet) => number;

/** A lane's own queue of bound jobs: a job list (group-queue.ts JobList) or a GroupSet. */
export interface BoundQueue {
  readonly size: number;
  push(slot: number, jobs: JobTable): void;
  drainInto(out: number[]): void;
}

export class LaneBinder<Q extends BoundQueue> {
  /** Queue of lane l at index l (grown as lanes are seen; a lane with none bound yet may lack one). */
  readonly queues: Q[] = [];
  /** Jobs that arrived while no lane could take work. */
  private unbound: number[] = [];

  constructor(
    private readonly pick: LanePicker,
    private readonly newQueue: () => Q,
  ) {}

  /** Bind a job to the picker's lane, or leave it unbound when no lane can take work. */
  bind(job: number, d: Dispatcher): void {
    const lanes = d.lanes;
    while (this.queues.length < lanes.count) this.queues.push(this.newQueue());
    const lane = this.pick(lanes);
    if (lane < 0) {
      this.unbound.push(job);
      return;
    }
    this.queues[lane]!.push(job, d.jobs);
    lanes.bound[lane]!++;
  }

  /** A lane changed: lanes that may no longer take work give their jobs back, bound afresh. */
  rebind(d: Dispatcher): void {
    const lanes = d.lanes;
    const rebind: number[] = [];
    for (let lane = 0; lane < this.queues.length; lane++) {
      const q = this.queues[lane]!;
      if (q.size > 0 && !lanes.eligible(lane)) {
        lanes.bound[lane] = 0;
        q.drainInto(rebind);
      }
    }
    rebind.push(...this.unbound);
    this.unbound = [];
    const ids = d.jobs.id;
    rebind.sort((a, b) => ids[a]! - ids[b]!);
    for (const job of rebind) this.bind(job, d);
  }

  /** Every job held, bound or not, emptied into `out` (for a scheduler switch). */
  drainInto(out: number[]): void {
    for (const q of this.queues) q.drainInto(out);
    out.push(...this.unbound);
    this.unbound = [];
  }
}
