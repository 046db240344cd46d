// The autoscaled replica pool: one lane kind's primary lanes, grown and shrunk by an autoscaling
// policy (autoscalers/: Kubernetes' HPA, KEDA, Ray Serve, a predictive one, the first reactive rule,
// or a user's). The engine's lane arrays are fixed size, so the pool's `max` lanes exist from the
// start; lanes out of the pool are parked (lanes.ts POOL_PARKED): not up, no free slots, never
// eligible, and unlike a failed (`down`) lane, not an outage.
//
// Every policy period the pool shows the policy its signals (autoscalers/types.ts ScaleSignals)
// and applies the answer, rounded and clamped to [min, max]:
//   more replicas: a draining lane is taken back first (still warm, no cold start), then the lowest
//     parked lane, healthy before failed; it serves after its cold start (simulation: `cold_start`
//     ms; live mode: when its real lane worker has loaded and warmed up);
//   fewer: a cold-starting lane goes first, then a failed one, then an idle one (each parks at
//     once), then the highest-index busy lane, which drains: it takes no new work and parks when
//     its last run ends. Running work is never cut short, so scale-down re-queues nothing.
// A failed pool lane is swapped for a healthy parked one, as a worker pool replaces dead workers.
//
// The pool keeps the books of what elasticity costs: each lane's provisioned and cold-start time
// (replica-seconds, replica-cost.ts prices them), scale events and flaps (a scale event the other
// way within `flap_window_s` of the last), and for every request that waited for a replica's cold
// start, how long (from the later of its arrival and the replica's request to the replica's
// readiness) and its latency.
//
// Deterministic: no random numbers; ties go to lane order.

import { DDSketch } from '@datadog/sketches-js';
import type { AutoscaleConfig } from './config-sections.ts';
import type { JobTable } from './job-table.ts';
import { NONE } from './job-table.ts';
import { POOL_ACTIVE, POOL_DRAINING, POOL_PARKED, POOL_WARMING, type LaneSet } from './lanes.ts';
import type { Metrics } from './metrics.ts';
import type { ScalePolicy, ScaleSignals } from './autoscalers/types.ts';

/** What the pool asks of the engine (or of live mode's lane workers). */
export interface AutoscaleHost {
  readonly lanes: LaneSet;
  /**
   * A replica was asked for: make it ready after its cold start of `coldStartMs` (simulation: a
   * LANE_READY event; live mode: when its lane worker has loaded and warmed up), then call
   * `ready(now, lane, gen)`, stale unless `gen` still matches.
   */
  startReplica(lane: number, gen: number, coldStartMs: number): void;
  /** A replica was let go and holds no work (parked): live mode stops its worker. */
  stopReplica(lane: number): void;
  /** A lane's eligibility changed: let binding schedulers move its queue. */
  laneChanged(lane: number): void;
}

/** Requests that waited for a replica's cold start. */
export interface ColdStartWaits {
  /** Requests that started on a replica which became ready after they arrived. */
  requests: number;
  /** Their share of completed requests. */
  share: number;
  /** Cold-start time in their latency: mean and most (ms). */
  mean_wait_ms: number;
  max_wait_ms: number;
  /** Their latency: mean, p50, p99 (ms). */
  latency_mean_ms: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
}

/** The `autoscale` section of summary.json. */
export interface AutoscaleSummary {
  kind: 'gpu' | 'cpu';
  /** The autoscaler: a built-in's config name, or a user's autoscaler's own name. */
  policy: string;
  min: number;
  max: number;
  /** A replica's cold start as the pool waits it (ms). */
  cold_start_ms: number;
  /** Scale decisions that added replicas, and the replicas they added. */
  scale_up_events: number;
  lanes_added: number;
  /** Scale decisions that removed replicas, and the replicas they removed. */
  scale_down_events: number;
  lanes_removed: number;
  /** Scale events the other way within `flap_window_s` of the previous one. */
  flaps: number;
  /** Pool lanes not parked (serving, warming or draining): fewest, most, time-weighted mean. */
  active_lanes_min: number;
  active_lanes_max: number;
  active_lanes_mean: number;
  /** Pool lanes not parked at the end. */
  active_lanes_final: number;
  cold_start_waits: ColdStartWaits;
}

/** Signals as the pool fills them (one object, reused). */
type MutableSignals = { -readonly [K in keyof ScaleSignals]: ScaleSignals[K] };

export class Autoscaler {
  /** Lane indices of the pool, in lane order. */
  readonly pool: Int32Array;
  /** 1 for a pool lane. */
  readonly inPool: Uint8Array;
  readonly interval: number;
  readonly coldStart: number;
  /** When each lane was last asked for, and when it last became ready (ms; 0 for the start). */
  readonly requestedAt: Float64Array;
  readonly readyAt: Float64Array;
  private readonly readyGen: Int32Array;
  private readonly slotsPerLane: number;
  private readonly signals: MutableSignals;
  /** Per lane: provisioned (not parked) and cold-starting time, accumulated and since when. */
  private readonly provMs: Float64Array;
  private readonly provSince: Float64Array;
  private readonly warmMs: Float64Array;
  private readonly warmSince: Float64Array;
  // Integrals since the run's start: busy slots and serving slots of the pool, advanced lazily.
  private poolRunning = 0;
  private busyInt = 0;
  private servingSlots = 0;
  private servingInt = 0;
  private since = 0;
  // The integrals and counts at the last evaluation.
  private lastTick = 0;
  private busyAtTick = 0;
  private servingAtTick = 0;
  private arrivedAtTick = 0;
  // Observed service: jobs completed on pool lanes and the slot-ms their runs took.
  private jobsDone = 0;
  private busyDone = 0;
  // Scale events.
  scaleUps = 0;
  lanesAdded = 0;
  scaleDowns = 0;
  lanesRemoved = 0;
  flaps = 0;
  private lastDir = 0;
  private lastEventAt = -Infinity;
  // Provisioned pool lanes now, with their extremes and time integral.
  private activeNow = 0;
  private activeMin = Infinity;
  private activeMax = 0;
  private activeInt = 0;
  // Requests that waited for a cold start.
  private coldRequests = 0;
  private coldWaitSum = 0;
  private coldWaitMax = 0;
  private coldLatencySum = 0;
  private readonly coldLatency = new DDSketch({ relativeAccuracy: 0.01 });
  private completed = 0;

  constructor(
    private readonly config: AutoscaleConfig,
    readonly policy: ScalePolicy,
    /** The policy's name for summaries. */
    readonly policyName: string,
    pool: readonly number[],
    /** Pool lanes the config lists itself (the rest were added up to `max`). */
    configured: number,
    coldStartMs: number,
    /** Requests per second one replica serves by the service model (before any completion). */
    private readonly nominalRate: number,
    private readonly host: AutoscaleHost,
    private readonly metrics: Metrics,
  ) {
    this.pool = Int32Array.from(pool);
    this.interval = policy.periodMs;
    this.coldStart = coldStartMs;
    const lanes = host.lanes;
    const n = lanes.count;
    this.inPool = new Uint8Array(n);
    for (const lane of pool) this.inPool[lane] = 1;
    this.slotsPerLane = pool.length > 0 ? lanes.concurrency[pool[0]!]! : 1;
    this.readyGen = new Int32Array(n);
    this.requestedAt = new Float64Array(n);
    this.readyAt = new Float64Array(n);
    this.provMs = new Float64Array(n);
    this.provSince = new Float64Array(n);
    this.warmMs = new Float64Array(n);
    this.warmSince = new Float64Array(n).fill(NaN);
    const initial = Math.min(config.max, Math.max(config.min, configured));
    for (let k = initial; k < pool.length; k++) {
      const lane = pool[k]!;
      lanes.pool[lane] = POOL_PARKED;
      lanes.refreshUp(lane);
      this.provSince[lane] = NaN;
    }
    metrics.series.lanes = [];
    metrics.series.ready = [];
    this.activeNow = Math.min(initial, pool.length);
    this.servingSlots = this.countServingSlots();
    this.signals = {
      now: 0,
      replicas: 0,
      ready: 0,
      starting: 0,
      min: config.min,
      max: config.max,
      running: 0,
      queued: 0,
      utilisation: NaN,
      busy: 0,
      concurrency: this.slotsPerLane,
      arrivalRate: 0,
      perReplicaRate: nominalRate,
      coldStartMs,
      arrivals: metrics.series.arrived,
    };
    this.note(0);
  }

  /** Pool lanes counted as the pool's size (asked for and kept): neither parked nor draining. */
  size(): number {
    const lanes = this.host.lanes;
    let n = 0;
    for (const lane of this.pool) {
      const s = lanes.pool[lane]!;
      if (s === POOL_ACTIVE || s === POOL_WARMING) n++;
    }
    return n;
  }

  /** Fill the signals the policy sees at `now`. */
  private observe(now: number, queued: number, arrived: number): ScaleSignals {
    const lanes = this.host.lanes;
    const s = this.signals;
    let ready = 0;
    let starting = 0;
    for (const lane of this.pool) {
      const state = lanes.pool[lane]!;
      if (state === POOL_WARMING) starting++;
      else if (state === POOL_ACTIVE && lanes.down[lane] === 0) ready++;
    }
    const dt = now - this.lastTick;
    const serving = this.servingInt - this.servingAtTick;
    s.now = now;
    s.replicas = this.size();
    s.ready = ready;
    s.starting = starting;
    s.running = this.poolRunning;
    s.queued = queued;
    s.busy = dt > 0 ? (this.busyInt - this.busyAtTick) / dt : 0;
    s.utilisation = serving > 0 ? (this.busyInt - this.busyAtTick) / serving : NaN;
    s.arrivalRate = dt > 0 ? ((arrived - this.arrivedAtTick) * 1000) / dt : 0;
    s.perReplicaRate =
      this.jobsDone > 0 && this.busyDone > 0
        ? (this.slotsPerLane * 1000 * this.jobsDone) / this.busyDone
        : this.nominalRate;
    this.lastTick = now;
    this.busyAtTick = this.busyInt;
    this.servingAtTick = this.servingInt;
    this.arrivedAtTick = arrived;
    return s;
  }

  /**
   * The periodic evaluation at time `now` with `queued` requests waiting and `arrived` so far.
   * Returns true when the pool changed.
   */
  tick(now: number, queued: number, arrived: number): boolean {
    this.advance(now);
    let changed = this.replaceFailed(now);
    const signals = this.observe(now, queued, arrived);
    const size = signals.replicas;
    const asked = this.policy.decide(signals);
    const config = this.config;
    const want = Number.isFinite(asked)
      ? Math.min(config.max, Math.max(config.min, Math.round(asked)))
      : size;
    if (want > size) {
      let added = 0;
      for (let k = 0; k < want - size; k++) if (this.addLane(now)) added++;
      if (added > 0) {
        this.scaleUps++;
        this.lanesAdded += added;
        this.event(now, 1);
        changed = true;
      }
    } else if (want < size) {
      let removed = 0;
      for (let k = 0; k < size - want; k++) if (this.removeLane(now)) removed++;
      if (removed > 0) {
        this.scaleDowns++;
        this.lanesRemoved += removed;
        this.event(now, -1);
        changed = true;
      }
    }
    this.note(now);
    return changed;
  }

  /** A scale event the way `dir` goes: a flap when it reverses the last one within the window. */
  private event(now: number, dir: 1 | -1): void {
    if (this.lastDir === -dir && now - this.lastEventAt <= this.config.flap_window_s * 1000) {
      this.flaps++;
    }
    this.lastDir = dir;
    this.lastEventAt = now;
  }

  /** Could the pool still grow (a policy may yet act on work that waits)? */
  canGrow(): boolean {
    const lanes = this.host.lanes;
    if (this.size() >= this.config.max) return false;
    for (const lane of this.pool) if (lanes.pool[lane] === POOL_PARKED) return true;
    return false;
  }

  /**
   * Swap pool lanes that failed for healthy parked ones. Without this a failed lane would hold its
   * place in the pool while a healthy lane stays parked, and queued work could wait forever. A
   * failed lane holds no work (it was re-queued), so it parks at once; the replacement cold-starts
   * like any added lane. Returns true when a lane was swapped.
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

  /** A replica's cold start is over, unless it was superseded. */
  ready(now: number, lane: number, gen: number): void {
    const lanes = this.host.lanes;
    if (gen !== this.readyGen[lane] || lanes.pool[lane] !== POOL_WARMING) return;
    this.setState(now, lane, POOL_ACTIVE);
    this.readyAt[lane] = now;
    this.host.laneChanged(lane);
    this.note(now);
  }

  /** A draining lane may have run out of work (its last run ended or failed): park it if so. */
  drained(now: number, lane: number): void {
    const lanes = this.host.lanes;
    if (lanes.pool[lane] !== POOL_DRAINING || lanes.running[lane] !== 0) return;
    this.park(now, lane);
  }

  /** A lane failed or recovered: the serving slots change. */
  healthChanged(now: number, lane: number): void {
    if (this.inPool[lane] === 0) return;
    this.advance(now);
    this.servingSlots = this.countServingSlots();
  }

  /** A run started on `lane` (hot path: the engine calls it only with autoscaling on). */
  runStarted(now: number, lane: number, head: number, jobs: JobTable): void {
    if (this.inPool[lane] === 0) return;
    this.advance(now);
    this.poolRunning++;
    const readyAt = this.readyAt[lane]!;
    // Requests that arrived before this replica was ready waited (at least) for its cold start.
    for (let j = head; j !== NONE; j = jobs.next[j]!) {
      const arrival = jobs.arrival[j]!;
      jobs.coldWait[j] =
        arrival < readyAt ? readyAt - Math.max(arrival, this.requestedAt[lane]!) : 0;
    }
  }

  /** A run on `lane` ended (completed, or cut short by a failure) after `ms` with `size` jobs. */
  runEnded(now: number, lane: number, ms: number, size: number, failed: boolean): void {
    if (this.inPool[lane] === 0) return;
    this.advance(now);
    this.poolRunning--;
    if (!failed) {
      this.jobsDone += size;
      this.busyDone += ms;
    }
  }

  /** A request completed (any lane): `coldWait` ms of its `latency` was a cold start. */
  completedJob(latency: number, coldWait: number): void {
    this.completed++;
    if (!(coldWait > 0)) return;
    this.coldRequests++;
    this.coldWaitSum += coldWait;
    if (coldWait > this.coldWaitMax) this.coldWaitMax = coldWait;
    this.coldLatencySum += latency;
    this.coldLatency.accept(Math.max(latency, 1e-9));
  }

  private addLane(now: number): boolean {
    const lanes = this.host.lanes;
    const pool = this.pool;
    // A draining lane is still warm: take it back first.
    for (const lane of pool) {
      if (lanes.pool[lane] === POOL_DRAINING) {
        this.setState(now, lane, POOL_ACTIVE);
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
    this.requestedAt[pick] = now;
    this.setState(now, pick, POOL_WARMING);
    this.host.startReplica(pick, ++this.readyGen[pick]!, this.coldStart);
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
    this.setState(now, lane, POOL_DRAINING);
    this.host.laneChanged(lane);
    this.drained(now, lane);
    return true;
  }

  private park(now: number, lane: number): void {
    this.setState(now, lane, POOL_PARKED);
    this.host.stopReplica(lane);
    this.note(now);
  }

  /** Move a pool lane to `state`, keeping its books and the serving slots. */
  private setState(now: number, lane: number, state: number): void {
    const lanes = this.host.lanes;
    const before = lanes.pool[lane]!;
    if (before === state) return;
    this.advance(now);
    if (before === POOL_WARMING) {
      this.warmMs[lane]! += now - this.warmSince[lane]!;
      this.warmSince[lane] = NaN;
    }
    if (state === POOL_WARMING) this.warmSince[lane] = now;
    if (before === POOL_PARKED) {
      this.provSince[lane] = now;
      this.activeNow++;
    }
    if (state === POOL_PARKED) {
      this.provMs[lane]! += now - this.provSince[lane]!;
      this.provSince[lane] = NaN;
      this.activeNow--;
    }
    lanes.pool[lane] = state;
    lanes.refreshUp(lane);
    this.servingSlots = this.countServingSlots();
  }

  /** Slots of pool lanes that serve or finish work: ready or draining, and healthy. */
  private countServingSlots(): number {
    const lanes = this.host.lanes;
    let n = 0;
    for (const lane of this.pool) {
      const s = lanes.pool[lane]!;
      if ((s === POOL_ACTIVE || s === POOL_DRAINING) && lanes.down[lane] === 0) {
        n += lanes.concurrency[lane]!;
      }
    }
    return n;
  }

  /** Account the integrals up to `now`: call before anything they count changes. */
  private advance(now: number): void {
    const dt = now - this.since;
    if (dt <= 0) return;
    this.activeInt += this.activeNow * dt;
    this.busyInt += this.poolRunning * dt;
    this.servingInt += this.servingSlots * dt;
    this.since = now;
  }

  /** Sample the provisioned and ready counts into their extremes and per-second series. */
  private note(now: number): void {
    if (this.activeNow < this.activeMin) this.activeMin = this.activeNow;
    if (this.activeNow > this.activeMax) this.activeMax = this.activeNow;
    const lanes = this.host.lanes;
    let ready = 0;
    for (const lane of this.pool) {
      if (lanes.pool[lane] === POOL_ACTIVE && lanes.down[lane] === 0) ready++;
    }
    const s = Math.floor(now / 1000);
    fill(this.metrics.series.lanes!, s, this.activeNow);
    fill(this.metrics.series.ready!, s, ready);
  }

  /** Pool lanes not parked now. */
  get active(): number {
    return this.activeNow;
  }

  /** A lane's provisioned (not parked) time up to `now`, ms. */
  provisionedMs(lane: number, now: number): number {
    const since = this.provSince[lane]!;
    return this.provMs[lane]! + (since === since ? now - since : 0);
  }

  /** A lane's cold-start time up to `now`, ms. */
  coldStartSpentMs(lane: number, now: number): number {
    const since = this.warmSince[lane]!;
    return this.warmMs[lane]! + (since === since ? now - since : 0);
  }

  summary(now: number): AutoscaleSummary {
    const activeInt = this.activeInt + this.activeNow * Math.max(0, now - this.since);
    const n = this.coldRequests;
    const sk = this.coldLatency;
    return {
      kind: this.config.kind,
      policy: this.policyName,
      min: this.config.min,
      max: this.config.max,
      cold_start_ms: this.coldStart,
      scale_up_events: this.scaleUps,
      lanes_added: this.lanesAdded,
      scale_down_events: this.scaleDowns,
      lanes_removed: this.lanesRemoved,
      flaps: this.flaps,
      active_lanes_min: this.activeMin,
      active_lanes_max: this.activeMax,
      active_lanes_mean: now > 0 ? activeInt / now : this.activeNow,
      active_lanes_final: this.activeNow,
      cold_start_waits: {
        requests: n,
        share: this.completed > 0 ? n / this.completed : 0,
        mean_wait_ms: n > 0 ? this.coldWaitSum / n : 0,
        max_wait_ms: this.coldWaitMax,
        latency_mean_ms: n > 0 ? this.coldLatencySum / n : 0,
        latency_p50_ms: n > 0 ? sk.getValueAtQuantile(0.5) : 0,
        latency_p99_ms: n > 0 ? sk.getValueAtQuantile(0.99) : 0,
      },
    };
  }
}

/** Set second `s` of a per-second series to `v`, carrying the last value over skipped seconds. */
function fill(series: number[], s: number, v: number): void {
  while (series.length < s) series.push(series.length > 0 ? series[series.length - 1]! : 0);
  series[s] = v;
}
