// The memory model: costs per calibration, the fit of a run into free memory, and the invariant the
// gauges rely on: no lane ever holds more than its capacity (a property test over random runs).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import manifestJson from '../../public/models/manifest.json';
import { parseManifest } from '../models/manifest.ts';
import { memorySchema } from './config.ts';
import { Engine } from './engine.ts';
import { BYTES_TABLE, MemoryModel, bytesTableFromManifest } from './memory.ts';
import { testConfig } from './test-support.ts';
import { SCHEDULER_NAMES } from './schedulers/registry.ts';

describe('the memory model', () => {
  it('uses the source system token calibration, with fp16 at x0.7', () => {
    const m = new MemoryModel(memorySchema.parse({ enabled: true }), [
      'resnet18',
      'resnet50',
      'vit',
    ]);
    expect([m.cost(0, 1), m.cost(1, 1), m.cost(2, 1)]).toEqual([84, 164, 264]);
    expect(m.cost(2, 10)).toBe(300);
    expect(m.capacity('gpu')).toBe(1000);
    const half = new MemoryModel(memorySchema.parse({ enabled: true, fp16: true }), ['resnet50']);
    expect(half.cost(0, 10)).toBeCloseTo(0.7 * 200, 9);
  });

  it('holds the manifest figures in its bytes calibration', () => {
    expect(bytesTableFromManifest(parseManifest(manifestJson))).toEqual(BYTES_TABLE);
    const m = new MemoryModel(memorySchema.parse({ enabled: true, calibration: 'bytes' }), [
      'resnet18',
      'ppocr_det',
      'silero_vad',
    ]);
    expect(m.unit).toBe('MiB');
    expect(m.capacity('cpu')).toBe(1024);
    expect(m.cost(0, 2)).toBeCloseTo(44.629 + 2 * 6.125, 6);
  });

  it('fits the largest run that the free memory holds', () => {
    const m = new MemoryModel(memorySchema.parse({ enabled: true }), ['vit']);
    expect(m.fitSize(0, 8, 1000)).toBe(8);
    expect(m.fitSize(0, 8, 272)).toBe(3);
    expect(m.fitSize(0, 8, 263)).toBe(0);
    expect(m.fitSize(0, 8, Infinity)).toBe(8);
  });

  it('rejects a config whose lanes cannot hold one job of a model', () => {
    const config = testConfig({
      mix: { models: { vit: 1 } },
      memory: { enabled: true, capacity_per_lane: 200 },
    });
    expect(() => new Engine(config)).toThrow(/one vit job needs 264 tokens/);
    const unknown = testConfig({ mix: { models: { mystery: 1 } }, memory: { enabled: true } });
    expect(() => new Engine(unknown)).toThrow(/memory\.models\.mystery/);
  });
});

describe('memory-aware placement', () => {
  it('never lets a lane hold more than its capacity, whatever the run', () => {
    const arb = fc.record({
      seed: fc.nat(1000),
      scheduler: fc.constantFrom(...SCHEDULER_NAMES),
      concurrency: fc.integer({ min: 1, max: 6 }),
      capacity: fc.integer({ min: 270, max: 1200 }),
      maxBatch: fc.integer({ min: 1, max: 12 }),
      fp16: fc.boolean(),
      fault: fc.boolean(),
      rate: fc.integer({ min: 100, max: 2000 }),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const config = testConfig({
          seed: a.seed,
          jobs: 400,
          arrivals: { process: 'poisson', rate_per_s: a.rate },
          mix: { interactive_ratio: 0.5, models: { resnet18: 1, resnet50: 1, vit: 1 } },
          lanes: [
            { kind: 'gpu', count: 1, concurrency: a.concurrency },
            { kind: 'cpu', count: 2, concurrency: a.concurrency },
          ],
          service: { dist: 'exponential', mean_ms: 3 },
          scheduler: { name: a.scheduler },
          batching: { enabled: a.maxBatch > 1, max_batch: a.maxBatch, window_ms: 1 },
          memory: { enabled: true, capacity_per_lane: a.capacity, fp16: a.fp16 },
          faults: a.fault ? [{ lane: 0, at_ms: 50, duration_ms: 100 }] : [],
        });
        const engine = new Engine(config);
        const lanes = engine.lanes;
        while (engine.step()) {
          for (let l = 0; l < lanes.count; l++) {
            if (lanes.memUsed[l]! > lanes.memCapacity[l]! + 1e-9) return false;
            if (lanes.memUsed[l]! < 0) return false;
          }
        }
        const s = engine.summary();
        return (
          engine.ledger().completed === 400 &&
          s.lanes.every(
            (l) => l.memory !== undefined && l.memory.peak <= l.memory.capacity + 1e-9,
          ) &&
          s.lanes.every((l) => l.memory!.used === 0)
        );
      }),
      { numRuns: 60 },
    );
  });

  it('lets memory, not concurrency, bound how many runs share a lane', () => {
    // Four slots, but 1000 tokens hold only three ViT runs of 8 (292 each).
    const config = testConfig({
      jobs: 3000,
      arrivals: { process: 'poisson', rate_per_s: 3000 },
      mix: { interactive_ratio: 0, models: { vit: 1 } },
      lanes: [{ kind: 'gpu', count: 1, concurrency: 4, speed: 1 }],
      service: { dist: 'deterministic', mean_ms: 1 },
      batching: { enabled: true, max_batch: 8, window_ms: 1 },
      memory: { enabled: true },
    });
    const engine = new Engine(config);
    let most = 0;
    while (engine.step()) most = Math.max(most, engine.lanes.running[0]!);
    expect(most).toBe(3);
    expect(engine.summary().lanes[0]!.memory!.peak).toBe(876);
  });
});
