// The profile the profiler writes is one the engine's `profile` service model accepts and reads
// back: measured points are served as measured, batches between them interpolated.

import { describe, expect, it } from 'vitest';
import { checkConfig } from '../engine/config.ts';
import { Engine } from '../engine/engine.ts';
import { POOL_ACTIVE, POOL_WARMING } from '../engine/lanes.ts';
import { createServiceModel } from '../engine/service.ts';
import { deriveCurves, formatProfile, profileService, type ProfileCurve } from './profile-table.ts';

const curves: ProfileCurve[] = [
  { model: 'resnet18', kind: 'cpu', runtime: 'test', ms: { '1': 20, '2': 36, '4': 70 } },
  { model: 'ppocr_cls', kind: 'cpu', runtime: 'test', ms: { '1': 2, '2': 3.5 } },
];

describe('profileService', () => {
  it('writes a service block the engine config accepts, with derived GPU rows', () => {
    const service = profileService([...curves, ...deriveCurves(curves, 'cpu', 'gpu', 4)]);
    expect(service.profile['resnet18']?.gpu?.['4']).toBe(17.5);
    const checked = checkConfig({
      seed: 1,
      jobs: 100,
      arrivals: { process: 'poisson', rate_per_s: 10 },
      mix: { interactive_ratio: 0.5, models: { resnet18: 1, ppocr_cls: 1 } },
      lanes: [
        { kind: 'gpu', count: 1 },
        { kind: 'cpu', count: 1 },
      ],
      service,
      scheduler: { name: 'fifo' },
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const engine = new Engine(checked.config);
    engine.runToEnd();
    expect(engine.ledger().completed).toBe(100);
  });

  it('serves measured points as measured and interpolates between them', () => {
    const service = profileService(curves);
    const model = createServiceModel({ ...service, cv: 0, mean_ms: 1, model_ms: {} }, [
      'resnet18',
      'ppocr_cls',
    ]);
    expect(model.base(0, 'cpu', 1, 2)).toBe(36);
    expect(model.base(0, 'cpu', 1, 3)).toBe(53);
    expect(model.base(1, 'cpu', 1, 1)).toBe(2);
  });

  it("carries the measured cold starts, and the simulation's replicas wait exactly that long", () => {
    const measured = curves.map((c, i) => ({ ...c, coldStartMs: [850, 150][i]! }));
    const service = profileService([...measured, ...deriveCurves(measured, 'cpu', 'gpu', 4)]);
    // A replica loads both models; the derived GPU rows measured no cold start.
    expect(service.cold_start_ms).toEqual({ cpu: 1000 });
    const checked = checkConfig({
      seed: 1,
      jobs: 2000,
      arrivals: { process: 'poisson', rate_per_s: 200 },
      mix: { interactive_ratio: 0.5, models: { resnet18: 1, ppocr_cls: 1 } },
      lanes: [{ kind: 'cpu', count: 1 }],
      service,
      scheduler: { name: 'fifo' },
      autoscale: { enabled: true, min: 1, max: 8 },
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const engine = new Engine(checked.config);
    const pool = engine.autoscaler!.pool;
    const asked = new Map<number, number>();
    const waits: number[] = [];
    while (engine.step()) {
      for (const lane of pool) {
        const state = engine.lanes.pool[lane];
        if (state === POOL_WARMING && !asked.has(lane)) asked.set(lane, engine.now);
        if (state !== POOL_WARMING && asked.has(lane)) {
          if (state === POOL_ACTIVE) waits.push(engine.now - asked.get(lane)!);
          asked.delete(lane);
        }
      }
    }
    expect(waits.length).toBeGreaterThan(0);
    for (const w of waits) expect(w).toBeCloseTo(1000, 6);
    expect(engine.summary().autoscale!.cold_start_ms).toBe(1000);
  });

  it('drops points that are not positive finite numbers', () => {
    const service = profileService([
      { model: 'm', kind: 'cpu', runtime: 't', ms: { '1': NaN, '2': 4 } },
    ]);
    expect(service.profile['m']?.cpu).toEqual({ '2': 4 });
  });

  it('formats a table with a column per batch size', () => {
    expect(formatProfile(curves, [1, 2, 4]).split('\n')[1]).toMatch(
      /^resnet18\s+cpu\s+20\.0\s+36\.0\s+70\.0/,
    );
  });
});
