// Autoscaling of one lane kind's primary pool, as the elastic-serving source system's dispatcher
// grows and shrinks its worker pool. The engine's lane arrays are fixed size, so the pool's `max`
// lanes exist from the start; lanes out of the pool are parked (lanes.ts POOL_PARKED): not up, no
// free slots, never eligible, and unlike a failed (`down`) lane, not an outage.
//
// Policy, evaluated every `interval_ms` (a heap event that exists only when autoscaling is on):
//   busy    = the pool's busy slot-ms in runs that ended during the interval / interval_ms
//             (time-averaged busy slots; a run still going counts when it ends)
//   desired = clamp(max(ceil(busy / (concurrency x target_utilisation)),
//                       ceil(queued / queue_per_lane)), min, max)
// The utilisation term sizes the pool for the load it serves; the queue term reacts to a backlog
// at once (a load step shows up in the queue before it shows up in finished work).
// The size is the pool's lanes that are neither parked nor draining (warming and failed lanes
// count: the pool has asked for them). desired > size: add the difference at once, each new lane
// serving after `startup_ms` of warm-up (a draining lane is taken back first, with no warm-up: it
// is still warm). desired < size, and `cooldown_ms` since the last scale event: remove one lane,
// preferring a warming lane, then a failed one, then an idle one (all park at once), then the
// highest-index busy lane, which drains: it takes no new work and parks when its last run ends.
// Running work is never cut short, so scale-down re-queues nothing.
//
// Deterministic: no random numbers; ties go to lane order.

import type { AutoscaleConfig } from './config-sections.ts';
import { POOL_ACTIVE, POOL_DRAINING, POOL_PARKED, POOL_WARMING, type LaneSet } from './lanes.ts';
import type { Metrics } from './metrics.ts';

/** What the autoscaler asks of the engine. */
export interface AutoscaleHost {
  readonly lanes: LaneSet;
  /** Push a LANE_READY event for `lane` at time `t`, stale unless `gen` still matches. */
  scheduleReady(t: number, lane: number, gen: number): void;
  /** A lane's eligibility changed: let binding schedulers move its queue. */
  laneChanged(lane: number): void;
}

/** The `autoscale` section of summary.json. */
export interface AutoscaleSummary {
  kind: 'gpu' | 'cpu';
  min: number;
  max: number;
  /** Scale decisions that added lanes, and the lanes they added. */
  scale_up_events: number;
  lanes_added: number;
  /** Scale decisions that removed a lane (one lane each). */
  scale_down_events: number;
  /** Pool lanes not parked (serving, warming or draining): fewest, most, time-weighted mean. */
  active_lanes_min: number;
  active_lanes_max: number;
  active_lanes_mean: number;
  /** Pool lanes not parked at the end. */
  active_lanes_final: number;
}

export class Autoscaler {
  /** Lane indices of the pool, in lane order. */
  readonly pool: Int32Array;
  readonly interval: number;
  private readonly config: AutoscaleConfig;
  /** Slots per pool lane used to size the pool (the first pool lane's concurrency). */
  private readonly slotsPerLane: number;
  /** Bumped when a lane leaves warm-up early, so its pending LANE_READY goes stale. */
  private readonly readyGen: Int32Array;
  private lastScaleAt = -Infinity;
  /** Sum of the pool's `busyMs` and the time at the last evaluation. */
  private lastBusy = 0;
  private lastTick = 0;
  scaleUps = 0;
  lanesAdded = 0;
  scaleDowns = 0;
  /** Pool lanes not parked, with their extremes and time integral. */
  private activeNow = 0;
  private activeMin = Infinity;
  private activeMax = 0;
  private activeMs = 0;
  private since = 0;

  constructor(
    config: AutoscaleConfig,
    pool: readonly number[],
    /** Pool lanes the config lists itself (the rest were added up to `max`). */
    configured: number,
    private readonly host: AutoscaleHost,
    private readonly metrics: Metrics,
  ) {
    this.config = config;
    this.pool = Int32Array.from(pool);
    this.interval = config.interval_ms;
    const lanes = host.lanes;
    this.slotsPerLane = pool.length > 0 ? lanes.concurrency[pool[0]!]! : 1;
    this.readyGen = new Int32Array(lanes.count);
    const initial = Math.min(config.max, Math.max(config.min, configured));
    for (let k = initial; k < pool.length; k++) {
      const lane = pool[k]!;
      lanes.pool[lane] = POOL_PARKED;
      lanes.refreshUp(lane);
    }
    metrics.series.lanes = [];
    this.activeNow = Math.min(initial, pool.length);
    this.note(0);
  }

  /** Pool lanes counted as the pool's size: neither parked nor draining. */
  size(): number {
    const lanes = this.host.lanes;
    let n = 0;
    for (const lane of this.pool) {
      const s = lanes.pool[lane]!;
      if (s === POOL_ACTIVE || s === POOL_WARMING) n++;
    }
    return n;
  }

  /** The lanes the policy wants at `now` with `queued` jobs waiting (see the file header). */
  desired(now: number, queued: number): number {
    const lanes = this.host.lanes;
    let busyMs = 0;
    for (const lane of this.pool) busyMs += lanes.busyMs[lane]!;
    const busy = now > this.lastTick ? (busyMs - this.lastBusy) / (now - this.lastTick) : 0;
    this.lastBusy = busyMs;
    this.lastTick = now;
    const config = this.config;
    // A hair above an integer stays there: float noise must not ask for a whole extra lane.
    const byUtil = Math.ceil(busy / (this.slotsPerLane * config.target_utilisation) - 1e-9);
    const byQueue = Math.ceil(queued / config.queue_per_lane);
    return Math.min(config.max, Math.max(config.min, byUtil, byQueue));
  }

  /** The periodic evaluation at time `now`. Returns true when the pool changed. */
  tick(now: number, queued: number): boolean {
    this.advance(now);
    let changed = this.replaceFailed(now);
    const size = this.size();
    const desired = this.desired(now, queued);
    if (desired > size) {
      let added = 0;
      for (let k = 0; k < desired - size; k++) if (this.addLane(now)) added++;
      if (added > 0) {
        this.scaleUps++;
        this.lanesAdded += added;
        this.lastScaleAt = now;
        changed = true;
      }
    } else if (desired < size && now - this.lastScaleAt >= this.config.cooldown_ms) {
      if (this.removeLane(now)) {
        this.scaleDowns++;
        this.lastScaleAt = now;
        changed = true;
      }
    }
    this.note(now);
    return changed;
  }

  /**
   * Swap pool lanes that failed for healthy parked ones, as a worker pool replaces dead workers.
   * Without this a failed lane would hold its place in the pool while a healthy lane stays parked,
   * and queued work could wait forever. A failed lane holds no work (it was re-queued), so it parks
   * at once; the replacement warms up like any added lane. Returns true when a lane was swapped.
   */
  private replaceFailed(now: number): boolean {
    const lanes = this.host.lanes;
    let swapped = false;
    for (const lane of this.pool) {
      const state = lanes.pool[lane]!;
      if ((state !== POOL_ACTIVE && state !== POOL_WARMING) || lanes.down[lane] === 0) continue;
      const spare = this.pool.find((l) => lanes.pool[l] === POOL_PARKED && lanes.down[l] === 0);
      if (spare === undefined) break;
      if (state === POOL_WARMING) this.readyGen[lane]!++;
      this.park(now, lane);
      this.addLane(now);
      swapped = true;
    }
    return swapped;
  }

  /** A LANE_READY event: the lane's warm-up is over, unless it was superseded. */
  ready(now: number, lane: number, gen: number): void {
    const lanes = this.host.lanes;
    if (gen !== this.readyGen[lane] || lanes.pool[lane] !== POOL_WARMING) return;
    lanes.pool[lane] = POOL_ACTIVE;
    lanes.refreshUp(lane);
    this.host.laneChanged(lane);
    this.note(now);
  }

  /** A draining lane may have run out of work (its last run ended or failed): park it if so. */
  drained(now: number, lane: number): void {
    const lanes = this.host.lanes;
    if (lanes.pool[lane] !== POOL_DRAINING || lanes.running[lane] !== 0) return;
    this.park(now, lane);
  }

  private addLane(now: number): boolean {
    const lanes = this.host.lanes;
    const pool = this.pool;
    // A draining lane is still warm: take it back first.
    for (const lane of pool) {
      if (lanes.pool[lane] === POOL_DRAINING) {
        lanes.pool[lane] = POOL_ACTIVE;
        lanes.refreshUp(lane);
        this.host.laneChanged(lane);
        return true;
      }
    }
    // Then the lowest parked lane, healthy ones before failed ones.
    let pick = -1;
    for (const lane of pool) {
      if (lanes.pool[lane] !== POOL_PARKED) continue;
      if (lanes.down[lane] === 0) {
        pick = lane;
        break;
      }
      if (pick < 0) pick = lane;
    }
    if (pick < 0) return false;
    this.activeNow++;
    if (this.config.startup_ms > 0) {
      lanes.pool[pick] = POOL_WARMING;
      this.host.scheduleReady(now + this.config.startup_ms, pick, ++this.readyGen[pick]!);
    } else {
      lanes.pool[pick] = POOL_ACTIVE;
      lanes.refreshUp(pick);
      this.host.laneChanged(pick);
    }
    return true;
  }

  private removeLane(now: number): boolean {
    const lanes = this.host.lanes;
    const pool = this.pool;
    const last = (ok: (lane: number) => boolean): number => {
      for (let k = pool.length - 1; k >= 0; k--) if (ok(pool[k]!)) return pool[k]!;
      return -1;
    };
    const serving = (lane: number): boolean =>
      lanes.pool[lane] === POOL_ACTIVE || lanes.pool[lane] === POOL_WARMING;
    let lane = last((l) => lanes.pool[l] === POOL_WARMING);
    if (lane < 0) lane = last((l) => serving(l) && lanes.down[l] === 1);
    if (lane < 0) lane = last((l) => serving(l) && lanes.running[l] === 0);
    if (lane < 0) lane = last(serving);
    if (lane < 0) return false;
    if (lanes.pool[lane] === POOL_WARMING) this.readyGen[lane]!++;
    lanes.pool[lane] = POOL_DRAINING;
    lanes.refreshUp(lane);
    this.host.laneChanged(lane);
    this.drained(now, lane);
    return true;
  }

  private park(now: number, lane: number): void {
    const lanes = this.host.lanes;
    lanes.pool[lane] = POOL_PARKED;
    lanes.refreshUp(lane);
    this.advance(now);
    this.activeNow--;
    this.note(now);
  }

  /** Account the active-lane count up to `now`: call before it changes. */
  private advance(now: number): void {
    this.activeMs += this.activeNow * (now - this.since);
    this.since = now;
  }

  /** Sample the active-lane count into its extremes and the per-second series. */
  private note(now: number): void {
    if (this.activeNow < this.activeMin) this.activeMin = this.activeNow;
    if (this.activeNow > this.activeMax) this.activeMax = this.activeNow;
    const series = this.metrics.series.lanes!;
    const s = Math.floor(now / 1000);
    while (series.length < s) series.push(series.length > 0 ? series[series.length - 1]! : 0);
    series[s] = this.activeNow;
  }

  /** Pool lanes not parked now. */
  get active(): number {
    return this.activeNow;
  }

  summary(now: number): AutoscaleSummary {
    const ms = this.activeMs + this.activeNow * (now - this.since);
    return {
      kind: this.config.kind,
      min: this.config.min,
      max: this.config.max,
      scale_up_events: this.scaleUps,
      lanes_added: this.lanesAdded,
      scale_down_events: this.scaleDowns,
      active_lanes_min: this.activeMin,
      active_lanes_max: this.activeMax,
      active_lanes_mean: now > 0 ? ms / now : this.activeNow,
      active_lanes_final: this.activeNow,
    };
  }
}
