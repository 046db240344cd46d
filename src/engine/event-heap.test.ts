import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeap } from './event-heap.ts';
import type { JobTable } from './job-table.ts';
import { SlotHeap } from './queues.ts';
import { JobList } from './schedulers/group-queue.ts';

describe('EventHeap', () => {
  it('pops events in time order, ties in insertion order, like a stable sort', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 300 }),
        (ops) => {
          const heap = new EventHeap(2);
          const oracle: { time: number; a: number }[] = [];
          const popped: number[] = [];
          const expected: number[] = [];
          ops.forEach(([time, pop], i) => {
            if (pop && oracle.length > 0) {
              heap.pop();
              popped.push(heap.top.a);
              // Stable: earliest time, then earliest insertion.
              let best = 0;
              for (let k = 1; k < oracle.length; k++)
                if (oracle[k]!.time < oracle[best]!.time) best = k;
              expected.push(oracle.splice(best, 1)[0]!.a);
            } else {
              heap.push(time, 1, i, 0);
              oracle.push({ time, a: i });
            }
          });
          while (heap.pop()) popped.push(heap.top.a);
          oracle.sort((x, y) => x.time - y.time || x.a - y.a);
          expected.push(...oracle.map((o) => o.a));
          expect(popped).toEqual(expected);
        },
      ),
    );
  });

  it('reports +Infinity as the next time when empty', () => {
    const heap = new EventHeap();
    expect(heap.peekTime()).toBe(Infinity);
    expect(heap.pop()).toBe(false);
  });
});

describe('SlotHeap', () => {
  it('pops slots by key then tie, matching a sorted array', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat()), { maxLength: 600 }),
        (xs) => {
          const heap = new SlotHeap();
          xs.forEach(([key], i) => heap.push(i, key, i));
          const out: number[] = [];
          while (heap.size > 0) out.push(heap.pop());
          const expected = xs
            .map(([key], i) => ({ key, i }))
            .sort((a, b) => a.key - b.key || a.i - b.i);
          expect(out).toEqual(expected.map((e) => e.i));
        },
      ),
    );
  });
});

describe('JobList', () => {
  it('keeps job slots in id order through growth, shifts and re-queued older jobs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2000 }), (ops) => {
        // Slot i holds job id ids[i]: new arrivals take the next id, a re-queued job an older one.
        const jobs = { id: new Float64Array(ops.length) } as unknown as JobTable;
        const list = new JobList();
        const oracle: number[] = [];
        let nextId = 1000;
        ops.forEach((op, slot) => {
          if (op === 0 && oracle.length > 0) {
            expect(list.shift()).toBe(oracle.shift());
          } else {
            jobs.id[slot] = op === 1 ? nextId - 1 - (slot % 7) - slot / 1e5 : nextId++;
            list.push(slot, jobs);
            oracle.push(slot);
            oracle.sort((a, b) => jobs.id[a]! - jobs.id[b]!);
          }
          expect(list.size).toBe(oracle.length);
        });
        expect(Array.from({ length: list.size }, (_, i) => list.at(i))).toEqual(oracle);
        const rest: number[] = [];
        list.drainInto(rest);
        expect(rest).toEqual(oracle);
      }),
    );
  });
});
