// KEDA's ScaledObject, the way it scales a Deployment: KEDA itself moves between zero and one
// replica, and the HPA it creates moves between one and the maximum.
//
//   every polling interval (30 s): the trigger is active when its metric is above
//     `activation_target` (activationThreshold, 0): at 0 replicas an active trigger scales to
//     max(1, min); with `min` 0, once no poll has seen it active for `cooldown_period_s` (300 s),
//     the Deployment scales back to 0;
//   every HPA sync (15 s) while replicas > 0: the HPA with KEDA's AverageValue target
//     (`target`, the trigger's threshold) and its behavior (hpa.ts), never below 1.
//
// The default trigger is a queue (a message queue or Prometheus query of waiting requests, as
// KEDA's scalers read them). What is not modelled: fallback replicas on scaler errors, paused
// scaling, `idleReplicaCount`.

import { z } from 'zod';
import { defineAutoscaler, type ScalePolicy, type ScaleSignals } from '../types.ts';
import { HpaController, hpaShape, hpaStep, metricValue } from './hpa.ts';

export const kedaParams = z
  .strictObject({
    ...hpaShape,
    metric: hpaShape.metric.removeDefault().default('queue'),
    /** The trigger's `threshold`: the per-replica value the HPA aims at. */
    target: hpaShape.target.removeDefault().default(5),
    /** `activationThreshold`: the trigger is active while the metric is above it. */
    activation_target: z.number().min(0).max(1_000_000).default(0),
    polling_interval_s: z.number().min(0.1).max(3600).default(30),
    cooldown_period_s: z.number().min(0).max(86_400).default(300),
  })
  .refine((p) => p.metric !== 'utilisation' || p.target <= 1, {
    message: 'a utilisation target is a share of a replica: at most 1',
    path: ['target'],
  })
  .prefault({});

export type KedaParams = z.output<typeof kedaParams>;

/** Whole periods: two loops on one clock tick together when one period divides the other. */
const EPS = 1e-6;

class Keda implements ScalePolicy {
  readonly periodMs: number;
  private readonly hpa: HpaController;
  private lastPoll = 0;
  private lastSync = 0;
  private lastActive = 0;

  constructor(private readonly p: KedaParams) {
    this.periodMs = 1000 * Math.min(p.polling_interval_s, p.sync_period_s);
    this.hpa = new HpaController(p);
  }

  decide(s: ScaleSignals): number {
    const p = this.p;
    const current = s.replicas;
    const now = s.now;
    if (now - this.lastPoll >= 1000 * p.polling_interval_s - EPS) {
      this.lastPoll = now;
      const active = metricValue(p.metric, s) > p.activation_target;
      if (active) this.lastActive = now;
      if (current === 0 && active) {
        const to = Math.max(1, s.min);
        this.hpa.record(now, 0, to);
        return to;
      }
      if (
        current > 0 &&
        !active &&
        s.min === 0 &&
        now - this.lastActive >= 1000 * p.cooldown_period_s - EPS
      ) {
        this.hpa.record(now, current, 0);
        return 0;
      }
    }
    if (current === 0) return 0;
    if (now - this.lastSync >= 1000 * p.sync_period_s - EPS) {
      this.lastSync = now;
      return hpaStep(p, this.hpa, s, Math.max(1, s.min));
    }
    return current;
  }
}

export const keda = defineAutoscaler({
  name: 'keda',
  title: 'KEDA',
  description:
    'KEDA: polls its trigger every 30 s, scales from and to zero (300 s cooldown), and an HPA on the trigger between 1 and max',
  params: kedaParams,
  create: (p) => new Keda(p),
});
