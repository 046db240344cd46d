// A predictive autoscaler in the manner of AWS EC2 Auto Scaling's predictive scaling: forecast the
// load, and have the capacity the forecast needs in place a buffer ahead of time, with a reactive
// rule as the floor so that a forecast that is too low never starves the service.
//
//   every `period_s` (15 s): observe the arrival rate of the period just ended; update an additive
//     Holt-Winters forecaster (forecast.ts) whose season is `season_s` (a day by default; Holt's
//     linear trend until a whole season has been seen);
//   capacity(rate) = ceil(rate / (per-replica rate x target_utilisation)), the per-replica rate
//     measured on the run (completions per busy slot-second), the service model's before that;
//   forecast desired = the most capacity any forecast from now to `buffer_s` ahead (AWS's
//     SchedulingBufferTime, 300 s by default) asks for: replicas start a buffer before the load
//     needs them, and are let go only once the forecast over the whole buffer has fallen;
//   desired = max(forecast desired, the floor): the floor is a Kubernetes HPA (hpa.ts) on
//     `floor_metric` / `floor_target` with its documented behaviour, whose scale-down window
//     (`floor_scale_down_window_s`, 300 s) a forecast can shorten because the forecast itself
//     holds capacity that the load will need.
//
// What is not modelled: AWS's hourly forecast granularity and its 24 h minimum history (the run's
// own history is all there is), forecast-only mode.

import { z } from 'zod';
import { HoltWinters } from '../forecast.ts';
import { defineAutoscaler, type ScalePolicy, type ScaleSignals } from '../types.ts';
import { HpaController, hpaParams, hpaStep, type HpaParams } from './hpa.ts';

export const predictiveParams = z
  .strictObject({
    period_s: z.number().min(1).max(3600).default(15),
    /** How far ahead capacity is put in place (AWS SchedulingBufferTime). */
    buffer_s: z.number().min(0).max(3600).default(300),
    /** The season's length: a day, or a compressed day's length. */
    season_s: z
      .number()
      .min(0)
      .max(7 * 86_400)
      .default(86_400),
    /** Share of a replica's capacity the forecast sizes for. */
    target_utilisation: z.number().gt(0).max(1).default(0.7),
    alpha: z.number().gt(0).max(1).default(0.3),
    beta: z.number().min(0).max(1).default(0.02),
    gamma: z.number().min(0).max(1).default(0.3),
    floor_metric: z.enum(['utilisation', 'in_flight', 'queue']).default('in_flight'),
    floor_target: z.number().positive().max(1_000_000).default(4),
    floor_scale_down_window_s: z.number().min(0).max(3600).default(300),
  })
  .refine((p) => p.floor_metric !== 'utilisation' || p.floor_target <= 1, {
    message: 'a utilisation target is a share of a replica: at most 1',
    path: ['floor_target'],
  })
  .prefault({});

export type PredictiveParams = z.output<typeof predictiveParams>;

export class Predictive implements ScalePolicy {
  readonly periodMs: number;
  readonly forecaster: HoltWinters;
  private readonly floor: HpaParams;
  private readonly hpa: HpaController;
  private readonly horizon: number;
  /** The last evaluation's forecast desired count and floor (for the page and tests). */
  lastForecast = 0;
  lastFloor = 0;

  constructor(private readonly p: PredictiveParams) {
    this.periodMs = p.period_s * 1000;
    const season = p.season_s > 0 ? Math.round(p.season_s / p.period_s) : 0;
    this.forecaster = new HoltWinters({
      alpha: p.alpha,
      beta: p.beta,
      gamma: p.gamma,
      season: season >= 2 ? season : 0,
    });
    this.horizon = Math.ceil(p.buffer_s / p.period_s - 1e-9);
    const base = hpaParams.parse({});
    this.floor = {
      ...base,
      metric: p.floor_metric,
      target: p.floor_target,
      sync_period_s: p.period_s,
      scale_down: { ...base.scale_down, stabilization_window_s: p.floor_scale_down_window_s },
    };
    this.hpa = new HpaController(this.floor);
  }

  decide(s: ScaleSignals): number {
    const p = this.p;
    this.forecaster.observe(s.arrivalRate);
    const perReplica = s.perReplicaRate * p.target_utilisation;
    let rate = s.arrivalRate;
    for (let h = 1; h <= this.horizon; h++) rate = Math.max(rate, this.forecaster.forecast(h));
    const forecast = perReplica > 0 ? Math.ceil(rate / perReplica - 1e-9) : s.replicas;
    const floor = s.replicas === 0 ? Math.max(1, s.min) : hpaStep(this.floor, this.hpa, s);
    this.lastForecast = forecast;
    this.lastFloor = floor;
    const desired = Math.min(s.max, Math.max(s.min, forecast, floor));
    // The HPA floor counts the forecast's scaling as its own events (its rate limits look back).
    if (desired !== floor) this.hpa.record(s.now, floor, desired);
    return desired;
  }
}

export const predictive = defineAutoscaler({
  name: 'predictive',
  title: 'Predictive',
  description:
    'Predictive: Holt-Winters forecast of the arrival rate from the run so far, capacity in place 300 s ahead (as AWS predictive scaling), an HPA as the floor',
  params: predictiveParams,
  create: (p) => new Predictive(p),
});
