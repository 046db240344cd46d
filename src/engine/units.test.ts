// Units that cross a boundary are branded, so mixing them up fails to compile: `npm run typecheck`
// checks this file, and each `@ts-expect-error` below fails the typecheck if its line ever compiles
// (a brand that stopped rejecting anything). The mix-ups sit in functions that are type-checked but
// never called; the runtime assertions show that a brand is a plain number and costs nothing.

import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { testConfig } from './test-support.ts';
import { simMs, tokens, wallMs, wallToSim, type Tokens, type WallMs } from './units.ts';

/** Compile-time only: each line is a unit mix-up the type checker must refuse. */
export function mixUps(engine: Engine, clock: () => WallMs): void {
  // @ts-expect-error a wall-clock time is not engine time: convert it with wallToSim
  engine.advanceTo(wallMs(250));
  // @ts-expect-error a bare number says nothing of its unit
  engine.advanceTo(250);
  // @ts-expect-error tokens are not time
  engine.advanceTo(tokens(250));
  // @ts-expect-error a live run ends at engine time, never at a wall-clock reading
  engine.completeRun(0, 0, clock());
  // @ts-expect-error engine time is not wall-clock time
  const wall: WallMs = engine.now;
  // @ts-expect-error tokens are not wall-clock time either
  const alsoWall: WallMs = tokens(16) satisfies Tokens;
  void [wall, alsoWall];
}

describe('branded units', () => {
  it('convert wall-clock time to engine time only through wallToSim', () => {
    const engine = new Engine(testConfig({ jobs: 10_000 }));
    engine.advanceTo(wallToSim(wallMs(250), 2));
    expect(engine.now).toBe(500);
    const now: number = engine.now; // a branded value reads as a number
    expect(now).toBe(500);
  });

  it('are plain numbers at run time', () => {
    expect(typeof simMs(1)).toBe('number');
    expect(tokens(16) + 1).toBe(17);
    expect(typeof mixUps).toBe('function');
  });
});
