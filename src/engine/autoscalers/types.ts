// The autoscaler interface: what every autoscaling policy sees at an evaluation and what it answers.
// A policy (one file each in policies/, listed once in registry.ts, or a user's module through the
// policy API) is a pure decision: given the signals an operator's metrics pipeline would show (the
// replicas asked for, ready and starting; requests running and waiting; utilisation; the arrival
// history), it returns how many replicas it wants. The pool (../autoscale.ts) does the rest: it
// asks for lanes (each serving after its cold start), lets them go (draining their work first),
// keeps the books (replica-seconds, scale events, cold-start waits) and never loses a job.
//
// The same interface serves request lanes and LLM replicas: a replica is a lane of the pool, and
// the signals count requests whichever workload kind they are.

import type { z } from 'zod';

/** What a policy sees at an evaluation (read-only; valid during the call). */
export interface ScaleSignals {
  /** Engine ms now (simulated, or the live clock). */
  readonly now: number;
  /** Replicas asked for and kept: ready plus starting (a Kubernetes Deployment's spec.replicas). */
  readonly replicas: number;
  /** Replicas serving: cold start over and healthy. */
  readonly ready: number;
  /** Replicas in their cold start (model load, session creation, warm-up). */
  readonly starting: number;
  /** The pool's bounds (`autoscale.min`, `autoscale.max`). */
  readonly min: number;
  readonly max: number;
  /** Requests running on the pool's replicas. */
  readonly running: number;
  /** Requests waiting for a replica (the queue in front of the pool). */
  readonly queued: number;
  /**
   * Busy share of the ready replicas' slots since the last evaluation (0..1, time-averaged:
   * what a CPU utilisation metric reports); NaN when no replica was ready.
   */
  readonly utilisation: number;
  /** Time-averaged busy slots of the pool since the last evaluation. */
  readonly busy: number;
  /** Slots (concurrent runs) of one replica. */
  readonly concurrency: number;
  /** Arrivals per second since the last evaluation. */
  readonly arrivalRate: number;
  /** Requests per second one replica serves at full use (from the run's observed service times,
   * before any completion from the service model). */
  readonly perReplicaRate: number;
  /** A new replica's cold start (ms) as the pool will wait it. */
  readonly coldStartMs: number;
  /** Arrivals in each whole second of the run so far (index = second); the current second is
   * still filling. The engine's own series: read it, never write it. */
  readonly arrivals: ArrayLike<number>;
}

/** A policy instance for one run: its own state, its own evaluation period. */
export interface ScalePolicy {
  /** Engine ms between evaluations (the HPA's sync period, Ray Serve's control loop...). */
  readonly periodMs: number;
  /** The replicas wanted now; the pool rounds and clamps it to [min, max]. */
  decide(signals: ScaleSignals): number;
}

/** The `autoscale` section's own fields (the reactive rule's knobs), which every policy may read. */
export interface SectionKnobs {
  interval_ms: number;
  target_utilisation: number;
  queue_per_lane: number;
  cooldown_ms: number;
}

/** A built-in autoscaler: its config name, its knobs (a zod object with every default), a maker. */
export interface AutoscalerDescriptor<N extends string = string, P extends z.ZodType = z.ZodType> {
  /** Config name (`autoscale.policy`), snake_case; its knobs live under `autoscale.<name>`. */
  readonly name: N;
  /** Who runs it, as operators know it. */
  readonly title: string;
  /** One line for help texts, the page and README. */
  readonly description: string;
  /** Its knobs with their documented defaults. */
  readonly params: P;
  /** A fresh policy for a run; `section` holds the `autoscale` section's own fields. */
  create(params: z.output<P>, section: SectionKnobs): ScalePolicy;
}

/** Define an autoscaler, keeping its name's literal type. */
export function defineAutoscaler<const N extends string, P extends z.ZodType>(
  d: AutoscalerDescriptor<N, P>,
): AutoscalerDescriptor<N, P> {
  if (!/^[a-z][a-z0-9_]*$/.test(d.name)) {
    throw new Error(`autoscaler name "${d.name}" must be snake_case (a-z, 0-9, _)`);
  }
  return d;
}
