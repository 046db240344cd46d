// Ray Serve's default autoscaling policy (ray/serve/autoscaling_policy.py,
// `replica_queue_length_autoscaling_policy`), on its control loop (CONTROL_LOOP_INTERVAL_S, 0.1 s):
//
//   total   = ongoing requests (running at replicas and waiting at the router), averaged over the
//             last `look_back_period_s` (30 s) of what replicas have reported; they report every
//             `metrics_interval_s` (10 s);
//   at 0 running replicas with requests waiting: ask for max(ceil(upscaling_factor), target) at
//             once (the cold-start fast path);
//   desired = total / target_ongoing_requests (2), moved from the running replicas by
//             `upscaling_factor` or `downscaling_factor` (both `smoothing_factor`, 1, by default):
//             ceil(running + factor x (desired - running)), at least one less when it should fall;
//             clamped to [min, max];
//   delay:    a scale-up happens once the loop has wanted it more than
//             int(upscale_delay_s / 0.1) times in a row (30 s), a scale-down more than
//             int(downscale_delay_s / 0.1) times (600 s; to zero `downscale_to_zero_delay_s` when
//             set); a decision the other way resets the count.
//
// What is not modelled: the replicas' own 0.5 s recording period (the loop's samples stand in for
// it) and `max_ongoing_requests` back-pressure (the engine's lanes hold their own concurrency).

import { z } from 'zod';
import { defineAutoscaler, type ScalePolicy, type ScaleSignals } from '../types.ts';

/** Ray Serve's CONTROL_LOOP_INTERVAL_S. */
export const RAY_CONTROL_LOOP_S = 0.1;

const factor = z.number().positive().max(100);

export const rayServeParams = z
  .strictObject({
    target_ongoing_requests: z.number().positive().max(1_000_000).default(2),
    upscale_delay_s: z.number().min(0).max(86_400).default(30),
    downscale_delay_s: z.number().min(0).max(86_400).default(600),
    /** Delay before 1 -> 0 (default: `downscale_delay_s`). */
    downscale_to_zero_delay_s: z.number().min(0).max(86_400).optional(),
    look_back_period_s: z.number().positive().max(3600).default(30),
    metrics_interval_s: z.number().positive().max(3600).default(10),
    smoothing_factor: factor.default(1),
    /** Default: `smoothing_factor`. */
    upscaling_factor: factor.optional(),
    downscaling_factor: factor.optional(),
  })
  .prefault({});

export type RayServeParams = z.output<typeof rayServeParams>;

class RayServe implements ScalePolicy {
  readonly periodMs = RAY_CONTROL_LOOP_S * 1000;
  private counter = 0;
  /** Ongoing-request samples, one per loop, oldest first (a ring). */
  private readonly t: Float64Array;
  private readonly v: Float64Array;
  private head = 0;
  private size = 0;
  private readonly up: number;
  private readonly down: number;

  constructor(private readonly p: RayServeParams) {
    const n = Math.ceil((p.look_back_period_s + p.metrics_interval_s) / RAY_CONTROL_LOOP_S) + 2;
    this.t = new Float64Array(n);
    this.v = new Float64Array(n);
    this.up = p.upscaling_factor ?? p.smoothing_factor;
    this.down = p.downscaling_factor ?? p.smoothing_factor;
  }

  /** Mean of the samples reported by the last push, over the look-back window before it. */
  private total(now: number): number {
    const interval = this.p.metrics_interval_s * 1000;
    const pushed = Math.floor(now / interval + 1e-9) * interval;
    const from = pushed - this.p.look_back_period_s * 1000;
    let sum = 0;
    let n = 0;
    const cap = this.t.length;
    for (let k = 0; k < this.size; k++) {
      const i = (this.head - 1 - k + cap) % cap;
      const t = this.t[i]!;
      if (t > pushed) continue;
      if (t <= from) break;
      sum += this.v[i]!;
      n++;
    }
    return n > 0 ? sum / n : 0;
  }

  decide(s: ScaleSignals): number {
    const cap = this.t.length;
    this.t[this.head] = s.now;
    this.v[this.head] = s.running + s.queued;
    this.head = (this.head + 1) % cap;
    if (this.size < cap) this.size++;
    const p = this.p;
    const target = s.replicas;
    const running = s.ready;
    const total = this.total(s.now);
    if (running === 0) {
      // The cold-start fast path looks at requests waiting now, not the reported average.
      return s.running + s.queued > 0 ? Math.max(Math.ceil(this.up), target) : target;
    }
    const desired = total / p.target_ongoing_requests;
    const delta = desired - running;
    let scaled = Math.ceil(running + (delta > 0 ? this.up : this.down) * delta - 1e-9);
    if (Math.ceil(desired - 1e-9) < running && scaled === running) scaled--;
    const bounded = Math.max(s.min, Math.min(s.max, scaled));
    return this.delay(bounded, target);
  }

  /** _apply_delay_logic: the decision must repeat for the delay's number of loops. */
  private delay(desired: number, target: number): number {
    const p = this.p;
    if (desired > target) {
      if (this.counter < 0) this.counter = 0;
      this.counter++;
      if (this.counter > Math.trunc(p.upscale_delay_s / RAY_CONTROL_LOOP_S)) {
        this.counter = 0;
        return desired;
      }
    } else if (desired < target) {
      if (this.counter > 0) this.counter = 0;
      this.counter--;
      let delayS = p.downscale_delay_s;
      if (target === 1) delayS = p.downscale_to_zero_delay_s ?? p.downscale_delay_s;
      else desired = Math.max(1, desired);
      if (this.counter < -Math.trunc(delayS / RAY_CONTROL_LOOP_S)) {
        this.counter = 0;
        return desired;
      }
    } else {
      this.counter = 0;
    }
    return target;
  }
}

export const rayServe = defineAutoscaler({
  name: 'ray_serve',
  title: 'Ray Serve',
  description:
    "Ray Serve's default policy: ongoing requests averaged over 30 s against target_ongoing_requests 2, scaling after 30 s up or 600 s down of the same decision",
  params: rayServeParams,
  create: (p) => new RayServe(p),
});
