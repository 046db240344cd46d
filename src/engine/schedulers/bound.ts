// Binding schedulers: like a load balancer in front of workers, they send each job to a lane's own
// queue when it arrives (least-loaded or round-robin; the binding itself is binding.ts), and a lane
// serves only its own queue, in arrival order. This is how the source systems' dispatchers behaved,
// and it is what makes round-robin hurt on mixed GPU/CPU lanes: a job bound to a slow lane waits
// there even when a fast lane is idle.
//
// A binding policy is defined once, by its lane picker (in its policy file). The fast scheduler
// here serves when nothing batches or holds memory; the grouped one (grouped.ts, binding with the
// same picker) otherwise. `fast-path.test.ts` proves the two give byte-identical traces.

import { LaneBinder, type LanePicker } from './binding.ts';
import { rankGroups } from './central.ts';
import { JobList } from './group-queue.ts';
import { GroupedScheduler } from './grouped.ts';
import type { Dispatcher, Scheduler, SchedulerOptions } from './types.ts';

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
  private readonly binder: LaneBinder<JobList>;
  private n = 0;

  constructor(
    readonly name: string,
    pick: LanePicker,
  ) {
    this.binder = new LaneBinder(pick, () => new JobList());
  }

  get size(): number {
    return this.n;
  }

  enqueue(job: number, d: Dispatcher): void {
    this.n++;
    this.binder.bind(job, d);
  }

  dispatch(d: Dispatcher): void {
    const lanes = d.lanes;
    const queues = this.binder.queues;
    // Fastest lanes first: the order runs start in when several lanes free up at once.
    const bySpeed = lanes.bySpeed;
    for (let k = 0; k < lanes.count; k++) {
      const lane = bySpeed[k]!;
      const q = queues[lane];
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
    this.binder.drainInto(out);
    this.n = 0;
    return out;
  }

  laneChanged(_lane: number, d: Dispatcher): void {
    this.binder.rebind(d);
  }
}
