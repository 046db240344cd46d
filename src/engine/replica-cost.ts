// What the capacity of a run cost, next to what it bought: replica-seconds by lane kind (a lane is
// a replica; an autoscaled lane counts while it is provisioned, cold start and draining included,
// a fixed lane for the whole run), the idle part of them (provisioned and ready, no slot busy),
// the cold-start part, and the price of it all per 1,000 completed requests at the config's price
// per replica-hour. SLO attainment and goodput sit beside it so a cheaper run that serves worse
// shows as such.

import type { CostConfig, LaneKind, LaneSpec } from './config-sections.ts';
import type { LaneSet } from './lanes.ts';

export interface ByKind {
  gpu: number;
  cpu: number;
}

/** The `cost` section of summary.json. */
export interface CostSummary {
  currency: string;
  price_per_hour: ByKind;
  /** Provisioned replica-seconds. */
  replica_s: ByKind;
  /** Provisioned, cold start over, and no slot busy (slot-time unused / slots per replica). */
  idle_replica_s: ByKind;
  /** Spent in cold starts (model load, session creation, warm-up). */
  cold_start_replica_s: ByKind;
  /** Price of the replica-seconds. */
  total: number;
  /** `total` per 1,000 completed requests; null when none completed. */
  per_1000_requests: number | null;
  /** Share of ended requests that met their SLO (1 - slo_violation_rate). */
  slo_attainment: number;
  goodput_per_s: number;
}

/** The pool's books, when autoscaling is on (autoscale.ts). */
export interface PoolBooks {
  readonly inPool: Uint8Array;
  provisionedMs(lane: number, now: number): number;
  coldStartSpentMs(lane: number, now: number): number;
}

export interface CostInput {
  cost: CostConfig;
  now: number;
  lanes: LaneSet;
  laneSpecs: readonly LaneSpec[];
  pool: PoolBooks | undefined;
  completed: number;
  sloViolationRate: number;
  goodputPerS: number;
}

export function costSummary(run: CostInput): CostSummary {
  const replica: ByKind = { gpu: 0, cpu: 0 };
  const idle: ByKind = { gpu: 0, cpu: 0 };
  const cold: ByKind = { gpu: 0, cpu: 0 };
  const { now, lanes, pool } = run;
  run.laneSpecs.forEach((spec, i) => {
    const kind: LaneKind = spec.kind;
    const pooled = pool !== undefined && pool.inPool[i] === 1;
    const prov = pooled ? pool.provisionedMs(i, now) : now;
    const warm = pooled ? pool.coldStartSpentMs(i, now) : 0;
    replica[kind] += prov / 1000;
    cold[kind] += warm / 1000;
    idle[kind] += Math.max(0, prov - warm - lanes.busyMs[i]! / spec.concurrency) / 1000;
  });
  const price = run.cost.price_per_hour;
  const total = (replica.gpu * price.gpu + replica.cpu * price.cpu) / 3600;
  return {
    currency: run.cost.currency,
    price_per_hour: { gpu: price.gpu, cpu: price.cpu },
    replica_s: replica,
    idle_replica_s: idle,
    cold_start_replica_s: cold,
    total,
    per_1000_requests: run.completed > 0 ? (1000 * total) / run.completed : null,
    slo_attainment: 1 - run.sloViolationRate,
    goodput_per_s: run.goodputPerS,
  };
}
