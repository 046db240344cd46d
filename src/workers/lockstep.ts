// Advancing one engine, or compare mode's two, to a target simulated time within a wall-clock
// budget. With two engines the events of both are processed in time order, as if they were one
// event list, so that when the budget runs out neither is ahead of the other by more than the
// events at one instant; both then finish that instant and stop on the same clock. Each engine's own
// event order is untouched, so each side runs exactly as it would alone.

import type { Engine } from '../engine/engine.ts';
import { simMs, type SimMs, type WallMs } from '../engine/units.ts';

/** Check the wall clock every this many events (a clock read costs more than an event). */
const CHECK_EVERY = 256;

/**
 * Process the events of `engines` up to `target` (simulated ms) in time order, stopping early at a
 * clean boundary (every event at the stopping instant processed, on every engine) once `now()`
 * passes `deadline`. Every engine whose run is not over ends on the same clock: `target`, or the
 * stopping instant. An engine whose run is over keeps its clock (its summary then matches a
 * headless run's). Returns true when it stopped early (lagging).
 */
export function advanceTogether(
  engines: readonly Engine[],
  target: SimMs,
  deadline: WallMs,
  now: () => WallMs,
): boolean {
  let lagging = false;
  let n = 0;
  const single = engines.length === 1 ? engines[0]! : undefined;
  for (;;) {
    let next: Engine | undefined = single;
    if (single) {
      if (single.nextEventTime > target) break;
    } else {
      let t = Infinity;
      for (const e of engines) {
        const et = e.nextEventTime;
        if (et < t) {
          t = et;
          next = e;
        }
      }
      if (next === undefined || t > target) break;
    }
    next!.step();
    if ((++n & (CHECK_EVERY - 1)) === 0 && now() > deadline) {
      lagging = true;
      break;
    }
  }
  if (lagging) {
    let t = simMs(0);
    for (const e of engines) if (!e.done && e.now > t) t = e.now;
    for (const e of engines) if (!e.done) e.advanceTo(t);
  } else {
    for (const e of engines) if (!e.done) e.advanceTo(target);
  }
  return lagging;
}

/** Process the next event of the engines (the earliest of either), then bring every engine whose
 * run is not over to that instant: compare mode's Step. */
export function stepTogether(engines: readonly Engine[]): void {
  let first: Engine | undefined;
  for (const e of engines) {
    if (first === undefined || e.nextEventTime < first.nextEventTime) first = e;
  }
  if (!first || !first.step()) return;
  const t = first.now;
  for (const e of engines) if (!e.done) e.advanceTo(t);
}
