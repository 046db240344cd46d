import { describe, expect, it } from 'vitest';
import { formatCount, MAX_JOBS_IN_FLIGHT, MAX_SIM_MS, MAX_SIM_S, MIN_PERIOD_MS } from './limits.ts';

describe('limits', () => {
  it('print whole numbers with thousands separators, as messages quote them', () => {
    expect([0, 999, 1000, 1_000_000, 16_777_216, -1234].map(formatCount)).toEqual([
      '0',
      '999',
      '1,000',
      '1,000,000',
      '16,777,216',
      '-1,234',
    ]);
    expect(formatCount(1.5)).toBe('1.5');
  });

  it('keep the clock resolvable and the guard reachable', () => {
    // The clock's spacing at the longest run is far below the shortest period a config may give.
    expect(MAX_SIM_MS * Number.EPSILON).toBeLessThan(MIN_PERIOD_MS / 1e6);
    expect(MAX_SIM_MS).toBe(MAX_SIM_S * 1000);
    // Jobs in flight are checked every 65,536 events with that much headroom.
    expect(MAX_JOBS_IN_FLIGHT).toBeGreaterThan(1 << 16);
  });
});
