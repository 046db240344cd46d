// The grouped scheduler: batches and respects memory. Queued jobs sit in groups that may share a
// batch (same model and class, see group-queue.ts); when a lane has room, the scheduler asks the
// policy's ranker to score every group that is ready (the batch policy says how many of its jobs to
// start, and the memory model how many fit in the lane's free memory) and starts the best one as
// one run. A group held back by its batch window sets a timer (`Dispatcher.wakeAt`) so it is looked
// at again when its window closes.
//
// It holds no policy of its own: central policies rank group heads by their rank (central.ts),
// binding policies bind each job to a lane's own groups with their picker (bound.ts), and
// batch_aware and dynamic bring their own rankers (policies/batch-aware.ts, policies/dynamic.ts).

import type { JobTable } from '../job-table.ts';
import type { LaneSet } from '../lanes.ts';
import { LaneBinder, type LanePicker } from './binding.ts';
import { GroupSet } from './group-queue.ts';
import type { Dispatcher, JobRank, LaneOrder, Scheduler, SchedulerOptions } from './types.ts';

/**
 * One ready group, as a ranker sees it, and the ranker's answer. The scheduler fills the inputs;
 * `score` sets `key1`, `key2` (higher starts first, key2 breaks ties) and may lower `size`. One
 * object per scheduler, reused: nothing is allocated per choice.
 */
export class GroupChoice {
  // ---- inputs (per choice) ----
  now = 0;
  jobs!: JobTable;
  lanes!: LaneSet;
  lane = 0;
  /** The lane's kind (lanes.ts GPU/CPU), speed and busy share of its slots. */
  kind = 0;
  speed = 1;
  load = 0;
  /** The groups of the queue being chosen from: group g = model * 2 + class. */
  set!: GroupSet;
  // ---- inputs (per group) ----
  group = 0;
  model = 0;
  cls = 0;
  /** The group's oldest job (slot). */
  head = 0;
  /** How many jobs would start (batch policy and memory applied). */
  size = 0;
  // ---- outputs ----
  key1 = 0;
  key2 = 0;
}

/**
 * A policy's preference between ready groups: by their head job alone (central policies: `'arrival'`
 * or a rank, smaller first, ties by arrival; ranked inline), or by a score of the whole group.
 */
export type GroupRanker =
  | { readonly headRank: 'arrival' | JobRank }
  | {
      readonly headRank?: undefined;
      /** Called once per choice before any group is scored (to normalise over the queue). */
      begin?(c: GroupChoice, o: SchedulerOptions): void;
      /** Score the group in `c`; false leaves it out of this choice. */
      score(c: GroupChoice, o: SchedulerOptions): boolean;
    };

/** What a grouped scheduler is built from besides the run's options. */
export interface GroupedSpec {
  ranker: GroupRanker;
  order: LaneOrder;
  /** Bind jobs to lanes on arrival with this picker; central queue when absent. */
  picker?: LanePicker | undefined;
  classPriority: boolean;
}

export class GroupedScheduler implements Scheduler {
  /** The one set of a central queue; undefined when binding. */
  private readonly central: GroupSet | undefined;
  /** One set per lane when the policy binds jobs to lanes on arrival. */
  private readonly binder: LaneBinder<GroupSet> | undefined;
  private readonly batch: number[] = [];
  private n = 0;
  /** Earliest time a held group becomes ready, found during the current dispatch. */
  private wake = Infinity;
  private readonly choice = new GroupChoice();
  readonly classPriority: boolean;

  constructor(
    readonly name: string,
    private readonly o: SchedulerOptions,
    private readonly spec: GroupedSpec,
  ) {
    if (spec.picker) this.binder = new LaneBinder(spec.picker, () => new GroupSet(o.models));
    else this.central = new GroupSet(o.models);
    this.classPriority = spec.classPriority;
  }

  get size(): number {
    return this.n;
  }

  enqueue(job: number, d: Dispatcher): void {
    this.n++;
    if (this.binder) this.binder.bind(job, d);
    else this.central!.push(job, d.jobs);
  }

  dispatch(d: Dispatcher): void {
    const lanes = d.lanes;
    const central = this.central;
    const bound = this.binder?.queues;
    const bySpeed = this.spec.order === 'fastest' ? lanes.bySpeed : null;
    this.wake = Infinity;
    for (let k = 0; k < lanes.count && this.n > 0 && lanes.freeUp > 0; k++) {
      const lane = bySpeed ? bySpeed[k]! : k;
      const set = central ?? bound![lane];
      if (!set) continue;
      while (set.size > 0 && lanes.hasRoom(lane)) {
        const g = this.choose(set, lane, d);
        if (g < 0) break;
        const size = this.choice.size;
        const list = set.lists[g]!;
        set.size -= size;
        this.n -= size;
        if (!central) lanes.bound[lane]! -= size;
        if (size === 1) {
          d.start(list.shift(), lane);
        } else {
          const batch = this.batch;
          batch.length = 0;
          for (let i = 0; i < size; i++) batch.push(list.shift());
          d.startBatch(batch, lane);
        }
      }
    }
    if (this.wake < Infinity) d.wakeAt(this.wake);
  }

  /** The group to start next on `lane` (its size left in `choice.size`), or -1 for none. */
  private choose(set: GroupSet, lane: number, d: Dispatcher): number {
    const o = this.o;
    const ranker = this.spec.ranker;
    const jobs = d.jobs;
    const lanes = d.lanes;
    const now = d.now;
    const memory = o.memory;
    const free = memory ? lanes.memCapacity[lane]! - lanes.memUsed[lane]! : Infinity;
    const headRank = ranker.headRank;
    const c = this.choice;
    c.now = now;
    c.jobs = jobs;
    c.lanes = lanes;
    c.lane = lane;
    c.kind = lanes.kind[lane]!;
    c.speed = lanes.speed[lane]!;
    c.load = lanes.running[lane]! / lanes.concurrency[lane]!;
    c.set = set;
    if (headRank === undefined) ranker.begin?.(c, o);
    let best = -1;
    let bestSize = 0;
    let k1 = -Infinity;
    let k2 = -Infinity;
    const lists = set.lists;
    for (let g = 0; g < lists.length; g++) {
      const list = lists[g]!;
      const n = list.size;
      if (n === 0) continue;
      const head = list.at(0);
      const cls = g & 1;
      const model = g >> 1;
      const arrival = jobs.arrival[head]!;
      let b = o.policy.size(n, arrival, cls, now);
      if (b === 0) {
        const ready = o.policy.readyAt(arrival);
        if (ready < this.wake) this.wake = ready;
        continue;
      }
      if (memory) {
        b = memory.fitSize(model, b, free);
        if (b === 0) continue;
      }
      let key1: number;
      let key2: number;
      if (headRank !== undefined) {
        // Ranked by the head job: the smallest rank (then the earliest arrival) first.
        key2 = -jobs.id[head]!;
        key1 = headRank === 'arrival' ? key2 : -headRank(jobs, head);
      } else {
        c.group = g;
        c.model = model;
        c.cls = cls;
        c.head = head;
        c.size = b;
        if (!ranker.score(c, o)) continue;
        key1 = c.key1;
        key2 = c.key2;
        b = c.size;
      }
      if (key1 > k1 || (key1 === k1 && key2 > k2)) {
        best = g;
        bestSize = b;
        k1 = key1;
        k2 = key2;
      }
    }
    c.size = bestSize;
    return best;
  }

  drain(): number[] {
    const out: number[] = [];
    if (this.binder) this.binder.drainInto(out);
    else this.central!.drainInto(out);
    this.n = 0;
    return out;
  }

  laneChanged(_lane: number, d: Dispatcher): void {
    this.binder?.rebind(d);
  }
}
