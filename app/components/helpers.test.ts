// Small pure parts of the page's components: "0 ms" never stands for no data, Space plays and
// pauses from the rate slider but not from a text field, the capacity hint counts failed lanes,
// Calibrate estimates its time left, and "Check the simulation" says whether the simulation is
// usable here and what most likely makes it disagree.

import { describe, expect, it } from 'vitest';
import { formatMs } from '../format.ts';
import { isTyping } from '../keys.ts';
import { DEFAULT_SETTINGS, capacityPerS, servingCapacityPerS } from '../config/settings.ts';
import { timeLeftMs } from './calibrate-panel.tsx';
import { simCheckVerdict } from './sim-check-verdict.ts';
import type { SimCheckResult } from '../../src/workers/protocol.ts';

describe('figures with nothing behind them', () => {
  it('read "—", not "0 ms"', () => {
    expect(formatMs(NaN)).toBe('—');
    expect(formatMs(58.3)).toBe('58.3 ms');
  });
});

describe('Space', () => {
  const el = (tagName: string, type?: string) => ({ tagName, type }) as unknown as EventTarget;
  it('plays and pauses from the rate slider, not from a field, a select or a button', () => {
    expect(isTyping(el('INPUT', 'range'))).toBe(false);
    expect(isTyping(el('INPUT', 'number'))).toBe(true);
    expect(isTyping(el('SELECT'))).toBe(true);
    expect(isTyping(el('BUTTON'))).toBe(true);
    expect(isTyping(el('CANVAS'))).toBe(false);
  });
});

describe('the capacity hint', () => {
  const lanes = [
    { kind: 'gpu' as const, up: true },
    { kind: 'cpu' as const, up: true },
    { kind: 'cpu' as const, up: true },
    { kind: 'gpu' as const, role: 'backup' as const, up: true },
  ];
  it('counts what serves now: a failed GPU lane out, its backup in', () => {
    const all = servingCapacityPerS(DEFAULT_SETTINGS, lanes);
    expect(all).toBeCloseTo(capacityPerS(DEFAULT_SETTINGS), 6);
    const down = [{ ...lanes[0]!, up: false }, ...lanes.slice(1, 3)];
    expect(servingCapacityPerS(DEFAULT_SETTINGS, down)).toBeCloseTo(all / 3, 6);
    const withBackup = [{ ...lanes[0]!, up: false }, ...lanes.slice(1)];
    expect(servingCapacityPerS(DEFAULT_SETTINGS, withBackup)).toBeCloseTo(all, 6);
  });
});

describe('Calibrate', () => {
  it('estimates the time left from the share done, once it can', () => {
    expect(timeLeftMs(0.01, 5_000)).toBeUndefined();
    expect(timeLeftMs(0.25, 30_000)).toBe(90_000);
  });
});

describe('Check the simulation', () => {
  const result = (p99Predicted: number, jobs = 800): SimCheckResult =>
    ({
      ok: true,
      arrived: jobs,
      arrivalsIdentical: true,
      jobs,
      liveOnly: 0,
      simOnly: 0,
      replays: 5,
      at: 60_000,
      calibration: { batch1: [{ cv: 0.3 }], overhead: [], sharing: [] },
      classes: [
        {
          cls: 'interactive',
          count: jobs,
          measuredCurve: [],
          predictedCurve: [],
          rows: [
            { metric: 'p50', measured: 10, predicted: 11, errorPct: 10 },
            { metric: 'p95', measured: 20, predicted: 22, errorPct: 10 },
            {
              metric: 'p99',
              measured: 40,
              predicted: p99Predicted,
              errorPct: (p99Predicted / 40 - 1) * 100,
            },
          ],
        },
      ],
    }) as unknown as SimCheckResult;

  it('calls the simulation usable when its percentiles are close to the live run', () => {
    expect(simCheckVerdict(result(48))).toMatchObject({ usable: true, reasons: [] });
  });

  it('says it is not, by how much in words, and what most likely makes it disagree', () => {
    const v = simCheckVerdict(result(194, 120), [
      { name: 'gpu0', info: { adapter: { software: true } } },
    ] as never);
    expect(v.usable).toBe(false);
    expect(v.headline).toContain('predicts interactive p99 4.8× higher than measured');
    expect(v.reasons.join(' ')).toContain('Only 120 jobs were compared');
    expect(v.reasons.join(' ')).toContain('gpu0 runs on a software GPU adapter');
  });
});
