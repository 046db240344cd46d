// Binding schedulers: like a load balancer in front of workers, they send each job to a lane's own
// queue when it arrives (least-loaded or round-robin), and a lane serves only its own queue, in
// arrival order. This is how the source systems' dispatchers behaved, and it is what makes
// round-robin hurt on mixed GPU/CPU lanes: a job bound to a slow lane waits there even when a fast
// lane is idle.
//
// A binding policy is defined once, by its lane picker (in its policy file). The fast scheduler
// here serves when nothing batches or holds memory; the grouped one (grouped.ts, binding with the
// same picker) otherwise. `fast-path.test.ts` proves the two give byte-identical traces.

import type { LaneSet } from '../lanes.ts';
import { JobList } from './group-queue.ts';
import { rankGroups } from './central.ts';
import { GroupedScheduler } from './grouped.ts';
import type { Dispatcher, Scheduler, SchedulerOptions } from './types.ts';

/** Picks the lane a new job is bound to, or -1 when no lane can take work. */
export type LanePicker = (lanes: LaneSet) => number;

/** The scheduler for a binding policy; `picker` makes a fresh picker (it may keep state). */
export function bindingScheduler(
  name: string,
  picker: () => LanePicker,
  o: SchedulerOptions,
): Scheduler {
  if (o.generic || o.policy.holds || o.memory !== undefined) {
    return new GroupedScheduler(name, o, {
      ranker: rankGroups('arrival'),
      order: 'fastest',
      picker: picker(),
      classPriority: false,
    });
  }
  return new BindingScheduler(name, picker());
}

export class BindingScheduler implements Scheduler {
  private queues: JobList[] = [];
  /** Jobs that arrived while no lane could take work. */
  private unbound: number[] = [];
  private n = 0;

  constructor(
    readonly name: string,
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
    while (this.queues.length < lanes.count) this.queues.push(new JobList());
    const lane = this.pick(lanes);
    if (lane < 0) {
      this.unbound.push(job);
      return;
    }
    this.queues[lane]!.push(job, d.jobs);
    lanes.bound[lane]!++;
  }

  dispatch(d: Dispatcher): void {
    const lanes = d.lanes;
    // Fastest lanes first: the order runs start in when several lanes free up at once.
    const bySpeed = lanes.bySpeed;
    for (let k = 0; k < lanes.count; k++) {
      const lane = bySpeed[k]!;
      const q = this.queues[lane];
      if (!q) continue;
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
    out.push(...this.unbound);
    this.unbound = [];
    this.n = 0;
    return out;
  }

  laneChanged(_lane: number, d: Dispatcher): void {
    // Any lane that may no longer take work gives its queue back; then everything unbound is
    // bound afresh, in arrival order.
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
}
