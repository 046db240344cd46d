import { describe, expect, it } from 'vitest';
import { formatDuration, progressLine } from './progress.ts';

describe('the sweep progress bar', () => {
  it('shows runs done, the rate and an ETA extrapolated from it', () => {
    // 12 of 40 runs in 4 s: 3 runs/s, 28 left, about 9 s to go.
    expect(progressLine(12, 40, 4, 10)).toBe('[###-------] 12/40 runs (30%), 3.00 runs/s, ETA 9 s');
    expect(progressLine(40, 40, 10, 10)).toBe(
      '[##########] 40/40 runs (100%), 4.00 runs/s, ETA 0 s',
    );
  });

  it('says it cannot tell before the first run has finished', () => {
    expect(progressLine(0, 40, 2, 10)).toBe('[----------] 0/40 runs (0%), 0.00 runs/s, ETA ?');
  });

  it('writes long ETAs in minutes and hours', () => {
    // 1 run in 30 s with 199 left: 5,970 s, 99 and a half minutes.
    expect(progressLine(1, 200, 30, 10)).toMatch(/ETA 1 h 39 min$/);
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 05 min');
  });
});
