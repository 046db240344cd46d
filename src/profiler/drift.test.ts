// The drift arithmetic both validations share: a probe's signed drift, a mix's drift weighted by
// busy time, the factor a prediction's service times are scaled by, the probe schedule around the
// live repeats, and the report's two cells.
import { describe, expect, it } from 'vitest';
import {
  driftCells,
  driftFactor,
  driftPct,
  perRepeatCorrected,
  probedRepeats,
  repeatDrifts,
  weightedDriftPct,
} from './drift.ts';
import { scaledService, type CalibratedService } from './lane-calibration.ts';

describe('lane drift', () => {
  it('is signed: + when the lane ran slower than calibrated, - when faster', () => {
    expect(driftPct(110, 100)).toBeCloseTo(10, 12);
    expect(driftPct(80, 100)).toBeCloseTo(-20, 12);
    expect(driftPct(100, 100)).toBe(0);
  });

  it("weights a mix's models by the lanes' time they take, not by their count", () => {
    // A 150 ms model 20 % slower and a 2 ms model twice as fast, weighted 1 and 2.
    const d = weightedDriftPct([
      { weight: 1, measuredMs: 180, referenceMs: 150 },
      { weight: 2, measuredMs: 1, referenceMs: 2 },
    ]);
    expect(d).toBeCloseTo(((180 + 2) / (150 + 4) - 1) * 100, 12);
    // An unweighted mean of the two drifts would say -15 %: the heavy model dominates.
    expect(d).toBeGreaterThan(15);
  });

  it("scales a prediction by the case's drift against its basis' drift", () => {
    expect(driftFactor(10)).toBeCloseTo(1.1, 12);
    expect(driftFactor(10, 10)).toBeCloseTo(1, 12);
    // Case 21 % slower than the calibration, its prediction's runs 10 % slower: 1.21 / 1.1.
    expect(driftFactor(21, 10)).toBeCloseTo(1.1, 12);
    expect(driftFactor(-20, 0)).toBeCloseTo(0.8, 12);
  });

  it('brackets every repeat with probes and takes their mean as the drift', async () => {
    const events: string[] = [];
    let n = 0;
    const readings = [4, 8, -2, 6];
    const r = await probedRepeats(
      3,
      async () => {
        events.push('probe');
        return readings[n++]!;
      },
      async (repeat, probes) => {
        events.push(`run ${repeat} after ${probes.length}`);
        return repeat * 10;
      },
    );
    expect(events).toEqual([
      'probe',
      'run 0 after 1',
      'probe',
      'run 1 after 2',
      'probe',
      'run 2 after 3',
      'probe',
    ]);
    expect(r.results).toEqual([0, 10, 20]);
    expect(r.probes).toEqual(readings);
    expect(r.driftPct).toBe(4);
    // Each repeat's drift: the mean of the probes before and after it.
    expect(r.repeatPct).toEqual([6, 3, 2]);
  });

  it('gives each repeat the mean of the probes around it', () => {
    expect(repeatDrifts([0, 40, 0])).toEqual([20, 20]);
    expect(repeatDrifts([10])).toEqual([]);
  });

  it('a drift that swings within a case: the per-repeat correction removes it, the per-case one does not', () => {
    // A queue's p99 grows faster than its service time (M/M/1: S / (1 - rate x S)); the lane's
    // speed slowed by 60 % by the end of the first repeat and came back by the end of the second:
    // probes 0, +60, 0, so each repeat ran about 30 % slow, where the probes' mean says 20 %.
    const rate = 0.05; // jobs a ms
    const base = 10; // ms, the calibration's service time
    const latency = (service: number): number => service / (1 - rate * service);
    const probes = [0, 60, 0];
    const perRepeat = repeatDrifts(probes);
    expect(perRepeat).toEqual([30, 30]);
    // The live repeats ran at their bracket's speed.
    const measured = perRepeat.map((d) => latency(base * driftFactor(d)));
    const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Uncorrected: the calibration's speed for both.
    const raw = driftPct(latency(base), mean(measured));
    // Per case: one figure (the probes' mean, +20 %) for both repeats.
    const caseDrift = mean(probes);
    const perCase = driftPct(latency(base * driftFactor(caseDrift)), mean(measured));
    // Per repeat: each repeat predicted with its own drift.
    const corrected = perRepeatCorrected(
      measured,
      perRepeat.map((d) => latency(base * driftFactor(d))),
    );
    expect(Math.abs(raw)).toBeGreaterThan(30);
    expect(Math.abs(perCase)).toBeGreaterThan(10);
    expect(corrected.errorPct).toBeCloseTo(0, 9);
    expect(corrected.repeatErrorPct.map((e) => Math.abs(e) < 1e-9)).toEqual([true, true]);
  });

  it('compares each repeat with its own prediction and both sides by the same summary', () => {
    const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[1]!;
    const c = perRepeatCorrected([100, 200, 400], [110, 180, 400], median);
    expect(c.predicted).toBe(180);
    expect(c.errorPct).toBeCloseTo(-10, 9);
    expect(c.repeatErrorPct.map((e) => Number(e.toFixed(9)))).toEqual([10, -10, 0]);
    expect(() => perRepeatCorrected([1, 2], [1])).toThrow('2 repeats measured, 1 predicted');
  });

  it('writes the report cells signed, and a dash for a figure it does not have', () => {
    expect(driftCells({ drift_pct: 12.34, drift_corrected_error_pct: -3.21 })).toEqual([
      '+12.3',
      '-3.2',
    ]);
    expect(driftCells({ drift_pct: 0, drift_corrected_error_pct: 154.4 })).toEqual([
      '+0.0',
      '+154',
    ]);
    expect(driftCells({ drift_pct: NaN, drift_corrected_error_pct: -1 })).toEqual(['–', '-1.0']);
  });

  it("scales a calibrated service model's times, not its overheads or spread", () => {
    const s: CalibratedService = {
      dist: 'profile',
      gpu_speedup: 1,
      cv: 0,
      profile: { resnet18: { cpu: { '1': 150, '2': 280 } }, silero_vad: { cpu: { '1': 1 } } },
      overhead_ms: 0.8,
      wake_ms: 0.9,
      spread: { resnet18: [0.9, 1, 1.1] },
      sharing: {},
    };
    const t = scaledService(s, 1.1);
    expect(t.profile).toEqual({
      resnet18: { cpu: { '1': 165, '2': 308 } },
      silero_vad: { cpu: { '1': 1.1 } },
    });
    expect(t.overhead_ms).toBe(0.8);
    expect(t.wake_ms).toBe(0.9);
    expect(t.spread).toEqual(s.spread);
    // The original is untouched.
    expect(s.profile.resnet18!.cpu!['1']).toBe(150);
  });
});
