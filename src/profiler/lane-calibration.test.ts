// Calibration against stand-in lanes whose timings are known: the profile holds means, each model's
// spread is its times over their mean, the overhead is the round trip less the lane's own time, and
// lanes timed at once give the sharing slowdown, weighted by busy time.

import { describe, expect, it } from 'vitest';
import type { ModelId } from '../models/manifest.ts';
import { parseConfig } from '../engine/config.ts';
import {
  calibrateLanes,
  sharingTable,
  spreadQuantiles,
  type CalibrationLane,
} from './lane-calibration.ts';

/** Batch-1 ms per model alone; `busy` lanes at once run `slow` times slower. */
const ALONE: Partial<Record<ModelId, number>> = { ppocr_cls: 4, resnet18: 20 };

function lanes(n: number, slow: number): CalibrationLane[] {
  let busy = 0;
  return Array.from({ length: n }, (_, i) => ({
    name: `cpu${i}`,
    kind: 'cpu' as const,
    async profileRuns(model, batches, runs) {
      busy++;
      // Lanes asked together overlap: let the others start before timing.
      await new Promise((r) => setTimeout(r, 5));
      const factor = busy > 1 ? slow : 1;
      const times: Record<string, number[]> = {};
      const ms: Record<string, number> = {};
      for (const b of batches) {
        // Alternating 0.8x and 1.2x of the mean: mean exact, spread known.
        times[String(b)] = Array.from(
          { length: runs },
          (_, k) => ALONE[model]! * b * factor * (k % 2 === 0 ? 0.8 : 1.2),
        );
        ms[String(b)] = ALONE[model]! * b * factor;
      }
      await new Promise((r) => setTimeout(r, 5));
      busy--;
      return { ms, times };
    },
    timedRun: async (model) => ({ laneMs: ALONE[model]!, roundtripMs: ALONE[model]! + 0.4 }),
  }));
}

describe('calibrateLanes', () => {
  it('measures means, spread, overhead and sharing, and makes a service block the engine takes', async () => {
    const cal = await calibrateLanes(lanes(2, 1.25), {
      models: ['ppocr_cls', 'resnet18'],
      weights: { ppocr_cls: 1, resnet18: 1 },
      batches: [1, 2],
      runs: 4,
      spreadBudgetMs: 0,
      minSpreadRuns: 20,
      maxSpreadRuns: 20,
      pings: 6,
      sharingRuns: 6,
      maxRunMs: 1000,
    });
    expect(cal.service.profile).toEqual({
      ppocr_cls: { cpu: { '1': 4, '2': 8 } },
      resnet18: { cpu: { '1': 20, '2': 40 } },
    });
    expect(cal.service.overhead_ms).toBeCloseTo(0.4);
    // Half the runs at 0.8 of the mean, half at 1.2.
    const q = cal.service.spread['resnet18']!;
    expect(q[0]).toBeCloseTo(0.8);
    expect(q[q.length - 1]).toBeCloseTo(1.2);
    expect(cal.sharing[0]!.slowdown).toBeCloseTo(1.25);
    expect(cal.service.sharing.cpu).toEqual([1, 1.25]);
    expect(cal.batch1.find((b) => b.model === 'resnet18')!.cv).toBeCloseTo(0.2);
    // The engine accepts it as a service model.
    const config = parseConfig({
      jobs: 10,
      arrivals: { process: 'poisson', rate_per_s: 10 },
      mix: { models: { ppocr_cls: 1, resnet18: 1 } },
      lanes: [{ kind: 'cpu', count: 2 }],
      service: cal.service,
    });
    expect(config.service.dist).toBe('profile');
  });

  it('never models lanes running faster together than alone (a measured ratio below 1 is kept as 1)', async () => {
    const cal = await calibrateLanes(lanes(2, 0.7), {
      models: ['ppocr_cls'],
      weights: { ppocr_cls: 1 },
      batches: [1],
      runs: 4,
      spreadBudgetMs: 0,
      minSpreadRuns: 4,
      maxSpreadRuns: 4,
      pings: 2,
      sharingRuns: 4,
      maxRunMs: 1000,
    });
    expect(cal.sharing[0]!.slowdown).toBeCloseTo(0.7);
    expect(cal.service.sharing.cpu).toEqual([1, 1]);
  });

  it('spreads are quantiles of time over the mean; sharing tables run from 1 to the full slowdown', () => {
    expect(spreadQuantiles([1, 2, 3], 3)).toEqual([0.5, 1, 1.5]);
    expect(sharingTable(3, 1.5)).toEqual([1, 1.25, 1.5]);
    expect(sharingTable(1, 1.5)).toEqual([1]);
  });
});
