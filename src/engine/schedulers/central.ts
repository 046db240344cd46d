// Central-queue schedulers: one queue for all lanes, ordered by a discipline (FIFO, EDF, class then
// EDF), started on lanes in a fixed preference order. Late binding: a job picks its lane only when it
// starts, so these policies are work-conserving.

import type { SchedulerName } from '../config.ts';
import { INTERACTIVE, type JobTable } from '../job-table.ts';
import { SlotHeap, SlotRing } from '../queues.ts';
import type { Dispatcher, Scheduler } from './types.ts';

/** A queue discipline over job slots. */
export interface JobQueue {
  readonly size: number;
  push(job: number, jobs: JobTable): void;
  pop(): number;
  drainInto(out: number[]): void;
}

export class FifoQueue implements JobQueue {
  private readonly ring = new SlotRing();
  get size(): number {
    return this.ring.size;
  }
  push(job: number): void {
    this.ring.push(job);
  }
  pop(): number {
    return this.ring.shift();
  }
  drainInto(out: number[]): void {
    this.ring.drainInto(out);
  }
}

/** Earliest deadline first; ties by arrival order. */
export class EdfQueue implements JobQueue {
  private readonly heap = new SlotHeap();
  get size(): number {
    return this.heap.size;
  }
  push(job: number, jobs: JobTable): void {
    this.heap.push(job, jobs.deadline[job]!, jobs.id[job]!);
  }
  pop(): number {
    return this.heap.pop();
  }
  drainInto(out: number[]): void {
    this.heap.drainInto(out);
  }
}

/** Interactive jobs strictly before batch jobs; EDF within each class. */
export class ClassEdfQueue implements JobQueue {
  private readonly interactive = new EdfQueue();
  private readonly batch = new EdfQueue();
  get size(): number {
    return this.interactive.size + this.batch.size;
  }
  push(job: number, jobs: JobTable): void {
    (jobs.cls[job] === INTERACTIVE ? this.interactive : this.batch).push(job, jobs);
  }
  pop(): number {
    return this.interactive.size > 0 ? this.interactive.pop() : this.batch.pop();
  }
  drainInto(out: number[]): void {
    this.interactive.drainInto(out);
    this.batch.drainInto(out);
  }
}

/** Which lanes a central scheduler tries first. */
export type LaneOrder = 'index' | 'fastest';

export class CentralScheduler implements Scheduler {
  constructor(
    readonly name: SchedulerName,
    private readonly queue: JobQueue,
    private readonly order: LaneOrder,
  ) {}

  get size(): number {
    return this.queue.size;
  }

  /** EDF and class-then-EDF put interactive jobs (the shorter SLO) ahead of batch work. */
  get classPriority(): boolean {
    return this.name === 'priority_slo' || this.name === 'edf';
  }

  enqueue(job: number, d: Dispatcher): void {
    this.queue.push(job, d.jobs);
  }

  dispatch(d: Dispatcher): void {
    const lanes = d.lanes;
    const queue = this.queue;
    const bySpeed = this.order === 'fastest' ? lanes.bySpeed : null;
    for (let k = 0; k < lanes.count && queue.size > 0 && lanes.freeUp > 0; k++) {
      const lane = bySpeed ? bySpeed[k]! : k;
      while (queue.size > 0 && lanes.hasRoom(lane)) d.start(queue.pop(), lane);
    }
  }

  drain(): number[] {
    const out: number[] = [];
    this.queue.drainInto(out);
    return out;
  }

  laneChanged(): void {
    // Nothing is bound to a lane before it starts.
  }
}
