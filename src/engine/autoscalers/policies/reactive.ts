// SchedLab's first autoscaler, the elastic-serving source system's rule, kept as it was: size the
// pool for the load it serves and react to a backlog at once; shrink one replica at a time after a
// quiet spell. Its knobs are the `autoscale` section's own fields (interval_ms, target_utilisation,
// queue_per_lane, cooldown_ms), as configs have always written them.
//
//   every interval_ms (1 s):
//     busy    = time-averaged busy slots of the pool since the last evaluation
//     desired = max(ceil(busy / (concurrency x target_utilisation)), ceil(queued / queue_per_lane))
//     above the replicas asked for: all of the difference at once;
//     below: one replica, and only `cooldown_ms` after the last scale event of either direction.

import { z } from 'zod';
import {
  defineAutoscaler,
  type ScalePolicy,
  type ScaleSignals,
  type SectionKnobs,
} from '../types.ts';

/** Its knobs live in the `autoscale` section itself (config-sections.ts): no sub-section. */
export const reactiveParams = z.strictObject({}).prefault({});

export class Reactive implements ScalePolicy {
  readonly periodMs: number;
  private lastScaleAt = -Infinity;

  constructor(private readonly k: SectionKnobs) {
    this.periodMs = k.interval_ms;
  }

  decide(s: ScaleSignals): number {
    const k = this.k;
    // A hair above an integer stays there: float noise must not ask for a whole extra lane.
    const byUtil = Math.ceil(s.busy / (s.concurrency * k.target_utilisation) - 1e-9);
    const byQueue = Math.ceil(s.queued / k.queue_per_lane);
    const want = Math.min(s.max, Math.max(s.min, byUtil, byQueue));
    const size = s.replicas;
    if (want > size) {
      this.lastScaleAt = s.now;
      return want;
    }
    if (want < size && s.now - this.lastScaleAt >= k.cooldown_ms) {
      this.lastScaleAt = s.now;
      return size - 1;
    }
    return size;
  }
}

export const reactive = defineAutoscaler({
  name: 'reactive',
  title: 'Reactive rule',
  description:
    "SchedLab's first rule: size for utilisation and the queue every second, all of a scale-up at once, one replica down after a cooldown",
  params: reactiveParams,
  create: (_params, section) => new Reactive(section),
});
