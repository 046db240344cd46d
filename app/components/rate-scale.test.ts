// The Arrival rate slider's scale: fine enough by mouse and by keys to land a load a lesson asks
// for (1 % of the track is about 2 % of capacity, not 10 % of the rate), every key press moves it,
// and Page Up adds 10 % of capacity rather than multiplying the rate by 2.7.

import { describe, expect, it } from 'vitest';
import {
  STEPS,
  positionToRate,
  rateAfterKey,
  rateToPosition,
  type RateScale,
} from './rate-scale.ts';

const scale: RateScale = { min: 1, max: 20_000, capacity: 310 };

describe('the rate slider', () => {
  it('moves by 2 % of capacity (and a whole job of rounding) for 1 % of its track, up to 150 % load', () => {
    for (let p = 0; p < 740; p += 10) {
      const a = positionToRate(p, scale);
      const b = positionToRate(p + STEPS / 100, scale);
      expect((b - a) / scale.capacity, `at ${p}`).toBeLessThanOrEqual(0.02 + 1 / scale.capacity);
    }
    expect(positionToRate(STEPS, scale)).toBe(20_000);
    expect(positionToRate(0, scale)).toBe(1);
  });

  it('maps positions and rates both ways', () => {
    for (const rate of [1, 62, 155, 279, 310, 465, 1000, 20_000]) {
      expect(positionToRate(rateToPosition(rate, scale), scale) / rate).toBeCloseTo(1, 1);
    }
  });

  it('steps 1 % of capacity per arrow key, 0.1 % with Shift, 10 % per Page Up', () => {
    expect(rateAfterKey(200, 'ArrowRight', false, scale)).toBe(203);
    expect(rateAfterKey(200, 'ArrowLeft', false, scale)).toBe(197);
    expect(rateAfterKey(200, 'ArrowRight', true, scale)).toBe(201);
    expect(rateAfterKey(200, 'PageUp', false, scale)).toBe(231);
    expect(rateAfterKey(200, 'Home', false, scale)).toBe(1);
    expect(rateAfterKey(200, 'End', false, scale)).toBe(20_000);
    expect(rateAfterKey(200, 'a', false, scale)).toBeNull();
    // Past 150 % load: 2 % of the rate per arrow key.
    expect(rateAfterKey(1000, 'ArrowRight', false, scale)).toBe(1020);
  });

  it('lets the keyboard reach 85-93 % load from 50 % in a few dozen presses', () => {
    let rate = 155;
    let presses = 0;
    while (rate / scale.capacity <= 0.85) {
      rate = rateAfterKey(rate, 'ArrowRight', false, scale)!;
      presses++;
    }
    expect(rate / scale.capacity).toBeLessThan(0.93);
    expect(presses).toBeLessThanOrEqual(40);
  });
});
