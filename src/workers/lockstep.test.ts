// Compare mode's lockstep advance: engine-time target and wall-clock deadline are branded units, so
// swapping them fails to compile (each `@ts-expect-error` fails the typecheck if its line ever
// compiles); two engines advanced together end on the same clock, each as it would run alone.

import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.ts';
import { testConfig } from '../engine/test-support.ts';
import { simMs, wallMs, type SimMs, type WallMs } from '../engine/units.ts';
import { advanceTogether } from './lockstep.ts';

/** Compile-time only: unit mix-ups the type checker must refuse. */
export function mixUps(engine: Engine, clock: () => WallMs): void {
  // @ts-expect-error the engine-time target and the wall-clock deadline swapped
  advanceTogether([engine], wallMs(16), simMs(1000), clock);
  // @ts-expect-error a deadline read from a clock of engine time
  advanceTogether([engine], simMs(1000), wallMs(16), (): SimMs => simMs(0));
  // @ts-expect-error a bare number for the target
  advanceTogether([engine], 1000, wallMs(16), clock);
}

describe('advanceTogether', () => {
  it('brings two engines to the target on one clock, each as it would run alone', () => {
    // 10,000 jobs at 500/s: both runs are still going at 1 s.
    const config = testConfig({ jobs: 10_000 });
    const a = new Engine(config);
    const b = new Engine(testConfig({ jobs: 10_000, scheduler: { name: 'edf' } }));
    const lagging = advanceTogether([a, b], simMs(1000), wallMs(Infinity), () => wallMs(0));
    expect(lagging).toBe(false);
    expect([a.now, b.now]).toEqual([1000, 1000]);
    const alone = new Engine(config);
    alone.advanceTo(simMs(1000));
    expect(a.ledger()).toEqual(alone.ledger());
    expect(typeof mixUps).toBe('function');
  });
});
