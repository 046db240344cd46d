// validate's figures and the drift columns, without lanes: a case's rows carry its drift and the
// drift-corrected prediction's error, the targets are counted again on the corrected rows, the
// drift probe sizes and weighs its runs, and the report shows the new columns.
import { describe, expect, it } from 'vitest';
import type { LatencyFigures } from '../../src/workers/sim-check.ts';
import type { LaneCalibration } from '../../src/profiler/lane-calibration.ts';
import type { LaneHandlers, LaneOptions } from '../../src/workers/lanes/lane-client.ts';
import type { ModelId } from '../../src/models/manifest.ts';
import { caseRows, driftCorrectedRows, targetChecks } from './figures.ts';
import { probeLanes, probeRuns, type SpawnedProbeLane } from './drift-probe.ts';

/** Figures of one class with the given p50 and p99 (the rest scaled alike). */
const fig = (p50: number, p99: number): LatencyFigures => ({
  count: 100,
  p50,
  p90: p99 * 0.8,
  p95: p99 * 0.9,
  p99,
  mean: (p50 + p99) / 2,
  throughput: 20,
});
const three = (p50: number, p99: number): LatencyFigures[] => [0, 1, 2].map(() => fig(p50, p99));

describe("validate's drift columns", () => {
  it("puts the case's drift and the corrected prediction's error beside each error", () => {
    // Measured 100 / 300 ms; predicted 80 / 240 (-20 %); corrected by +25 % drift: 100 / 300.
    const rows = caseRows('50%', 0.5, true, [three(100, 300)], [three(80, 240)], {
      driftPct: 25,
      corrected: [three(100, 300)],
    });
    const p50 = rows.find((r) => r.class === 'all' && r.metric === 'p50')!;
    expect(p50).toMatchObject({
      predicted_ms: 80,
      measured_ms: 100,
      error_pct: -20,
      drift_pct: 25,
      drift_corrected_predicted_ms: 100,
      drift_corrected_error_pct: 0,
    });
    // Without drift (the own-service-times rows) there are no drift fields.
    const own = caseRows('50%', 0.5, true, [three(100, 300)], [three(80, 240)]);
    expect(own[0]!.drift_pct).toBeUndefined();
    expect(driftCorrectedRows(own)).toEqual([]);
  });

  it('counts the targets again on the drift-corrected prediction', () => {
    const rows = caseRows('30%', 0.3, true, [three(100, 300)], [three(80, 240)], {
      driftPct: 25,
      corrected: [three(103, 330)],
    });
    const before = targetChecks(rows, new Set());
    const after = targetChecks(driftCorrectedRows(rows), new Set());
    // p50 and p99 of three classes: -20 % misses p50's 10 % (p99's 20 % is met); after the
    // correction p50 is +3 % and p99 +10 %: every target met.
    expect(before.filter((t) => t.met)).toHaveLength(3);
    expect(after).toHaveLength(6);
    expect(after.every((t) => t.met)).toBe(true);
    expect(after.find((t) => t.metric === 'p99')!.abs_error_pct).toBe(10);
  });

  it('sizes a probe to its time budget, 3 to 30 runs', () => {
    expect(probeRuns(150, 150)).toBe(3);
    expect(probeRuns(10, 150)).toBe(15);
    expect(probeRuns(0.5, 150)).toBe(30);
  });

  it('probes every lane, each model, alone then together, against the calibration, weighted by the mix', async () => {
    // Lane cpu0 runs at the calibration's speed, cpu1 runs resnet18 50 % slower.
    const calls: string[] = [];
    const spawn = (o: LaneOptions, _h: LaneHandlers): SpawnedProbeLane => ({
      ready: () => Promise.resolve(),
      profileRuns: async (model: ModelId, _b: number[], runs: number) => {
        calls.push(`${o.name} ${model} ${runs}`);
        const base = model === 'resnet18' ? 150 : 2;
        const slow = o.name === 'cpu1' && model === 'resnet18' ? 1.5 : 1;
        return { times: { '1': Array.from({ length: runs }, () => base * slow) } };
      },
      terminate: () => calls.push(`${o.name} let go`),
    });
    const calibration = {
      batch1: [
        { model: 'resnet18', kind: 'cpu', meanMs: 150, medianMs: 150, cv: 0, runs: 20 },
        { model: 'ppocr_cls', kind: 'cpu', meanMs: 2, medianMs: 2, cv: 0, runs: 20 },
      ],
    } as unknown as LaneCalibration;
    const p = await probeLanes(
      {
        seed: 1,
        jobs: 1,
        lanes: 2,
        models: { resnet18: 1, ppocr_cls: 2 },
        interactiveRatio: 0.5,
        threads: 1,
        warmupRuns: 0,
        probeMs: 150,
      },
      calibration,
      spawn,
    );
    expect(calls).toEqual([
      'cpu0 resnet18 3',
      'cpu0 ppocr_cls 30',
      'cpu1 resnet18 3',
      'cpu1 ppocr_cls 30',
      // Together: both lanes at once, each on another model of the mix, then swapped.
      'cpu0 resnet18 3',
      'cpu1 ppocr_cls 30',
      'cpu0 ppocr_cls 30',
      'cpu1 resnet18 3',
      'cpu0 let go',
      'cpu1 let go',
    ]);
    expect(p.models.resnet18).toEqual({ ms: 187.5, runs: 6 });
    // (1 x 187.5 + 2 x 2) / (1 x 150 + 2 x 2) - 1
    expect(p.driftPct).toBeCloseTo(((187.5 + 4) / 154 - 1) * 100, 9);
    // These fake lanes do not slow each other down: together reads the same.
    expect(p.together.mode).toBe('together');
    expect(p.together.driftPct).toBeCloseTo(p.driftPct, 9);
  });
});
