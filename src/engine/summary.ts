// summary.json: the run's figures, overall and per class, the job ledger and per-lane utilisation.
// Versioned like a file format so that scripts reading it can tell what they hold.

import type { CLASS_NAMES } from './job-table.ts';
import { SKETCH_RELATIVE_ACCURACY, type ClassSummary } from './metrics.ts';

import type { Engine, Ledger } from './engine.ts';

export const SUMMARY_FORMAT = 'schedlab.summary/1';

export interface LaneSummary {
  name: string;
  kind: 'gpu' | 'cpu';
  role: 'primary' | 'backup';
  concurrency: number;
  speed: number;
  /** Busy slot-time over available slot-time across the run, 0..1. */
  utilisation: number;
  up: boolean;
}

export interface Summary {
  format: typeof SUMMARY_FORMAT;
  seed: number;
  scheduler: string;
  arrivals: string;
  /** Simulated time from the first arrival to the last event, seconds. */
  sim_time_s: number;
  events: number;
  ledger: Ledger;
  overall: ClassSummary;
  classes: Record<(typeof CLASS_NAMES)[number], ClassSummary & { slo_ms: number }>;
  /** Mean batch wait over mean interactive wait; null when a class is missing or waits are zero. */
  fairness_batch_over_interactive_wait: number | null;
  lanes: LaneSummary[];
  quantile_relative_accuracy: number;
}

export function buildSummary(engine: Engine): Summary {
  const seconds = engine.now / 1000;
  const m = engine.metrics;
  const lanes = engine.lanes;
  const config = engine.config;
  return {
    format: SUMMARY_FORMAT,
    seed: config.seed,
    scheduler: engine.schedulerName,
    arrivals: config.arrivals.process,
    sim_time_s: seconds,
    events: engine.eventCount,
    ledger: engine.ledger(),
    overall: m.overallSummary(seconds),
    classes: {
      interactive: { ...m.classSummary(0, seconds), slo_ms: config.classes.interactive.slo_ms },
      batch: { ...m.classSummary(1, seconds), slo_ms: config.classes.batch.slo_ms },
    },
    fairness_batch_over_interactive_wait: m.fairness(),
    lanes: engine.laneSpecs.map((spec, i) => ({
      name: spec.name,
      kind: spec.kind,
      role: spec.role,
      concurrency: spec.concurrency,
      speed: spec.speed,
      utilisation: engine.now > 0 ? lanes.busyMs[i]! / (engine.now * spec.concurrency) : 0,
      up: lanes.up[i] === 1,
    })),
    quantile_relative_accuracy: SKETCH_RELATIVE_ACCURACY,
  };
}
