// Queued jobs grouped by what may share a batch: one list per (model, class), each kept in arrival
// order (so also in deadline order, since a class has one SLO). Schedulers that batch pick a group
// and take jobs from its front. Typed-array backed, allocation-free in steady state.

import type { JobTable } from '../job-table.ts';

/** Job slots in arrival (id) order; appends are O(1), a re-queued older job is inserted in place. */
export class JobList {
  private buf = new Int32Array(64);
  private head = 0;
  private n = 0;
  /** Id of the job at the back (valid while n > 0). */
  private lastId = -1;

  get size(): number {
    return this.n;
  }

  /** The i-th slot from the front. */
  at(i: number): number {
    return this.buf[(this.head + i) & (this.buf.length - 1)]!;
  }

  push(slot: number, jobs: JobTable): void {
    if (this.n === this.buf.length) this.grow();
    const mask = this.buf.length - 1;
    const id = jobs.id[slot]!;
    if (this.n === 0 || id > this.lastId) {
      // The newest job: append.
      this.buf[(this.head + this.n++) & mask] = slot;
      this.lastId = id;
      return;
    }
    let i = this.n++;
    // An older job (re-queued after a lane failure, or by a switch) goes back to its place.
    while (i > 0) {
      const prev = this.buf[(this.head + i - 1) & mask]!;
      if (jobs.id[prev]! < id) break;
      this.buf[(this.head + i) & mask] = prev;
      i--;
    }
    this.buf[(this.head + i) & mask] = slot;
  }

  shift(): number {
    const slot = this.buf[this.head]!;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.n--;
    return slot;
  }

  drainInto(out: number[]): void {
    while (this.n > 0) out.push(this.shift());
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.n; i++) next[i] = this.at(i);
    this.buf = next;
    this.head = 0;
  }
}

/** One list per (model, class): group g = model * 2 + class. */
export class GroupSet {
  readonly lists: JobList[] = [];
  size = 0;

  constructor(models: number) {
    for (let g = 0; g < models * 2; g++) this.lists.push(new JobList());
  }

  push(slot: number, jobs: JobTable): void {
    this.lists[jobs.model[slot]! * 2 + jobs.cls[slot]!]!.push(slot, jobs);
    this.size++;
  }

  drainInto(out: number[]): void {
    for (const list of this.lists) list.drainInto(out);
    this.size = 0;
  }
}
