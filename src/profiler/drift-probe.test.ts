// The drift probe's two schedules: alone (one lane and model at a time, as calibrated) and together
// (every lane busy at once, as a case serves them), and what each sees of lanes that slow each
// other down.
import { describe, expect, it } from 'vitest';
import type { ModelId } from '../models/manifest.ts';
import { probeDriftOn, probeSchedule, type ProbeLane } from './drift-probe.ts';

describe('drift probe schedule', () => {
  it('alone: one lane and one model a step, every pair once', () => {
    expect(probeSchedule(2, ['a', 'b'], 'alone')).toEqual([
      [{ lane: 0, model: 'a' }],
      [{ lane: 0, model: 'b' }],
      [{ lane: 1, model: 'a' }],
      [{ lane: 1, model: 'b' }],
    ]);
  });

  it('together: every lane in every step, on different models, each lane times every model', () => {
    const s = probeSchedule(3, ['a', 'b', 'c'], 'together');
    expect(s).toHaveLength(3);
    for (const step of s) {
      expect(step.map((x) => x.lane)).toEqual([0, 1, 2]);
      expect(new Set(step.map((x) => x.model)).size).toBe(3);
    }
    for (const lane of [0, 1, 2]) {
      const models = s.map((step) => step.find((x) => x.lane === lane)!.model);
      expect(models.sort()).toEqual(['a', 'b', 'c']);
    }
    // More lanes than models: lanes share a model, still all busy at once.
    expect(probeSchedule(3, ['a'], 'together')).toEqual([
      [
        { lane: 0, model: 'a' },
        { lane: 1, model: 'a' },
        { lane: 2, model: 'a' },
      ],
    ]);
  });

  it('together sees what lanes busy at once cost each other; alone does not', async () => {
    // Two fake lanes on shared cores: a run takes 10 ms alone and 18 ms while the other lane runs.
    let inFlight = 0;
    let most = 0;
    const lane = (): ProbeLane => ({
      profileRuns: async (_m: ModelId, _b: number[], runs: number) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        const shared = inFlight > 1;
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return { times: { '1': Array.from({ length: runs }, () => (shared ? 18 : 10)) } };
      },
    });
    const lanes = [lane(), lane()];
    const mix = { resnet18: 1, ppocr_cls: 1 };
    const alone = await probeDriftOn(lanes, mix, () => 10, 50, 'alone');
    expect(most).toBe(1);
    expect(alone.driftPct).toBeCloseTo(0, 9);
    const together = await probeDriftOn(lanes, mix, () => 10, 50, 'together');
    expect(most).toBe(2);
    expect(together.mode).toBe('together');
    expect(together.driftPct).toBeCloseTo(80, 9);
    expect(together.models.resnet18).toEqual({ ms: 18, runs: 10 });
  });

  it('leaves out models the mix does not serve and names a model no lane timed', async () => {
    const timed: string[] = [];
    const ok: ProbeLane = {
      profileRuns: async (m: ModelId, _b: number[], runs: number) => {
        timed.push(m);
        return { times: { '1': Array.from({ length: runs }, () => 5) } };
      },
    };
    await probeDriftOn([ok], { resnet18: 0, ppocr_cls: 1 }, () => 5, 20, 'alone');
    expect(timed).toEqual(['ppocr_cls']);
    const none: ProbeLane = { profileRuns: async () => ({}) };
    await expect(probeDriftOn([none], { ppocr_cls: 1 }, () => 5, 20, 'together')).rejects.toThrow(
      'drift probe (together): no timed runs of ppocr_cls',
    );
  });
});
