// dynamic: a multi-objective score per ready group of compatible jobs: class priority, deadline
// urgency, batchability, predicted service (a penalty: shortest predicted work first) and memory
// cost (a penalty), with configurable weights; and a lane-fit rule that keeps a run off a lane where
// its predicted service would take more than `max_service_share` of its class's SLO, unless no
// other lane could do better. Always grouped.

import { z } from 'zod';
import { INTERACTIVE } from '../../job-table.ts';
import type { LaneSet } from '../../lanes.ts';
import type { LatencyPredictor } from '../../predictor.ts';
import { GroupedScheduler } from '../grouped.ts';
import { definePolicy } from '../policy.ts';

const nonNegative = z.number().nonnegative();

/** Weights of the `dynamic` scheduler's score (higher score starts first). */
export const dynamicWeightsSchema = z.strictObject({
  /** Interactive over batch. */
  priority: nonNegative.default(1),
  /** Closeness to the deadline after the predicted service. */
  urgency: nonNegative.default(2),
  /** Share of a full batch the group would start. */
  batchability: nonNegative.default(0.5),
  /** Penalty for a long predicted service per job (shortest-job-first pull). */
  service: nonNegative.default(0.5),
  /** Penalty for the memory the run would hold, as a share of the lane's capacity. */
  memory: nonNegative.default(0.25),
});
export type DynamicWeights = z.output<typeof dynamicWeightsSchema>;

export const dynamic = definePolicy({
  name: 'dynamic',
  title: 'Dynamic (weighted score)',
  description:
    'Score each group by class priority, deadline urgency, batchability, predicted service and memory.',
  needsPredictor: true,
  params: {
    weights: dynamicWeightsSchema.prefault({}),
    /**
     * `dynamic` only: start a run on a lane only when its predicted service there is at most this
     * share of its class's SLO (smaller runs are tried); runs that fit nowhere go to the fastest
     * lane. 1 turns the rule off.
     */
    max_service_share: z.number().gt(0).max(1).default(0.3),
  },
  create(o, params) {
    const w = params.weights;
    const share = params.max_service_share;
    const predictor = o.predictor;
    const memory = o.memory;
    /** Predicted single-job service of the slowest queued model on the lane being filled. */
    let ref = 0;
    return new GroupedScheduler('dynamic', o, {
      order: 'fastest',
      classPriority: w.priority > 0,
      ranker: {
        begin(c) {
          ref = 0;
          if (!predictor) return;
          // Normalise predicted service by the slowest queued model's single-job service here.
          const lists = c.set.lists;
          for (let g = 0; g < lists.length; g += 2) {
            if (lists[g]!.size + lists[g + 1]!.size === 0) continue;
            const s = predictor.predict(g >> 1, c.kind, c.speed, 1, c.load);
            if (s > ref) ref = s;
          }
        },
        score(c) {
          const { model, cls, kind, speed, load } = c;
          const slo = o.slo[cls]!;
          let b = c.size;
          let svc = predictor ? predictor.predict(model, kind, speed, b, load) : b;
          // Lane fit: a run too slow for its class here shrinks; one that does not fit at all
          // waits for a faster lane, unless this is the fastest lane that can take work.
          const bound = share * slo;
          while (svc > bound && b > 1 && predictor) {
            b = (b + 1) >> 1;
            svc = predictor.predict(model, kind, speed, b, load);
          }
          if (svc > bound && predictor && fitsElsewhere(c.lanes, c.lane, model, bound, predictor)) {
            return false;
          }
          const slack = c.jobs.deadline[c.head]! - c.now - svc;
          // A group that will miss its deadline whatever happens gets no urgency: serving it first
          // would only make others late too.
          const urgency = slack >= 0 ? 1 - slack / slo : 0;
          c.key1 =
            w.priority * (cls === INTERACTIVE ? 1 : 0) +
            w.urgency * urgency +
            w.batchability * (b / o.policy.maxBatch) -
            w.service * (ref > 0 ? svc / b / ref : 0) -
            w.memory * (memory ? memory.cost(model, b) / c.lanes.memCapacity[c.lane]! : 0);
          c.key2 = -c.jobs.id[c.head]!;
          c.size = b;
          return true;
        },
      },
    });
  },
});

/** Could a run of one `model` job meet `bound` on some other lane that may take work? */
function fitsElsewhere(
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
