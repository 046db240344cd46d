// The books of live mode's replica starts: when the autoscaler asked for a replica, when its lane
// worker first answered (spawn), began its warm-up runs (load: runtime, models, sessions) and could
// serve (warm-up), so each start's cold start is measured, not assumed; and how each start ended
// (serving, let go, failed with its reason). The live executor feeds it the lanes' status messages;
// frames carry the records to the page's autoscaling panel. Bounded: the latest REPLICA_STARTS_KEPT.

import type { LaneHealth, ReplicaStart } from './lanes/lane-protocol.ts';

/** Replica starts kept for the page (a flapping autoscaler must not grow the frames). */
export const REPLICA_STARTS_KEPT = 50;

interface Pending {
  /** The autoscaler's generation for this start (`Engine.replicaReady` checks it). */
  gen: number;
  record: ReplicaStart;
  /** Wall ms: asked for, the lane's first status, its first warm-up status. */
  askedAt: number;
  answeredAt: number;
  warmingAt: number;
}

export class ReplicaStarts {
  readonly records: ReplicaStart[] = [];
  private readonly pending = new Map<number, Pending>();
  /** The record of each lane's latest start (serving or under way). */
  private readonly latest = new Map<number, ReplicaStart>();

  constructor(private readonly clock: () => number) {}

  /** The autoscaler asked for a replica on `lane` (named `name`). */
  asked(lane: number, name: string, gen: number): void {
    const now = this.clock();
    const record: ReplicaStart = { lane: name, askedAtMs: now, state: 'warming' };
    this.records.push(record);
    if (this.records.length > REPLICA_STARTS_KEPT) this.records.shift();
    this.pending.set(lane, { gen, record, askedAt: now, answeredAt: NaN, warmingAt: NaN });
    this.latest.set(lane, record);
  }

  /** Is a start under way on `lane`? */
  starting(lane: number): boolean {
    return this.pending.has(lane);
  }

  /**
   * A status from `lane`'s worker. Returns the start's generation when this status ends its cold
   * start (the lane is ready), undefined otherwise.
   */
  status(lane: number, health: LaneHealth): number | undefined {
    const p = this.pending.get(lane);
    if (!p) return undefined;
    const now = this.clock();
    if (p.answeredAt !== p.answeredAt) p.answeredAt = now;
    if (health === 'warming' && p.warmingAt !== p.warmingAt) p.warmingAt = now;
    if (health !== 'ready') return undefined;
    const warming = p.warmingAt === p.warmingAt ? p.warmingAt : now;
    p.record.state = 'serving';
    p.record.coldStartMs = now - p.askedAt;
    p.record.parts = {
      spawnMs: p.answeredAt - p.askedAt,
      loadMs: warming - p.answeredAt,
      warmupMs: now - warming,
    };
    this.pending.delete(lane);
    return p.gen;
  }

  /** `lane`'s start failed: the record says why. Returns whether a start was under way. */
  failed(lane: number, reason: string): boolean {
    const p = this.pending.get(lane);
    if (!p) return false;
    p.record.state = 'failed';
    p.record.reason = reason;
    p.record.endedAtMs = this.clock();
    this.pending.delete(lane);
    return true;
  }

  /** The replica on `lane` was let go and its worker ended. */
  stopped(lane: number): void {
    const record = this.latest.get(lane);
    this.pending.delete(lane);
    this.latest.delete(lane);
    if (!record || record.state === 'failed') return;
    record.state = record.state === 'warming' ? 'cancelled' : 'stopped';
    record.endedAtMs = this.clock();
  }

  /** Copies for a frame. */
  snapshot(): ReplicaStart[] {
    return this.records.map((r) => ({ ...r, ...(r.parts ? { parts: { ...r.parts } } : {}) }));
  }
}
