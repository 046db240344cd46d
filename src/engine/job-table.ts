// Jobs in flight, stored as columns of typed arrays indexed by a slot number. A slot is taken when
// a job arrives and given back when its outcome is recorded, so memory is bounded by the number of
// jobs queued or running at once, never by the length of the run.

/** Job classes. Index into per-class arrays everywhere. */
export const INTERACTIVE = 0;
export const BATCH = 1;
export const CLASS_NAMES = ['interactive', 'batch'] as const;
export type JobClassName = (typeof CLASS_NAMES)[number];

/** Slot states. */
export const FREE = 0;
export const QUEUED = 1;
export const RUNNING = 2;

/** Marks the end of a batch's linked list of jobs. */
export const NONE = -1;

export class JobTable {
  /** Arrival sequence number: the job's id in traces, 0-based. */
  id!: Float64Array;
  cls!: Uint8Array;
  model!: Uint8Array;
  state!: Uint8Array;
  arrival!: Float64Array;
  deadline!: Float64Array;
  /** Start of the current (last) attempt. */
  start!: Float64Array;
  /**
   * Service-time multiplier drawn at arrival (mean 1). Drawing it per job rather than per start
   * keeps service demands identical across schedulers for the same seed (common random numbers).
   */
  unit!: Float64Array;
  lane!: Int16Array;
  attempts!: Uint8Array;
  /** Bumped at every start: completion events carry it, so events of a failed run are ignored. */
  gen!: Int32Array;
  /** Next job of the same batch (NONE at the end). A batch is named by its first job's slot. */
  next!: Int32Array;
  batchId!: Float64Array;
  batchSize!: Int32Array;
  /** Memory the run holds (set on its first job while it runs; 0 when memory is off). */
  memCost!: Float64Array;
  /** Predicted service time (ms) of the run, set on its first job at start (NaN: no prediction). */
  predicted!: Float64Array;
  /** The lane's load when the run started: a predictor feature. */
  launchLoad!: Float32Array;
  /** Admission control's estimate of the pool time this queued job adds to the backlog (ms). */
  admitWork!: Float64Array;
  /** Autoscaling: the cold start (ms) this job waited for, set when its run starts. */
  coldWait!: Float32Array;

  private freeList: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(capacity = 1024) {
    this.allocate(capacity);
    this.freeList = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.id.length;
  }

  /** Slots currently holding a job. */
  get live(): number {
    return this.used - this.freeCount;
  }

  /** Take a slot for a new job. */
  take(): number {
    if (this.freeCount > 0) return this.freeList[--this.freeCount]!;
    if (this.used === this.id.length) this.grow();
    return this.used++;
  }

  /** Give a slot back. */
  release(slot: number): void {
    this.state[slot] = FREE;
    this.freeList[this.freeCount++] = slot;
  }

  /** Every slot holding a job in `state`, in slot order (used by rare operations: lane failure). */
  slotsIn(state: number): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.used; s++) if (this.state[s] === state) out.push(s);
    return out;
  }

  private allocate(capacity: number): void {
    this.id = new Float64Array(capacity);
    this.cls = new Uint8Array(capacity);
    this.model = new Uint8Array(capacity);
    this.state = new Uint8Array(capacity);
    this.arrival = new Float64Array(capacity);
    this.deadline = new Float64Array(capacity);
    this.start = new Float64Array(capacity);
    this.unit = new Float64Array(capacity);
    this.lane = new Int16Array(capacity);
    this.attempts = new Uint8Array(capacity);
    this.gen = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.batchId = new Float64Array(capacity);
    this.batchSize = new Int32Array(capacity);
    this.memCost = new Float64Array(capacity);
    this.predicted = new Float64Array(capacity);
    this.launchLoad = new Float32Array(capacity);
    this.admitWork = new Float64Array(capacity);
    this.coldWait = new Float32Array(capacity);
  }

  private grow(): void {
    const old = {
      id: this.id,
      cls: this.cls,
      model: this.model,
      state: this.state,
      arrival: this.arrival,
      deadline: this.deadline,
      start: this.start,
      unit: this.unit,
      lane: this.lane,
      attempts: this.attempts,
      gen: this.gen,
      next: this.next,
      batchId: this.batchId,
      batchSize: this.batchSize,
      memCost: this.memCost,
      predicted: this.predicted,
      launchLoad: this.launchLoad,
      admitWork: this.admitWork,
      coldWait: this.coldWait,
    };
    const cap = this.id.length * 2;
    this.allocate(cap);
    for (const key of Object.keys(old) as (keyof typeof old)[]) {
      (this[key] as { set(a: ArrayLike<number>): void }).set(old[key]);
    }
    const freeList = new Int32Array(cap);
    freeList.set(this.freeList);
    this.freeList = freeList;
  }
}
