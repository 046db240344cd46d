// Lanes: the servers jobs run on. A lane has a kind (GPU-class or CPU-class), a concurrency (how many
// runs it holds at once), a relative speed, a role (primary, or backup that takes work only while a
// primary is down) and a health state. Columns of typed arrays, like the job table.

import type { LaneKind, LaneSpec } from './config-sections.ts';

export const GPU = 0;
export const CPU = 1;
export const KIND_NAMES: readonly LaneKind[] = ['gpu', 'cpu'];

/** Pool states (autoscaling; see autoscale.ts). Every lane is POOL_ACTIVE when autoscaling is off. */
export const POOL_ACTIVE = 0;
/** Added to the pool, warming up: takes no work yet. */
export const POOL_WARMING = 1;
/** Marked for removal: takes no new work, parks when its running work ends. */
export const POOL_DRAINING = 2;
/** Out of the pool: not up, no free slots, never eligible, holds no work. Not a failure. */
export const POOL_PARKED = 3;
export const POOL_NAMES = ['active', 'warming', 'draining', 'parked'] as const;

export class LaneSet {
  readonly count: number;
  readonly names: string[];
  readonly kind: Uint8Array;
  readonly kindName: LaneKind[];
  readonly concurrency: Int32Array;
  readonly speed: Float64Array;
  readonly backup: Uint8Array;
  /** 1 while the lane may take work: healthy (not `down`) and POOL_ACTIVE. */
  readonly up: Uint8Array;
  /** 1 while failed (a fault or `failLane`), whatever the pool state. */
  readonly down: Uint8Array;
  /** Autoscaling pool state (POOL_ACTIVE, POOL_WARMING, POOL_DRAINING, POOL_PARKED). */
  readonly pool: Uint8Array;
  /** Runs in progress (a batch counts once). */
  readonly running: Int32Array;
  /** Jobs bound to the lane's own queue, for schedulers that bind on arrival. */
  readonly bound: Int32Array;
  /** Busy slot-milliseconds of completed work, for utilisation. */
  readonly busyMs: Float64Array;
  /** Lanes in order of decreasing speed (GPU before CPU at equal speed), for greedy placement. */
  readonly bySpeed: Int32Array;
  /** Memory held by running work (tokens or MiB; see memory.ts). Zero when memory is off. */
  readonly memUsed: Float64Array;
  /** Highest `memUsed` seen. */
  readonly memPeak: Float64Array;
  /** Memory a lane has; +Infinity when memory is off. */
  readonly memCapacity: Float64Array;
  /** Free slots on lanes that are up, primaries and backups alike. */
  freeUp = 0;
  /** Primary lanes currently down: backups take work only while this is > 0. */
  primariesDown = 0;

  constructor(specs: readonly LaneSpec[]) {
    const n = specs.length;
    this.count = n;
    this.names = specs.map((s) => s.name);
    this.kindName = specs.map((s) => s.kind);
    this.kind = Uint8Array.from(specs, (s) => (s.kind === 'gpu' ? GPU : CPU));
    this.concurrency = Int32Array.from(specs, (s) => s.concurrency);
    this.speed = Float64Array.from(specs, (s) => s.speed);
    this.backup = Uint8Array.from(specs, (s) => (s.role === 'backup' ? 1 : 0));
    this.up = new Uint8Array(n).fill(1);
    this.down = new Uint8Array(n);
    this.pool = new Uint8Array(n);
    this.running = new Int32Array(n);
    this.bound = new Int32Array(n);
    this.busyMs = new Float64Array(n);
    this.memUsed = new Float64Array(n);
    this.memPeak = new Float64Array(n);
    this.memCapacity = new Float64Array(n).fill(Infinity);
    this.bySpeed = Int32Array.from(
      specs
        .map((_, i) => i)
        .sort(
          (a, b) => specs[b]!.speed - specs[a]!.speed || this.kind[a]! - this.kind[b]! || a - b,
        ),
    );
    for (let i = 0; i < n; i++) this.freeUp += this.concurrency[i]!;
  }

  /**
   * Set `up` from health and pool state, keeping `freeUp` in step (the lane's free slots join or
   * leave it). Call after changing `down` or `pool`, before `running` changes. Cold path.
   */
  refreshUp(lane: number): void {
    const want = this.down[lane] === 0 && this.pool[lane] === POOL_ACTIVE ? 1 : 0;
    if (want === this.up[lane]) return;
    this.up[lane] = want;
    const free = this.concurrency[lane]! - this.running[lane]!;
    this.freeUp += want === 1 ? free : -free;
  }

  /** May the lane take new work now? Up, and a primary or a backup standing in. */
  eligible(lane: number): boolean {
    return this.up[lane] === 1 && (this.backup[lane] === 0 || this.primariesDown > 0);
  }

  /** Eligible with a free slot. */
  hasRoom(lane: number): boolean {
    return this.eligible(lane) && this.running[lane]! < this.concurrency[lane]!;
  }

  /** Expected delay proxy for a new job: outstanding work per unit of service capacity. */
  load(lane: number): number {
    return (
      (this.running[lane]! + this.bound[lane]!) / (this.concurrency[lane]! * this.speed[lane]!)
    );
  }

  /** Runs in progress on lanes of `kind` (lanes sharing cores slow each other: service.sharing). */
  runningOfKind(kind: LaneKind): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.kindName[i] === kind) n += this.running[i]!;
    return n;
  }

  /** Any eligible lane at all? */
  anyEligible(): boolean {
    for (let i = 0; i < this.count; i++) if (this.eligible(i)) return true;
    return false;
  }
}
