import { describe, expect, it } from 'vitest';
import { checkMonotone, probePoints } from './search.ts';

describe('capacity search', () => {
  it('bisects, or splits the interval k ways when there are cores to spare', () => {
    expect(probePoints(0, 257, 1)).toEqual([129]);
    expect(probePoints(0, 257, 3)).toEqual([64, 129, 193]);
    expect(probePoints(4, 6, 3)).toEqual([5]);
    expect(probePoints(4, 5, 2)).toEqual([]);
  });

  it('accepts probes whose p99 falls as the count grows, within the sketches’ accuracy', () => {
    const probes = [
      { value: 2, p99: 900, meets: false },
      { value: 4, p99: 80, meets: true },
      { value: 3, p99: 120, meets: false },
      { value: 5, p99: 80.5, meets: true },
    ];
    expect(checkMonotone(probes)).toEqual({
      monotone: true,
      note: 'monotone over 4 probed values',
    });
  });

  it('does not compare against a probe the resource guard stopped: its p99 covers part of a run', () => {
    // At 2 lanes the run stopped with jobs still queued: a low p99 that is no measure of 2 lanes.
    const probes = [
      { value: 2, p99: 40, meets: false, stopped: true },
      { value: 3, p99: 90, meets: true },
    ];
    expect(checkMonotone(probes).monotone).toBe(true);
    expect(checkMonotone([{ ...probes[0]!, stopped: false }, probes[1]!]).monotone).toBe(false);
  });

  it('flags probes that contradict the monotonicity assumption', () => {
    expect(
      checkMonotone([
        { value: 3, p99: 50, meets: true },
        { value: 4, p99: 150, meets: false },
      ]).note,
    ).toBe('not monotone: 3 meets the target but 4 does not');
    expect(
      checkMonotone([
        { value: 3, p99: 50, meets: true },
        { value: 4, p99: 60, meets: true },
      ]).note,
    ).toBe('not monotone: p99 rises from 50.00 ms at 3 to 60.00 ms at 4');
  });
});
