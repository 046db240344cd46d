// The simulation's event queue: a binary min-heap on struct-of-arrays storage. Events with equal
// times leave in insertion order (a sequence number breaks ties), which keeps runs deterministic.
// No objects are allocated per event: a run of millions of jobs produces no garbage here.

/** One popped event, reused by the heap (read it before the next pop). */
export interface PoppedEvent {
  time: number;
  kind: number;
  a: number;
  b: number;
}

/** An event was scheduled at a time that is not a finite number. */
export class EventTimeError extends Error {
  override name = 'EventTimeError';
  constructor(time: number, kind: number) {
    super(
      `an event (kind ${kind}) was scheduled at simulated time ${time}: a service time or delay came out ${time}, which no run can reach`,
    );
  }
}

export class EventHeap {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Int32Array;
  private n = 0;
  private nextSeq = 0;
  /** The last popped event. */
  readonly top: PoppedEvent = { time: 0, kind: 0, a: 0, b: 0 };

  constructor(capacity = 64) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[0]! : Infinity;
  }

  push(time: number, kind: number, a: number, b: number): void {
    // A NaN or infinite time would sort nowhere (NaN) or never come (Infinity) and end the run in
    // silence: it is a bug, or a config the checks missed, and is said as such.
    if (!(time - time === 0)) throw new EventTimeError(time, kind);
    if (this.n === this.time.length) this.grow();
    const seq = this.nextSeq++;
    // Sift up: move parents down until the slot for the new event is found.
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = this.time[p]!;
      if (pt < time || (pt === time && this.seq[p]! < seq)) break;
      this.move(p, i);
      i = p;
    }
    this.time[i] = time;
    this.seq[i] = seq;
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
  }

  /** Remove the earliest event into `top`. Returns false when empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    const top = this.top;
    top.time = this.time[0]!;
    top.kind = this.kind[0]!;
    top.a = this.a[0]!;
    top.b = this.b[0]!;
    const last = --this.n;
    if (last === 0) return true;
    const time = this.time[last]!;
    const seq = this.seq[last]!;
    const kind = this.kind[last]!;
    const a = this.a[last]!;
    const b = this.b[last]!;
    // Sift down the former last element from the root.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      let c = l;
      if (r < last) {
        const lt = this.time[l]!;
        const rt = this.time[r]!;
        if (rt < lt || (rt === lt && this.seq[r]! < this.seq[l]!)) c = r;
      }
      const ct = this.time[c]!;
      if (time < ct || (time === ct && seq < this.seq[c]!)) break;
      this.move(c, i);
      i = c;
    }
    this.time[i] = time;
    this.seq[i] = seq;
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
    return true;
  }

  clear(): void {
    this.n = 0;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.seq[to] = this.seq[from]!;
    this.kind[to] = this.kind[from]!;
    this.a[to] = this.a[from]!;
    this.b[to] = this.b[from]!;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(old);
      return next;
    };
    this.time = grow(this.time, (n) => new Float64Array(n));
    this.seq = grow(this.seq, (n) => new Float64Array(n));
    this.kind = grow(this.kind, (n) => new Int32Array(n));
    this.a = grow(this.a, (n) => new Int32Array(n));
    this.b = grow(this.b, (n) => new Int32Array(n));
  }
}
