// One definition per policy: the fast schedulers of the central and binding policies (central.ts,
// bound.ts) derive from the same definition as their generic grouped scheduler (grouped.ts), and
// here fast-check proves the two give byte-identical trace.csv over random configs, lane failures,
// backups, dropped and rejected jobs and scheduler switches.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../config.ts';
import { Engine } from '../engine.ts';
import { testConfig, traceCsv } from '../test-support.ts';
import { GroupedScheduler } from './grouped.ts';
import { SCHEDULER_NAMES, type SchedulerName } from './registry.ts';

/**
 * Policies whose scheduler has a fast path, read from the registry: those that build something other
 * than the grouped scheduler when nothing batches or holds memory.
 */
const FAST: SchedulerName[] = SCHEDULER_NAMES.filter(
  (name) =>
    !(new Engine(testConfig({ scheduler: { name } })).currentScheduler instanceof GroupedScheduler),
);

const arb = fc.record({
  seed: fc.nat(10_000),
  scheduler: fc.constantFrom(...FAST),
  rate: fc.integer({ min: 100, max: 3000 }),
  gpus: fc.integer({ min: 0, max: 2 }),
  cpus: fc.integer({ min: 1, max: 3 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  backup: fc.boolean(),
  gpuFirst: fc.boolean(),
  cpuSpeed: fc.constantFrom(0.5, 1, 2, 5),
  models: fc.integer({ min: 1, max: 3 }),
  interactive: fc.double({ min: 0, max: 1, noNaN: true }),
  dropExpired: fc.boolean(),
  capacity: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
  admission: fc.constantFrom('off' as const, 'reject' as const, 'drop' as const, 'both' as const),
  faults: fc.array(
    fc.record({
      lane: fc.nat(3),
      at_ms: fc.integer({ min: 0, max: 400 }),
      duration_ms: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
});

type Case = typeof arb extends fc.Arbitrary<infer T> ? T : never;

function config(a: Case) {
  const lanes: ConfigInput['lanes'] = [
    { kind: 'cpu', count: a.cpus, concurrency: a.concurrency, speed: a.cpuSpeed },
  ];
  // Lane order and speeds vary, so config order and fastest-first order differ.
  if (a.gpus > 0) lanes[a.gpuFirst ? 'unshift' : 'push']({ kind: 'gpu', count: a.gpus });
  if (a.backup) lanes.push({ kind: 'cpu', count: 1, role: 'backup' });
  const count = a.cpus + a.gpus + (a.backup ? 1 : 0);
  const models = Object.fromEntries(['a', 'b', 'c'].slice(0, a.models).map((m, i) => [m, i + 1]));
  return testConfig({
    seed: a.seed,
    jobs: 400,
    arrivals: { process: 'poisson', rate_per_s: a.rate },
    mix: { interactive_ratio: a.interactive, models },
    lanes,
    service: { dist: 'lognormal', mean_ms: 2, cv: 1, model_ms: { b: 4, c: 7 } },
    scheduler: { name: a.scheduler },
    queue: {
      drop_expired: a.dropExpired,
      ...(a.capacity !== undefined ? { capacity: a.capacity } : {}),
    },
    admission: { mode: a.admission },
    faults: a.faults.map((f) => ({ ...f, lane: f.lane % count })),
  });
}

describe('fast path and generic scheduler of each policy', () => {
  it('the generic scheduler is grouped, and central and binding policies have a fast path', () => {
    for (const name of SCHEDULER_NAMES) {
      const generic = new Engine(testConfig({ scheduler: { name } }), { genericSchedulers: true });
      expect(generic.currentScheduler).toBeInstanceOf(GroupedScheduler);
    }
    expect(FAST).toEqual(expect.arrayContaining(['fifo', 'edf', 'least_loaded', 'round_robin']));
  });

  it('give byte-identical trace.csv over random configs with failures', () => {
    fc.assert(
      fc.property(arb, (a) => {
        const c = config(a);
        const fast = traceCsv(c);
        const generic = traceCsv(c, { genericSchedulers: true });
        expect(generic).toBe(fast);
        expect(fast.startsWith('id,class,')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('stay identical across a switch between policies mid-run', () => {
    fc.assert(
      fc.property(arb, fc.constantFrom(...FAST), fc.integer({ min: 1, max: 300 }), (a, to, at) => {
        const run = (genericSchedulers: boolean): string => {
          const rows: string[] = [];
          const engine = new Engine(config(a), {
            genericSchedulers,
            trace: { job: (...args) => void rows.push(args.join(',')), flush() {} },
          });
          for (let i = 0; engine.step(); i++) if (i === at) engine.setScheduler(to);
          return rows.join('\n');
        };
        expect(run(true)).toBe(run(false));
      }),
      { numRuns: 60 },
    );
  });
});
