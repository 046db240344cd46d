// validate's command line: defaults, and every bad option refused before anything runs, naming
// the flag (a live run takes real time, so a careless number must not start one).

import { describe, expect, it } from 'vitest';
import { OptionError } from '../io/options.ts';
import { LIVE_MIX, parseValidateArgs } from './args.ts';

describe('npm run validate: arguments', () => {
  it('has the documented defaults, shorter with --quick', () => {
    const full = parseValidateArgs([]);
    expect(full).toMatchObject({ jobs: 1500, probeJobs: 1000, probeLoad: 0.5, repeats: 3 });
    expect(full.models).toEqual(LIVE_MIX);
    expect(full.loads).toEqual([0.3, 0.5, 0.7, 0.85]);
    expect(full.probeMs).toBe(300);
    expect(parseValidateArgs(['--quick'])).toMatchObject({
      jobs: 300,
      probeJobs: 300,
      probeMs: 150,
    });
    expect(parseValidateArgs(['--drift-probe-ms', '40']).probeMs).toBe(40);
    expect(parseValidateArgs(['--probe-jobs', '0']).probeJobs).toBe(0);
  });

  it.each([
    [['--probe-load', '0'], /--probe-load: "0" is not a plain decimal number above 0 and up to 2/],
    [['--probe-load', '3'], /--probe-load: "3" is not a plain decimal number above 0/],
    [['--probe-load', 'abc'], /--probe-load: "abc" is not a plain decimal number/],
    [['--probe-jobs', '-3'], /Option '--probe-jobs' argument is ambiguous/],
    [['--probe-jobs', '2.5'], /--probe-jobs: "2.5" is not a whole number/],
    [['--probe-jobs', '1e12'], /--probe-jobs: "1e12" is not a whole number from 0 to 100,000/],
    [['--jobs', '0'], /--jobs: "0" is not a whole number from 1 to 100,000/],
    [['--jobs', '0x10'], /--jobs: "0x10" is not a whole number/],
    [['--jobs', '5', '--jobs', '6'], /--jobs: given more than once/],
    [['--loads', '0.5,<script>'], /--loads: shares of capacity in \(0, 2\]/],
    [['--models', '=cmd|x'], /--models: =cmd\|x is not a model/],
    [['--repeats', '0'], /--repeats: "0" is not a whole number from 1 to 100/],
    [['--drift-probe-ms', '5'], /--drift-probe-ms: "5" is not a whole number from 10 to 60,000/],
    [['--pacing', 'fast'], /--pacing: "fast" is not one of event, tick/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseValidateArgs(argv)).toThrow(OptionError);
    expect(() => parseValidateArgs(argv)).toThrow(message);
  });
});
