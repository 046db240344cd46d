// The drift arithmetic both validations share: a probe's signed drift, a mix's drift weighted by
// busy time, the factor a prediction's service times are scaled by, the probe schedule around the
// live repeats, and the report's two cells.
import { describe, expect, it } from 'vitest';
import { driftCells, driftFactor, driftPct, probedRepeats, weightedDriftPct } from './drift.ts';
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
