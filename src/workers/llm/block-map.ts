// The KV-cache block map of one lane, for the page: which request holds which block. The engine's
// BlockPool counts private blocks rather than naming them (a request holds `blocks` of them, any
// of them), so the map gives them places the way vLLM's free-block queue does: a block freed goes to
// the tail of a FIFO queue and allocation takes from the head, so a request's blocks are scattered
// (paging needs no contiguous run) and a freed block stays free for a while, visibly. Shared
// prefix blocks and idle cached ones are placed the same way under their own codes. Blocks freed by
// a preemption flash for FLASH_FRAMES frames.
//
// `update` reconciles the map with the engine's counts once a frame: O(requests on the lane +
// blocks that changed), with no allocation once the lane's requests are known.

import { CELL_CACHED, CELL_FREE, CELL_PREEMPTED, CELL_SHARED } from '../llm-protocol.ts';

/** Frames a block freed by a preemption is drawn as such. */
export const FLASH_FRAMES = 30;

/** What the map is told about a request on the lane this frame. */
export interface Holding {
  id: number;
  /** Its job slot (valid while it is in flight). */
  slot: number;
  /** Private blocks held. */
  blocks: number;
  /** Times the request was preempted since it arrived. */
  preemptions: number;
}

interface Held {
  cells: number[];
  slot: number;
  preemptions: number;
}

/** The engine's answer for a request that left the running list: its preemption count now, or -1
 * when its slot no longer holds it (it ended). */
export type PreemptionProbe = (slot: number, id: number) => number;

export class LaneBlockMap {
  /** Owner per cell: a request id (>= 0) or a CELL_* code (never CELL_PREEMPTED). */
  readonly owner: Int32Array;
  /** Frame number until which a freed cell flashes as preempted. */
  private readonly flashUntil: Uint32Array;
  private readonly queue: Int32Array;
  private head = 0;
  private size: number;
  private readonly held = new Map<number, Held>();
  private readonly shared: number[] = [];
  private readonly cachedIdle: number[] = [];
  private frame = 0;
  private readonly seen = new Set<number>();
  /** Preemptions the map has drawn (a request whose preemption count rose since the last frame). */
  preemptions = 0;

  constructor(readonly total: number) {
    this.owner = new Int32Array(total).fill(CELL_FREE);
    this.flashUntil = new Uint32Array(total);
    this.queue = new Int32Array(total);
    for (let i = 0; i < total; i++) this.queue[i] = i;
    this.size = total;
  }

  /** Cells held by request `id`. */
  cellsOf(id: number): readonly number[] {
    return this.held.get(id)?.cells ?? [];
  }

  /** Cells flashing as preempted now. */
  flashing(): number {
    let n = 0;
    for (let i = 0; i < this.total; i++)
      if (this.owner[i] === CELL_FREE && this.flashUntil[i]! > this.frame) n++;
    return n;
  }

  /**
   * Reconcile with the lane's state: `holdings` are the requests running on the lane now,
   * `shared` the prefix blocks referenced, `cachedIdle` the cached blocks nobody references. A
   * request whose preemption count rose lost its blocks (they flash, and it may hold new ones);
   * one missing from `holdings` was preempted (flash, by `probe`) or ended (its blocks given back).
   */
  update(
    holdings: readonly Holding[],
    shared: number,
    cachedIdle: number,
    probe: PreemptionProbe,
  ): void {
    this.frame++;
    const seen = this.seen;
    seen.clear();
    // Shrink first, so that growth in the same frame can reuse what was freed.
    for (const h of holdings) {
      seen.add(h.id);
      const had = this.held.get(h.id);
      if (had === undefined) continue;
      if (h.preemptions > had.preemptions) {
        had.preemptions = h.preemptions;
        this.preemptions++;
        this.shrink(had.cells, 0, true);
      } else if (had.cells.length > h.blocks) this.shrink(had.cells, h.blocks, false);
    }
    for (const [id, had] of this.held) {
      if (seen.has(id)) continue;
      const preempted = probe(had.slot, id) > had.preemptions;
      if (preempted) this.preemptions++;
      this.shrink(had.cells, 0, preempted);
      this.held.delete(id);
    }
    this.resize(this.shared, shared, CELL_SHARED);
    this.resize(this.cachedIdle, cachedIdle, CELL_CACHED);
    for (const h of holdings) {
      if (h.blocks === 0) continue;
      let had = this.held.get(h.id);
      if (had === undefined) {
        had = { cells: [], slot: h.slot, preemptions: h.preemptions };
        this.held.set(h.id, had);
      }
      const list = had.cells;
      while (list.length < h.blocks && this.size > 0) list.push(this.take(h.id));
    }
  }

  /** Write the cells, flashes included, into `out` from `offset`. */
  write(out: Int32Array, offset: number): void {
    const owner = this.owner;
    const flash = this.flashUntil;
    const f = this.frame;
    for (let i = 0; i < this.total; i++) {
      const o = owner[i]!;
      out[offset + i] = o === CELL_FREE && flash[i]! > f ? CELL_PREEMPTED : o;
    }
  }

  private resize(list: number[], n: number, code: number): void {
    while (list.length > n) this.give(list.pop()!, false);
    while (list.length < n && this.size > 0) list.push(this.take(code));
  }

  private shrink(list: number[], n: number, preempted: boolean): void {
    while (list.length > n) this.give(list.pop()!, preempted);
  }

  private take(code: number): number {
    const cell = this.queue[this.head]!;
    this.head = (this.head + 1) % this.total;
    this.size--;
    this.owner[cell] = code;
    this.flashUntil[cell] = 0;
    return cell;
  }

  private give(cell: number, preempted: boolean): void {
    this.owner[cell] = CELL_FREE;
    if (preempted) this.flashUntil[cell] = this.frame + FLASH_FRAMES;
    this.queue[(this.head + this.size) % this.total] = cell;
    this.size++;
  }
}
