// The Gantt bars' pixel buffer: a rect covers exactly its whole pixels, in its colour, clipped.

import { describe, expect, it } from 'vitest';
import { BarRaster, packColour } from './bar-raster.ts';

describe('BarRaster', () => {
  it('packs #rrggbb into the RGBA bytes a canvas reads', () => {
    const r = new BarRaster();
    r.reset(1, 1);
    r.fill(packColour('#4e79a7'), 0, 0, 1, 1);
    expect([...r.view()]).toEqual([0x4e, 0x79, 0xa7, 255]);
  });

  it('fills exactly the rect, scaled to device pixels and clipped to the buffer', () => {
    const r = new BarRaster();
    r.reset(20, 10);
    const c = packColour('#ff0000');
    r.fill(c, 2, 1, 3, 2, 2); // device px x 4..10, y 2..6
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 20; x++) {
        const inside = x >= 4 && x < 10 && y >= 2 && y < 6;
        expect(r.at(x, y), `${x},${y}`).toBe(inside ? c : 0);
      }
    }
    r.fill(c, 18, 8, 10, 10);
    expect(r.at(19, 9)).toBe(c);
    r.reset(20, 10);
    expect(r.at(5, 3)).toBe(0);
    expect(r.view().length).toBe(20 * 10 * 4);
  });
});
