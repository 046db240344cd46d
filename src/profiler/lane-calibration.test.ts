// Calibration against stand-in lanes whose timings are known: the profile holds means, each model's
// spread is its times over their mean, the overhead is the round trip less the lane's own time, and
// lanes timed at once give the sharing slowdown, weighted by busy time.

import { describe, expect, it } from 'vitest';
import type { ModelId } from '../models/manifest.ts';
import { parseConfig } from '../engine/config.ts';
import {
  calibrateLanes,
  servedCalibration,
  sharingTable,
  spreadQuantiles,
  type CalibratedService,
  type CalibrationLane,
  type ServedRun,
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

  it('takes service times, overhead and wake-up from served runs, and drops the tight-loop sharing', () => {
    const base: CalibratedService = {
      dist: 'profile',
      gpu_speedup: 1,
      cv: 0,
      profile: { ppocr_cls: { cpu: { '1': 2, '2': 3 } }, silero_vad: { cpu: { '1': 0.5 } } },
      overhead_ms: 0.2,
      spread: {},
      sharing: { cpu: [1, 1.6] },
    };
    // ppocr_cls served at 2.4 and 3.6 ms (mean 3: x1.5 its time alone), silero_vad at 0.5 ms;
    // runs that followed another paid 0.5 ms beyond the lane, runs that started as their job
    // arrived 1.5 ms.
    const runs: ServedRun[] = Array.from({ length: 40 }, (_, i) => {
      const model = i % 4 < 2 ? 0 : 1;
      const laneMs = model === 0 ? (i % 2 === 0 ? 2.4 : 3.6) : 0.5;
      const woken = i % 3 === 0;
      return {
        lane: i % 2,
        model,
        batchSize: 1,
        laneMs,
        engineMs: laneMs + (woken ? 1.5 : 0.5),
        waitedMs: woken ? 0 : 4,
      };
    });
    const served = servedCalibration(base, runs, ['ppocr_cls', 'silero_vad'], ['cpu', 'cpu']);
    expect(served.service.profile).toEqual({
      ppocr_cls: { cpu: { '1': 3, '2': 4.5 } },
      silero_vad: { cpu: { '1': 0.5 } },
    });
    expect(served.overheadMs).toBeCloseTo(0.5);
    expect(served.wakeMs).toBeCloseTo(1);
    expect(served.service.overhead_ms).toBeCloseTo(0.5);
    expect(served.service.wake_ms).toBeCloseTo(1);
    expect(served.service.sharing).toEqual({});
    const q = served.service.spread['ppocr_cls']!;
    expect(q[0]).toBeCloseTo(0.8);
    expect(q[q.length - 1]).toBeCloseTo(1.2);
    expect(served.models.find((m) => m.model === 'ppocr_cls')).toMatchObject({
      servedMs: 3,
      calibratedMs: 2,
      runs: 20,
    });
    // The base is left as it was, and too few runs keep its figures.
    expect(base.profile['ppocr_cls']!.cpu!['1']).toBe(2);
    const few = servedCalibration(base, runs.slice(0, 6), ['ppocr_cls', 'silero_vad'], ['cpu']);
    expect(few.service.profile).toEqual(base.profile);
    expect(few.service.overhead_ms).toBe(0.2);
    expect(few.service.wake_ms).toBeUndefined();
    // The engine takes it.
    const config = parseConfig({
      jobs: 10,
      arrivals: { process: 'poisson', rate_per_s: 10 },
      mix: { models: { ppocr_cls: 1, silero_vad: 1 } },
      lanes: [{ kind: 'cpu', count: 2 }],
      service: served.service,
    });
    expect(config.service.wake_ms).toBeCloseTo(1);
  });

  it("puts a stall of the host's event loop into the model's spread, not into its mean time", () => {
    const base: CalibratedService = {
      dist: 'profile',
      gpu_speedup: 1,
      cv: 0,
      profile: { ppocr_cls: { cpu: { '1': 2 } } },
      overhead_ms: 0.2,
      spread: {},
      sharing: {},
    };
    // 20 runs of 2 ms that waited in the queue; one answer was held 10 ms by the host.
    const runs: ServedRun[] = Array.from({ length: 20 }, (_, i) => ({
      lane: 0,
      model: 0,
      batchSize: 1,
      laneMs: 2,
      engineMs: 2.5 + (i === 7 ? 10 : 0),
      waitedMs: 1,
    }));
    const served = servedCalibration(base, runs, ['ppocr_cls'], ['cpu']);
    expect(served.service.profile['ppocr_cls']!.cpu!['1']).toBe(2);
    expect(served.overheadMs).toBeCloseTo(1);
    // Less the 1 ms overhead, the stalled run took 11.5 ms and the others 2 (their lane time):
    // the spread's top is that run over the mean (2.475 ms), the rest sit below 1.
    const q = served.service.spread['ppocr_cls']!;
    expect(q[q.length - 1]).toBeCloseTo(11.5 / 2.475, 3);
    expect(q[10]).toBeLessThan(1);
  });
});
