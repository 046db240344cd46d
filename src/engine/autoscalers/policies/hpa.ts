// Kubernetes' Horizontal Pod Autoscaler (autoscaling/v2), as its documentation and controller
// (pkg/controller/podautoscaler) define it:
//
//   every sync period (15 s):  desired = ceil(current x metric / target)
//     - skipped while |metric / target - 1| <= tolerance (0.1);
//     - a per-replica metric (utilisation, in-flight) is averaged over ready replicas; replicas
//       still in their cold start are set aside, and on a scale-up they count as using 0 (the
//       controller's conservative rule for pods that are not ready);
//     - the queue metric is an External metric with an AverageValue target: desired =
//       ceil(queue / target), measured against every replica asked for;
//   then `behavior`:
//     - stabilisation: the recommendation is held between the lowest recommendation of the last
//       `scale_up.stabilization_window_s` (0 s) and the highest of the last
//       `scale_down.stabilization_window_s` (300 s);
//     - rate limits: scale-up by at most the larger of +100 % and +4 replicas per 15 s (the default
//       policies, `select_policy: max`), scale-down by at most -100 % per 15 s, each counted from
//       the replicas at the start of the policy's period (scale events within it undone);
//     - clamped to [min, max]. With 0 replicas the HPA does nothing (scaling from zero is KEDA's).
//
// What is not modelled: the metrics pipeline's own delay beyond the sync period, the CPU
// initialisation period, and missing metrics (every ready replica reports).

import { z } from 'zod';
import { defineAutoscaler, type ScalePolicy, type ScaleSignals } from '../types.ts';

const rule = z.strictObject({
  /** `pods`: add or remove this many; `percent`: this share of the replicas at the period's start. */
  type: z.enum(['pods', 'percent']),
  value: z.number().positive().max(10_000),
  period_s: z.number().positive().max(1800),
});

const rules = (d: { stabilization_window_s: number; policies: z.input<typeof rule>[] }) =>
  z
    .strictObject({
      stabilization_window_s: z.number().min(0).max(3600).default(d.stabilization_window_s),
      /** Of the policies' limits, the one allowing the biggest change (`max`), the smallest
       * (`min`), or none (`disabled`: no scaling in this direction). */
      select_policy: z.enum(['max', 'min', 'disabled']).default('max'),
      policies: z.array(rule).min(1).max(10).default(d.policies),
    })
    .prefault({});

/** The HPA's metric and its target, its tolerance and sync period, and `behavior`. */
export const hpaShape = {
  /**
   * `utilisation`: busy share of a replica's slots (a CPU utilisation target, 0..1);
   * `in_flight`: requests running or waiting per replica (a Pods metric, AverageValue);
   * `queue`: requests waiting per replica (an External metric, AverageValue).
   */
  metric: z.enum(['utilisation', 'in_flight', 'queue']).default('utilisation'),
  /** The target per replica: a share for utilisation (kubectl autoscale's default 80 %), a count
   * for in_flight and queue. */
  target: z.number().positive().max(1_000_000).default(0.8),
  tolerance: z.number().min(0).max(1).default(0.1),
  sync_period_s: z.number().min(0.1).max(3600).default(15),
  scale_up: rules({
    stabilization_window_s: 0,
    policies: [
      { type: 'percent', value: 100, period_s: 15 },
      { type: 'pods', value: 4, period_s: 15 },
    ],
  }),
  scale_down: rules({
    stabilization_window_s: 300,
    policies: [{ type: 'percent', value: 100, period_s: 15 }],
  }),
};

export const hpaParams = z
  .strictObject(hpaShape)
  .refine((p) => p.metric !== 'utilisation' || p.target <= 1, {
    message: 'a utilisation target is a share of a replica: at most 1',
    path: ['target'],
  })
  .prefault({});

export type HpaParams = z.output<typeof hpaParams>;
type Rules = HpaParams['scale_up'];

/** The metric's value as the HPA reads it: per ready replica, or the queue's total. */
export function metricValue(metric: HpaParams['metric'], s: ScaleSignals): number {
  if (metric === 'utilisation') return s.utilisation;
  if (metric === 'queue') return s.queued;
  return s.running + s.queued;
}

/**
 * The replica calculator (replica_calculator.go): the unstabilised recommendation for the metric,
 * `current` when within tolerance or when no ready replica reports.
 */
export function hpaRecommendation(
  p: Pick<HpaParams, 'metric' | 'target' | 'tolerance'>,
  s: ScaleSignals,
): number {
  const current = s.replicas;
  if (p.metric === 'queue') {
    // GetExternalPerPodMetricReplicas: against every replica asked for, ready or not.
    const ratio = s.queued / (p.target * current);
    return Math.abs(1 - ratio) > p.tolerance ? Math.ceil(s.queued / p.target) : current;
  }
  const ready = s.ready;
  if (ready === 0) return current; // no metrics: "did not receive metrics for targeted pods"
  // Per-ready-replica usage: utilisation is already an average; in-flight is a total spread over
  // the replicas that serve (the queue in front of them is theirs to work off).
  const usage = p.metric === 'utilisation' ? s.utilisation : (s.running + s.queued) / ready;
  if (!(usage >= 0)) return current;
  const ratio = usage / p.target;
  const unready = s.starting;
  if (!(unready > 0 && ratio > 1)) {
    if (Math.abs(1 - ratio) <= p.tolerance) return current;
    return Math.ceil(ratio * ready - 1e-9);
  }
  // Scaling up with replicas still starting: count them as using nothing and look again.
  const newRatio = (usage * ready) / (ready + unready) / p.target;
  if (Math.abs(1 - newRatio) <= p.tolerance || newRatio < 1) return current;
  const replicas = Math.ceil(newRatio * (ready + unready) - 1e-9);
  return replicas < current ? current : replicas;
}

interface Stamped {
  t: number;
  n: number;
}

/**
 * The controller's state for one HPA: past recommendations (stabilisation) and scale events (rate
 * limits). `normalize` is normalizeDesiredReplicasWithBehaviors; `record` stores a scale event,
 * whoever made it (a predictive autoscaler that raises the HPA's floor records its own too).
 */
export class HpaController {
  private readonly recs: Stamped[] = [];
  private readonly ups: Stamped[] = [];
  private readonly downs: Stamped[] = [];
  private readonly keep: number;

  constructor(private readonly p: Pick<HpaParams, 'scale_up' | 'scale_down'>) {
    const longest = (r: Rules): number => Math.max(...r.policies.map((x) => x.period_s));
    this.keep =
      1000 *
      Math.max(
        p.scale_up.stabilization_window_s,
        p.scale_down.stabilization_window_s,
        longest(p.scale_up),
        longest(p.scale_down),
      );
  }

  /** Stabilise `desired` against the windows, then limit it by the scaling policies and bounds. */
  normalize(now: number, current: number, desired: number, min: number, max: number): number {
    this.prune(now);
    // stabilizeRecommendationWithBehaviors
    const upCut = now - 1000 * this.p.scale_up.stabilization_window_s;
    const downCut = now - 1000 * this.p.scale_down.stabilization_window_s;
    let up = desired;
    let down = desired;
    for (const r of this.recs) {
      if (r.t > upCut) up = Math.min(up, r.n);
      if (r.t > downCut) down = Math.max(down, r.n);
    }
    this.recs.push({ t: now, n: desired });
    let rec = current;
    if (rec < up) rec = up;
    if (rec > down) rec = down;
    // convertDesiredReplicasWithBehaviorRate
    if (rec > current) {
      const limit = Math.max(this.limit(now, current, this.p.scale_up, 1), current);
      return Math.min(rec, limit, max);
    }
    if (rec < current) {
      const limit = this.limit(now, current, this.p.scale_down, -1);
      return Math.max(rec, limit, min);
    }
    return Math.min(Math.max(rec, min), max);
  }

  /** A scale from `from` to `to` replicas at `now`. */
  record(now: number, from: number, to: number): void {
    if (to > from) this.ups.push({ t: now, n: to - from });
    else if (to < from) this.downs.push({ t: now, n: from - to });
  }

  /** calculateScaleUpLimitWithScalingRules (dir 1) / calculateScaleDownLimitWithBehaviors (-1). */
  private limit(now: number, current: number, r: Rules, dir: 1 | -1): number {
    if (r.select_policy === 'disabled') return current;
    // For a scale-up `max` picks the highest limit; for a scale-down the lowest.
    const pickHigh = (r.select_policy === 'max') === (dir === 1);
    let result = pickHigh ? -Infinity : Infinity;
    for (const policy of r.policies) {
      const cut = now - 1000 * policy.period_s;
      const added = sum(this.ups, cut);
      const removed = sum(this.downs, cut);
      const start = current - added + removed;
      let proposed: number;
      if (policy.type === 'pods') proposed = start + dir * policy.value;
      else if (dir === 1) proposed = Math.ceil(start * (1 + policy.value / 100));
      else proposed = Math.trunc(start * (1 - policy.value / 100));
      result = pickHigh ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }

  private prune(now: number): void {
    const cut = now - this.keep;
    for (const list of [this.recs, this.ups, this.downs]) {
      let k = 0;
      while (k < list.length && list[k]!.t <= cut) k++;
      if (k > 0) list.splice(0, k);
    }
  }
}

function sum(events: readonly Stamped[], cut: number): number {
  let n = 0;
  for (const e of events) if (e.t > cut) n += e.n;
  return n;
}

/** One HPA evaluation: recommendation, behavior, bounds; records its own scale. */
export function hpaStep(
  p: HpaParams,
  controller: HpaController,
  s: ScaleSignals,
  min = s.min,
): number {
  const current = s.replicas;
  if (current === 0) return 0;
  const desired = controller.normalize(s.now, current, hpaRecommendation(p, s), min, s.max);
  controller.record(s.now, current, desired);
  return desired;
}

export const hpa = defineAutoscaler({
  name: 'hpa',
  title: 'Kubernetes HPA',
  description:
    "Kubernetes' Horizontal Pod Autoscaler: ceil(current x metric / target) every 15 s, 10 % tolerance, 300 s scale-down window, +100 % or +4 per 15 s up",
  params: hpaParams,
  create(p): ScalePolicy {
    const controller = new HpaController(p);
    return {
      periodMs: p.sync_period_s * 1000,
      decide: (s) => hpaStep(p, controller, s),
    };
  },
});
