// Queue structures shared by the schedulers: a FIFO ring of job slots and a min-heap of job slots
// keyed by a number (deadline, for EDF) with the job id breaking ties. Both are typed-array backed
// and allocation-free in steady state.

export class SlotRing {
  private buf = new Int32Array(256);
  private head = 0;
  private n = 0;

  get size(): number {
    return this.n;
  }

  push(slot: number): void {
    if (this.n === this.buf.length) this.grow();
    this.buf[(this.head + this.n++) & (this.buf.length - 1)] = slot;
  }

  /** Put a slot at the front (a job that could not start goes back where it was). */
  unshift(slot: number): void {
    if (this.n === this.buf.length) this.grow();
    this.head = (this.head - 1) & (this.buf.length - 1);
    this.buf[this.head] = slot;
    this.n++;
  }

  peek(): number {
    return this.buf[this.head]!;
  }

  /** The i-th slot from the front. */
  at(i: number): number {
    return this.buf[(this.head + i) & (this.buf.length - 1)]!;
  }

  shift(): number {
    const slot = this.buf[this.head]!;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.n--;
    return slot;
  }

  /** Remove the i-th slot from the front, keeping the order of the rest. O(n). */
  removeAt(i: number): number {
    const mask = this.buf.length - 1;
    const slot = this.buf[(this.head + i) & mask]!;
    for (let k = i; k < this.n - 1; k++) {
      this.buf[(this.head + k) & mask] = this.buf[(this.head + k + 1) & mask]!;
    }
    this.n--;
    return slot;
  }

  drainInto(out: number[]): void {
    while (this.n > 0) out.push(this.shift());
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.n; i++) next[i] = this.buf[(this.head + i) & (this.buf.length - 1)]!;
    this.buf = next;
    this.head = 0;
  }
}

/** Min-heap of slots by (key, tie). */
export class SlotHeap {
  private slot = new Int32Array(256);
  private key = new Float64Array(256);
  private tie = new Float64Array(256);
  private n = 0;

  get size(): number {
    return this.n;
  }

  peek(): number {
    return this.slot[0]!;
  }

  peekKey(): number {
    return this.n > 0 ? this.key[0]! : Infinity;
  }

  push(slot: number, key: number, tie: number): void {
    if (this.n === this.slot.length) this.grow();
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = this.key[p]!;
      if (pk < key || (pk === key && this.tie[p]! < tie)) break;
      this.slot[i] = this.slot[p]!;
      this.key[i] = pk;
      this.tie[i] = this.tie[p]!;
      i = p;
    }
    this.slot[i] = slot;
    this.key[i] = key;
    this.tie[i] = tie;
  }

  pop(): number {
    const top = this.slot[0]!;
    const last = --this.n;
    if (last > 0) {
      const slot = this.slot[last]!;
      const key = this.key[last]!;
      const tie = this.tie[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        let c = l;
        const r = l + 1;
        if (r < last) {
          const lk = this.key[l]!;
          const rk = this.key[r]!;
          if (rk < lk || (rk === lk && this.tie[r]! < this.tie[l]!)) c = r;
        }
        const ck = this.key[c]!;
        if (key < ck || (key === ck && tie < this.tie[c]!)) break;
        this.slot[i] = this.slot[c]!;
        this.key[i] = ck;
        this.tie[i] = this.tie[c]!;
        i = c;
      }
      this.slot[i] = slot;
      this.key[i] = key;
      this.tie[i] = tie;
    }
    return top;
  }

  /** All slots in heap order (not sorted). */
  drainInto(out: number[]): void {
    for (let i = 0; i < this.n; i++) out.push(this.slot[i]!);
    this.n = 0;
  }

  private grow(): void {
    const cap = this.slot.length * 2;
    const slot = new Int32Array(cap);
    slot.set(this.slot);
    const key = new Float64Array(cap);
    key.set(this.key);
    const tie = new Float64Array(cap);
    tie.set(this.tie);
    this.slot = slot;
    this.key = key;
    this.tie = tie;
  }
}
