// validate's command line: defaults, and every bad option refused before anything runs, naming
// the flag (a live run takes real time, so a careless number must not start one).

import { describe, expect, it } from 'vitest';
import { LIVE_MIX, parseValidateArgs } from './args.ts';

describe('npm run validate: arguments', () => {
  it('has the documented defaults, shorter with --quick', () => {
    const full = parseValidateArgs([]);
    expect(full).toMatchObject({ jobs: 1500, probeJobs: 1000, probeLoad: 0.5, repeats: 3 });
    expect(full.models).toEqual(LIVE_MIX);
    expect(full.loads).toEqual([0.3, 0.5, 0.7, 0.85]);
    expect(parseValidateArgs(['--quick'])).toMatchObject({ jobs: 300, probeJobs: 300 });
    expect(parseValidateArgs(['--probe-jobs', '0']).probeJobs).toBe(0);
  });

  it.each([
    [['--probe-load', '0'], /--probe-load 0: a share of capacity in \(0, 2\]/],
    [['--probe-load', '3'], /--probe-load 3: a share of capacity/],
    [['--probe-load', 'abc'], /--probe-load abc: not a number/],
    [['--probe-jobs', '-3'], /--probe-jobs -3: a whole number from 0/],
    [['--probe-jobs', '2.5'], /--probe-jobs 2.5: a whole number/],
    [
      ['--probe-jobs', '1e12'],
      /--probe-jobs 1000000000000: a whole number from 0 \(no probe\) to 100000/,
    ],
    [['--jobs', '0'], /--jobs 0: a whole number from 1 to 100000/],
    [['--jobs', '1e9'], /--jobs 1000000000: a whole number/],
    [['--loads', '0.5,<script>'], /--loads: shares of capacity in \(0, 2\]/],
    [['--models', '=cmd|x'], /--models: =cmd\|x is not a model/],
    [['--repeats', '0'], /--repeats: at least 1/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseValidateArgs(argv)).toThrow(message);
  });
});
