// The profile the profiler writes is one the engine's `profile` service model accepts and reads
// back: measured points are served as measured, batches between them interpolated.

import { describe, expect, it } from 'vitest';
import { checkConfig } from '../engine/config.ts';
import { Engine } from '../engine/engine.ts';
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
