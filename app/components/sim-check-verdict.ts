// "Check the simulation" in one judgement a person can act on: is the simulation a usable guide to
// this device at this load, and if not, what most likely makes it disagree. Percentiles within
// TOLERANCE of the measured ones (p99 within TAIL_TOLERANCE, a tail of few jobs being noisy) make it
// usable; otherwise the verdict names the figure furthest off, in words (changeWords), and the
// likely causes it can see: few jobs, a software GPU adapter, widely spread service times, or which
// way the error points. Pure.

import { changePhrase } from '../../src/engine/change-words.ts';
import type { LiveLaneState, SimCheckResult } from '../../src/workers/protocol.ts';

/** Relative error allowed at p50 and p95, and at p99. */
export const TOLERANCE = 0.25;
export const TAIL_TOLERANCE = 0.5;
/** Fewer jobs than this make a p99 rest on a handful of them. */
const FEW_JOBS = 300;

export interface SimCheckVerdict {
  usable: boolean;
  headline: string;
  reasons: string[];
}

/** Whether a figure's error is within what the verdict allows. */
export function withinTolerance(metric: string, errorPct: number): boolean {
  const allowed = metric === 'p99' ? TAIL_TOLERANCE : TOLERANCE;
  return Number.isFinite(errorPct) && Math.abs(errorPct) <= allowed * 100;
}

export function simCheckVerdict(
  result: SimCheckResult,
  lanes: readonly LiveLaneState[] = [],
): SimCheckVerdict {
  const judged = result.classes
    .filter((c) => c.cls !== 'all' && c.count > 0)
    .flatMap((c) =>
      c.rows
        .filter((r) => r.metric === 'p50' || r.metric === 'p95' || r.metric === 'p99')
        .map((r) => ({ cls: c.cls, ...r })),
    );
  if (judged.length === 0) {
    return {
      usable: false,
      headline: 'No job finished in both the live run and the simulation: nothing to judge yet.',
      reasons: ['Let the live run serve a few hundred jobs, then check again.'],
    };
  }
  const off = judged.filter((r) => !withinTolerance(r.metric, r.errorPct));
  if (off.length === 0) {
    return {
      usable: true,
      headline: `The simulation is a usable guide here: on the same ${result.jobs.toLocaleString('en-US')} jobs its p50 and p95 are within ${TOLERANCE * 100} % of the live run's and its p99 within ${TAIL_TOLERANCE * 100} %.`,
      reasons: [],
    };
  }
  const worst = off.reduce((a, b) => (Math.abs(b.errorPct) > Math.abs(a.errorPct) ? b : a));
  const ratio = worst.predicted / worst.measured;
  const reasons: string[] = [];
  if (result.jobs < FEW_JOBS) {
    reasons.push(
      `Only ${result.jobs} jobs were compared: a p99 of so few rests on a handful of them. Run live longer, then check again.`,
    );
  }
  const soft = lanes.filter((l) => l.info?.adapter?.software === true).map((l) => l.name);
  if (soft.length > 0) {
    reasons.push(
      `${soft.join(', ')} run${soft.length === 1 ? 's' : ''} on a software GPU adapter (no real GPU here): its times swing widely, more than a calibrated mean and spread capture.`,
    );
  }
  const spread = Math.max(0, ...result.calibration.batch1.map((b) => b.cv));
  if (spread > 1) {
    reasons.push(
      `Service times vary a lot on this device (coefficient of variation up to ${spread.toFixed(1)}): tail latency depends on that spread more than the simulation's service model follows.`,
    );
  }
  const over = off.filter((r) => r.errorPct > 0).length;
  reasons.push(
    over > off.length / 2
      ? 'The simulation expects slower service than the live run had: the calibration may have timed slow first (cold) runs.'
      : 'The live run was slower than its calibration: other work on this device (other tabs, throttling, the page drawing) slowed it while it ran.',
  );
  return {
    usable: false,
    headline: `The simulation is not a good guide here yet: it predicts ${worst.cls} ${worst.metric} ${changePhrase(ratio)} than measured (${fmt(worst.predicted)} against ${fmt(worst.measured)}).`,
    reasons,
  };
}

function fmt(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toPrecision(3)} ms`;
}
