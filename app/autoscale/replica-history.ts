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
  /** Provisioned replica-seconds by lane kind since the run began, as the engine's cost summary
   * counts them (src/engine/replica-cost.ts): every lane not parked out of the pool, its cold
   * start and draining included, a fixed lane for the whole run. */
  cpuS: number;
  gpuS: number;
  /** Requests completed so far. */
  completed: number;
}

/** Lanes provisioned now, by kind: every lane but those parked out of the pool. */
export function provisioned(lanes: readonly LaneState[]): { cpu: number; gpu: number } {
  const out = { cpu: 0, gpu: 0 };
  for (const l of lanes) if (l.pool !== 'parked') out[l.kind]++;
  return out;
}

export const MAX_SAMPLES = 2000;
/** Simulated seconds between samples (a frame may come more often). */
export const SAMPLE_S = 1;

export class ReplicaHistory {
  samples: ReplicaSample[] = [];
  /** The pool and its books at the last frame taken (a sample or not): the figures under a chart. */
  latest: ReplicaSample | null = null;
  private step = SAMPLE_S;
  private replicaS = 0;
  private cpuS = 0;
  private gpuS = 0;
  private last: { t: number; asked: number; cpu: number; gpu: number } | null = null;

  clear(): void {
    this.samples = [];
    this.latest = null;
    this.step = SAMPLE_S;
    this.replicaS = 0;
    this.cpuS = 0;
    this.gpuS = 0;
    this.last = null;
  }

  /** Take one frame of a side; returns whether a sample was added. */
  record(
    f: Pick<SideFrame, 'time' | 'lanes' | 'series'> & { ledger?: { completed: number } },
  ): boolean {
    const t = f.time / 1000;
    const c = poolCount(f.lanes);
    const asked = c.serving + c.warming;
    const p = provisioned(f.lanes);
    if (this.last && t < this.last.t) this.clear();
    // A run starts at 0: its first frame may come later, with the lanes it started with.
    this.last ??= { t: 0, asked, ...p };
    const dt = t - this.last.t;
    this.replicaS += this.last.asked * dt;
    this.cpuS += this.last.cpu * dt;
    this.gpuS += this.last.gpu * dt;
    this.last = { t, asked, ...p };
    const s = f.series;
    const whole = Math.floor(t) - 1 - s.firstSecond;
    const load = whole >= 0 && whole < s.arrived.length ? s.arrived[whole]! : 0;
    this.latest = {
      t,
      ...c,
      load,
      replicaS: this.replicaS,
      cpuS: this.cpuS,
      gpuS: this.gpuS,
      completed: f.ledger?.completed ?? 0,
    };
    const prev = this.samples[this.samples.length - 1];
    if (prev && t - prev.t < this.step) return false;
    this.samples.push(this.latest);
    if (this.samples.length > MAX_SAMPLES) {
      this.samples = this.samples.filter((_, i) => i % 2 === 0);
      this.step *= 2;
    }
    return true;
  }
}
