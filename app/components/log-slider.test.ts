import { describe, expect, it } from 'vitest';
import { fromSlider, toSlider } from './log-slider.ts';

const RATE = { min: 1, max: 20_000 };

describe('the log slider', () => {
  it('moves one position per arrow key anywhere on the rate scale (a keyboard can drag it)', () => {
    for (let p = 0; p < 1000; p++) {
      const v = fromSlider(p + 1, RATE.min, RATE.max);
      expect(toSlider(v, RATE.min, RATE.max), `from ${p}`).toBe(p + 1);
    }
  });

  it('keeps values short: two significant digits where that stays on the position', () => {
    expect(fromSlider(toSlider(200, RATE.min, RATE.max), RATE.min, RATE.max)).toBe(200);
    expect(fromSlider(1000, RATE.min, RATE.max)).toBe(20_000);
    expect(fromSlider(0, RATE.min, RATE.max)).toBe(1);
    const v = fromSlider(330, RATE.min, RATE.max);
    expect(String(v).replace('.', '').replace(/^0+/, '').length).toBeLessThanOrEqual(4);
  });
});
