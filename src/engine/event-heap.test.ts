import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeap } from './event-heap.ts';
import { SlotHeap, SlotRing } from './queues.ts';

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

describe('SlotRing', () => {
  it('behaves as a deque through growth, shifts, unshifts and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2000 }), (ops) => {
        const ring = new SlotRing();
        const oracle: number[] = [];
        ops.forEach((op, i) => {
          if (op === 0 || oracle.length === 0) {
            ring.push(i);
            oracle.push(i);
          } else if (op === 1) {
            expect(ring.shift()).toBe(oracle.shift());
          } else if (op === 2) {
            ring.unshift(i);
            oracle.unshift(i);
          } else {
            const at = i % oracle.length;
            expect(ring.removeAt(at)).toBe(oracle.splice(at, 1)[0]);
          }
          expect(ring.size).toBe(oracle.length);
        });
        const rest: number[] = [];
        ring.drainInto(rest);
        expect(rest).toEqual(oracle);
      }),
    );
  });
});
