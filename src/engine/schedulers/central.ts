// Central-queue schedulers: one queue for all lanes, ordered by a rank (arrival, deadline, class),
// started on lanes in a fixed preference order. Late binding: a job picks its lane only when it
// starts, so these policies are work-conserving.
//
// A central policy is defined once, by a `CentralOrder` (its rank and lane order, in its policy
// file). Both of its schedulers derive from that definition: the fast one here (a queue keyed by
// the rank) when nothing batches or holds memory, and the grouped one (grouped.ts, which compares
// the heads of batchable groups by the same rank) otherwise. `fast-path.test.ts` proves that the
// two give byte-identical traces.

import type { JobTable } from '../job-table.ts';
import { SlotHeap } from '../queues.ts';
import { JobList } from './group-queue.ts';
import { GroupedScheduler, type GroupRanker } from './grouped.ts';
import type { Dispatcher, JobRank, LaneOrder, Scheduler, SchedulerOptions } from './types.ts';

/** The whole definition of a central-queue policy. */
export interface CentralOrder {
  /**
   * Which queued job starts first: `'arrival'` (first come, first served), or a rank (smaller
   * first, ties by arrival). A rank must not decrease along arrival order within a group of jobs
   * that may batch together (same model and class), since the grouped scheduler compares only the
   * head of each group; anything computed from class, model, arrival and SLO satisfies this.
   */
  rank: 'arrival' | JobRank;
  lanes: LaneOrder;
  /** Interactive jobs go ahead of batch jobs (see Scheduler.classPriority). */
  classPriority: boolean;
}

/** The scheduler for a central policy: the fast one unless batching or memory needs groups. */
export function centralScheduler(
  name: string,
  order: CentralOrder,
  o: SchedulerOptions,
): Scheduler {
  if (o.generic || o.policy.holds || o.memory !== undefined) {
    return new GroupedScheduler(name, o, {
      ranker: rankGroups(order.rank),
      order: order.lanes,
      classPriority: order.classPriority,
    });
  }
  const queue = order.rank === 'arrival' ? new ArrivalQueue() : new RankQueue(order.rank);
  return new CentralScheduler(name, queue, order.lanes, order.classPriority);
}

/** The grouped scheduler's ranking of group heads by a central order's rank. */
export function rankGroups(rank: CentralOrder['rank']): GroupRanker {
  return { headRank: rank };
}

/** A queue discipline over job slots. */
export interface JobQueue {
  readonly size: number;
  push(job: number, jobs: JobTable): void;
  pop(): number;
  drainInto(out: number[]): void;
}

/** Arrival order; a job re-queued after a lane failure goes back to its place, not to the back. */
export class ArrivalQueue implements JobQueue {
  private readonly list = new JobList();
  get size(): number {
    return this.list.size;
  }
  push(job: number, jobs: JobTable): void {
    this.list.push(job, jobs);
  }
  pop(): number {
    return this.list.shift();
  }
  drainInto(out: number[]): void {
    this.list.drainInto(out);
  }
}

/** Smallest rank first; ties by arrival order. */
export class RankQueue implements JobQueue {
  private readonly heap = new SlotHeap();
  constructor(private readonly rank: JobRank) {}
  get size(): number {
    return this.heap.size;
  }
  push(job: number, jobs: JobTable): void {
    this.heap.push(job, this.rank(jobs, job), jobs.id[job]!);
  }
  pop(): number {
    return this.heap.pop();
  }
  drainInto(out: number[]): void {
    this.heap.drainInto(out);
  }
}

export class CentralScheduler implements Scheduler {
  constructor(
    readonly name: string,
    private readonly queue: JobQueue,
    private readonly order: LaneOrder,
    readonly classPriority: boolean,
  ) {}

  get size(): number {
    return this.queue.size;
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
