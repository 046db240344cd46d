// The live control log: every change a person (or a lesson) makes to a running engine (rate,
// policy, class mix, a lane failed or recovered, a user policy taking over), stamped with the
// simulated time it took effect. The engine worker records it as it applies each change
// (side.ts); exports (run-export.ts) and the check of a live run (sim-check.ts) replay it, since
// the engine is deterministic for a seed and a control log. Its own module so that neither of
// those depends on the other for it.

import type { Engine } from '../engine/engine.ts';
import type { SchedulerName } from '../engine/schedulers/registry.ts';
import type { SchedulerFactory } from '../engine/schedulers/types.ts';
import type { SimMs } from '../engine/units.ts';

/** A control change applied to the live engine, at simulated time `t` (all events <= t processed). */
export type Control =
  | { t: SimMs; op: 'rate'; value: number }
  | { t: SimMs; op: 'scheduler'; value: SchedulerName }
  | { t: SimMs; op: 'ratio'; value: number }
  | { t: SimMs; op: 'fail'; value: number }
  | { t: SimMs; op: 'recover'; value: number }
  /** A user policy took over (`value`: its source; `factory` builds a fresh instance of it). */
  | { t: SimMs; op: 'policy'; value: string; factory: SchedulerFactory };

/** Apply one logged change to `engine` (its clock already at `c.t`). */
export function applyControl(engine: Engine, c: Control): void {
  switch (c.op) {
    case 'rate':
      engine.setRate(c.value);
      break;
    case 'scheduler':
      engine.setScheduler(c.value);
      break;
    case 'ratio':
      engine.setInteractiveRatio(c.value);
      break;
    case 'fail':
      engine.failLane(c.value);
      break;
    case 'recover':
      engine.recoverLane(c.value);
      break;
    case 'policy':
      engine.setCustomScheduler(c.factory);
      break;
  }
}
