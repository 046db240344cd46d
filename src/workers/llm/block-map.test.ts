// The block map's bookkeeping: each request owns exactly the cells it holds blocks for, no cell is
// owned twice, blocks freed by a preemption flash and then come free, and a freed block goes to the
// back of the free queue (vLLM's order: a request's blocks end up scattered).

import { describe, expect, it } from 'vitest';
import { CELL_FREE, CELL_PREEMPTED, CELL_SHARED } from '../llm-protocol.ts';
import { FLASH_FRAMES, LaneBlockMap, type Holding } from './block-map.ts';
import { uniformStream } from '../../engine/rng.ts';

const ended = (): number => -1;

describe('LaneBlockMap', () => {
  it('keeps cells and holdings equal over random growth, ends and preemptions', () => {
    const u = uniformStream(11, 'block-map');
    const map = new LaneBlockMap(500);
    let live: Holding[] = [];
    let nextId = 0;
    const preempted = new Map<number, number>();
    for (let frame = 0; frame < 400; frame++) {
      // Grow some, end some, preempt some, admit some, within the 500 blocks.
      let total = 0;
      const next: Holding[] = [];
      for (const h of live) {
        const r = u();
        if (r < 0.1) continue; // ended
        if (r < 0.15) {
          preempted.set(h.id, h.preemptions + 1);
          continue; // preempted: off the running list
        }
        const grown = { ...h, blocks: h.blocks + (u() < 0.5 ? 1 : 0) };
        if (total + grown.blocks <= 440) {
          next.push(grown);
          total += grown.blocks;
        }
      }
      while (u() < 0.6 && total + 10 <= 440) {
        next.push({ id: nextId, slot: nextId, blocks: 10, preemptions: 0 });
        nextId++;
        total += 10;
      }
      live = next;
      map.update(live, 20, 0, (_slot, id) => preempted.get(id) ?? -1);
      const owners = new Map<number, number>();
      let shared = 0;
      for (const o of map.owner) {
        if (o >= 0) owners.set(o, (owners.get(o) ?? 0) + 1);
        if (o === CELL_SHARED) shared++;
      }
      expect(shared).toBe(20);
      for (const h of live) {
        expect(owners.get(h.id) ?? 0).toBe(h.blocks);
        expect(map.cellsOf(h.id).length).toBe(h.blocks);
      }
      expect(owners.size).toBe(live.filter((h) => h.blocks > 0).length);
    }
    expect(map.preemptions).toBeGreaterThan(0);
  });

  it('flashes a preempted request’s blocks for a while, not an ended one’s', () => {
    const map = new LaneBlockMap(40);
    map.update(
      [
        { id: 1, slot: 0, blocks: 5, preemptions: 0 },
        { id: 2, slot: 1, blocks: 7, preemptions: 0 },
      ],
      0,
      0,
      ended,
    );
    // 1 ended, 2 preempted.
    map.update([], 0, 0, (slot) => (slot === 1 ? 1 : -1));
    const out = new Int32Array(40);
    map.write(out, 0);
    expect(out.filter((c) => c === CELL_PREEMPTED).length).toBe(7);
    expect(map.preemptions).toBe(1);
    for (let k = 0; k < FLASH_FRAMES; k++) map.update([], 0, 0, ended);
    map.write(out, 0);
    expect(out.every((c) => c === CELL_FREE)).toBe(true);
  });

  it('takes free blocks in FIFO order: a freed block goes to the back', () => {
    const map = new LaneBlockMap(8);
    map.update([{ id: 1, slot: 0, blocks: 3, preemptions: 0 }], 0, 0, ended);
    expect([...map.cellsOf(1)]).toEqual([0, 1, 2]);
    map.update([{ id: 2, slot: 1, blocks: 2, preemptions: 0 }], 0, 0, ended);
    expect([...map.cellsOf(2)]).toEqual([3, 4]);
    map.update(
      [
        { id: 2, slot: 1, blocks: 2, preemptions: 0 },
        { id: 3, slot: 2, blocks: 5, preemptions: 0 },
      ],
      0,
      0,
      ended,
    );
    // 5, 6, 7 first, then the blocks request 1 gave back, last block first (as vLLM frees them).
    expect([...map.cellsOf(3)]).toEqual([5, 6, 7, 2, 1]);
  });
});
