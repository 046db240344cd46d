// What the autoscaling panel draws: the pool's replicas over the run, sampled from the engine's
// frames (each frame's lanes say which are serving, warming up through their cold start, draining
// or parked), beside the load (arrivals per second) and the replica-seconds asked for so far. Pure
// and bounded: a long run keeps at most MAX_SAMPLES samples, halving its resolution when full.

import type { LaneState, SideFrame } from '../../src/workers/protocol.ts';

/** The autoscaled pool now: replicas serving, in their cold start, and draining. */
export interface PoolCount {
  serving: number;
  warming: number;
  draining: number;
}

/** Count the pool's replicas among the lanes: CPU-class primary lanes (the app autoscales those). */
export function poolCount(lanes: readonly LaneState[]): PoolCount {
  const out: PoolCount = { serving: 0, warming: 0, draining: 0 };
  for (const l of lanes) {
    if (l.kind !== 'cpu' || l.role === 'backup' || !l.up) continue;
    if (l.pool === 'warming') out.warming++;
    else if (l.pool === 'draining') out.draining++;
    else if (l.pool === undefined) out.serving++;
  }
  return out;
}

export interface ReplicaSample extends PoolCount {
  /** Simulated seconds since the run began. */
  t: number;
  /** Arrivals per second in the last whole second. */
  load: number;
  /** Replica-seconds asked for (serving + warming) since the run began. */
  replicaS: number;
}

export const MAX_SAMPLES = 2000;
/** Simulated seconds between samples (a frame may come more often). */
export const SAMPLE_S = 1;

export class ReplicaHistory {
  samples: ReplicaSample[] = [];
  private step = SAMPLE_S;
  private replicaS = 0;
  private last: { t: number; asked: number } | null = null;

  clear(): void {
    this.samples = [];
    this.step = SAMPLE_S;
    this.replicaS = 0;
    this.last = null;
  }

  /** Take one frame of a side; returns whether a sample was added. */
  record(f: Pick<SideFrame, 'time' | 'lanes' | 'series'>): boolean {
    const t = f.time / 1000;
    const c = poolCount(f.lanes);
    const asked = c.serving + c.warming;
    if (this.last && t < this.last.t) this.clear();
    if (this.last) this.replicaS += this.last.asked * (t - this.last.t);
    this.last = { t, asked };
    const prev = this.samples[this.samples.length - 1];
    if (prev && t - prev.t < this.step) return false;
    const s = f.series;
    const whole = Math.floor(t) - 1 - s.firstSecond;
    const load = whole >= 0 && whole < s.arrived.length ? s.arrived[whole]! : 0;
    this.samples.push({ t, ...c, load, replicaS: this.replicaS });
    if (this.samples.length > MAX_SAMPLES) {
      this.samples = this.samples.filter((_, i) => i % 2 === 0);
      this.step *= 2;
    }
    return true;
  }
}

/** The engine's default price of a CPU replica-hour (src/engine/replica-cost.ts), USD. */
export const CPU_PRICE_PER_HOUR = 0.1;

/** Cost of `replicaS` CPU replica-seconds at the default price, USD. */
export function replicaCost(replicaS: number): number {
  return (replicaS * CPU_PRICE_PER_HOUR) / 3600;
}
