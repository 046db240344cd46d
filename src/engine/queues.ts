// A min-heap of job slots keyed by a number (a rank such as the deadline, for EDF) with the job id
// breaking ties: the rank-ordered central queue (schedulers/central.ts). Typed-array backed and
// allocation-free in steady state. (Arrival-ordered lists are group-queue.ts's JobList.)

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
