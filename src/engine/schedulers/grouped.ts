// Schedulers that batch and respect memory. Queued jobs sit in groups that may share a batch (same
// model and class, see group-queue.ts); when a lane has room, the scheduler scores every group that
// is ready (the batch policy says how many of its jobs to start, and the memory model how many fit
// in the lane's free memory) and starts the best one as one run. A group held back by its batch
// window sets a timer (`Dispatcher.wakeAt`) so it is looked at again when its window closes.
//
// The same machinery runs every policy when batching or memory is on (fifo, edf, priority_slo and
// greedy_gpu_first as disciplines over group heads; least_loaded and round_robin bind each job to a
// lane's own groups on arrival), and always runs the two policies that need groups:
// - batch_aware: the group that makes the largest batch first, earliest deadline breaking ties;
// - dynamic: the highest weighted score of class priority, deadline urgency, batchability,
//   predicted service (a penalty: shortest predicted work first) and memory cost (a penalty).
// Without batching or memory the plain schedulers (central.ts, bound.ts) run: they are faster.

import type { DynamicWeights, SchedulerName } from '../config.ts';
import type { BatchPolicy } from '../batching.ts';
import { INTERACTIVE } from '../job-table.ts';
import type { MemoryModel } from '../memory.ts';
import type { LaneSet } from '../lanes.ts';
import type { LatencyPredictor } from '../predictor.ts';
import type { LanePicker } from './bound.ts';
import type { LaneOrder } from './central.ts';
import { GroupSet } from './group-queue.ts';
import type { Dispatcher, Scheduler } from './types.ts';

export type Discipline = 'fifo' | 'edf' | 'priority_slo' | 'batch_aware' | 'dynamic';

/** What a grouped scheduler is built from. */
export interface GroupedOptions {
  discipline: Discipline;
  order: LaneOrder;
  /** Bind jobs to lanes on arrival with this picker; central queue when absent. */
  picker?: LanePicker | undefined;
  policy: BatchPolicy;
  memory?: MemoryModel | undefined;
  predictor?: LatencyPredictor | undefined;
  weights: DynamicWeights;
  /** `dynamic`: the largest share of the class SLO a run's predicted service may take on a lane. */
  maxServiceShare: number;
  /** SLO (ms) per class. */
  slo: Float64Array;
  models: number;
}

export class GroupedScheduler implements Scheduler {
  /** One set for a central queue, or one per lane when binding. */
  private readonly sets: GroupSet[] = [];
  private readonly unbound: number[] = [];
  private readonly batch: number[] = [];
  private n = 0;
  /** Earliest time a held group becomes ready, found during the current dispatch. */
  private wake = Infinity;
  /** The size to start for the group `choose` returned. */
  private chosenSize = 0;
  readonly classPriority: boolean;

  constructor(
    readonly name: SchedulerName,
    private readonly o: GroupedOptions,
  ) {
    if (!o.picker) this.sets.push(new GroupSet(o.models));
    this.classPriority =
      o.discipline === 'priority_slo' ||
      o.discipline === 'edf' ||
      (o.discipline === 'dynamic' && o.weights.priority > 0);
  }

  get size(): number {
    return this.n;
  }

  enqueue(job: number, d: Dispatcher): void {
    this.n++;
    if (!this.o.picker) this.sets[0]!.push(job, d.jobs);
    else this.bind(job, d);
  }

  private bind(job: number, d: Dispatcher): void {
    const lanes = d.lanes;
    while (this.sets.length < lanes.count) this.sets.push(new GroupSet(this.o.models));
    const lane = this.o.picker!(lanes);
    if (lane < 0) {
      this.unbound.push(job);
      return;
    }
    this.sets[lane]!.push(job, d.jobs);
    lanes.bound[lane]!++;
  }

  dispatch(d: Dispatcher): void {
    const lanes = d.lanes;
    const central = !this.o.picker;
    const bySpeed = this.o.order === 'fastest' ? lanes.bySpeed : null;
    this.wake = Infinity;
    for (let k = 0; k < lanes.count && this.n > 0 && lanes.freeUp > 0; k++) {
      const lane = bySpeed ? bySpeed[k]! : k;
      const set = central ? this.sets[0] : this.sets[lane];
      if (!set) continue;
      while (set.size > 0 && lanes.hasRoom(lane)) {
        const g = this.choose(set, lane, d);
        if (g < 0) break;
        const size = this.chosenSize;
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

  /** The group to start next on `lane` (and its size in `chosenSize`), or -1 for none. */
  private choose(set: GroupSet, lane: number, d: Dispatcher): number {
    const o = this.o;
    const jobs = d.jobs;
    const lanes = d.lanes;
    const now = d.now;
    const memory = o.memory;
    const free = memory ? lanes.memCapacity[lane]! - lanes.memUsed[lane]! : Infinity;
    const discipline = o.discipline;
    const predictor = o.predictor;
    const kind = lanes.kind[lane]!;
    const speed = lanes.speed[lane]!;
    const load = lanes.running[lane]! / lanes.concurrency[lane]!;
    let ref = 0;
    if (discipline === 'dynamic' && predictor) {
      // Normalise predicted service by the slowest queued model's single-job service here.
      for (let g = 0; g < set.lists.length; g += 2) {
        if (set.lists[g]!.size + set.lists[g + 1]!.size === 0) continue;
        const s = predictor.predict(g >> 1, kind, speed, 1, load);
        if (s > ref) ref = s;
      }
    }
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
      let a: number;
      let c: number;
      switch (discipline) {
        case 'fifo':
          a = -jobs.id[head]!;
          c = 0;
          break;
        case 'edf':
          a = -jobs.deadline[head]!;
          c = -jobs.id[head]!;
          break;
        case 'priority_slo':
          a = cls === INTERACTIVE ? 1 : 0;
          c = -jobs.deadline[head]!;
          break;
        case 'batch_aware':
          a = b;
          c = -jobs.deadline[head]!;
          break;
        case 'dynamic': {
          const w = o.weights;
          const slo = o.slo[cls]!;
          let svc = predictor ? predictor.predict(model, kind, speed, b, load) : b;
          // Lane fit: a run too slow for its class here shrinks; one that does not fit at all
          // waits for a faster lane, unless this is the fastest lane that can take work.
          const bound = o.maxServiceShare * slo;
          while (svc > bound && b > 1 && predictor) {
            b = (b + 1) >> 1;
            svc = predictor.predict(model, kind, speed, b, load);
          }
          if (
            svc > bound &&
            predictor &&
            this.fitsElsewhere(lanes, lane, model, bound, predictor)
          ) {
            continue;
          }
          const slack = jobs.deadline[head]! - now - svc;
          // A group that will miss its deadline whatever happens gets no urgency: serving it first
          // would only make others late too.
          const urgency = slack >= 0 ? 1 - slack / slo : 0;
          a =
            w.priority * (cls === INTERACTIVE ? 1 : 0) +
            w.urgency * urgency +
            w.batchability * (b / o.policy.maxBatch) -
            w.service * (ref > 0 ? svc / b / ref : 0) -
            w.memory * (memory ? memory.cost(model, b) / lanes.memCapacity[lane]! : 0);
          c = -jobs.id[head]!;
          break;
        }
      }
      if (a > k1 || (a === k1 && c > k2)) {
        best = g;
        bestSize = b;
        k1 = a;
        k2 = c;
      }
    }
    this.chosenSize = bestSize;
    return best;
  }

  /** Could a run of one `model` job meet `bound` on some other lane that may take work? */
  private fitsElsewhere(
    lanes: LaneSet,
    lane: number,
    model: number,
    bound: number,
    predictor: LatencyPredictor,
  ): boolean {
    for (let l = 0; l < lanes.count; l++) {
      if (l === lane || !lanes.eligible(l)) continue;
      if (predictor.predict(model, lanes.kind[l]!, lanes.speed[l]!, 1, 0) <= bound) return true;
    }
    return false;
  }

  drain(): number[] {
    const out: number[] = [];
    for (const set of this.sets) set.drainInto(out);
    out.push(...this.unbound);
    this.unbound.length = 0;
    this.n = 0;
    return out;
  }

  laneChanged(_lane: number, d: Dispatcher): void {
    if (!this.o.picker) return;
    // A lane that may no longer take work gives its jobs back; they are bound afresh.
    const lanes = d.lanes;
    const rebind: number[] = [];
    for (let lane = 0; lane < this.sets.length; lane++) {
      const set = this.sets[lane]!;
      if (set.size > 0 && !lanes.eligible(lane)) {
        lanes.bound[lane] = 0;
        set.drainInto(rebind);
      }
    }
    rebind.push(...this.unbound);
    this.unbound.length = 0;
    const ids = d.jobs.id;
    rebind.sort((a, b) => ids[a]! - ids[b]!);
    for (const job of rebind) this.bind(job, d);
  }
}
