// summary.json: the run's figures, overall and per class, the job ledger and per-lane utilisation.
// Versioned like a file format so that scripts reading it can tell what they hold.

import type { CLASS_NAMES } from './job-table.ts';
import { SKETCH_RELATIVE_ACCURACY, type ClassSummary } from './metrics.ts';

import type { AutoscaleSummary } from './autoscale.ts';
import type { Engine, Ledger } from './engine.ts';
import { POOL_PARKED } from './lanes.ts';
import type { PredictorStats } from './predictor.ts';
import { llmSummary, type LlmTopLevel } from './llm/summary.ts';

export const SUMMARY_FORMAT = 'schedlab.summary/1';

export interface LaneSummary {
  name: string;
  kind: 'gpu' | 'cpu';
  role: 'primary' | 'backup';
  concurrency: number;
  speed: number;
  /** Busy slot-time over available slot-time across the run, 0..1. */
  utilisation: number;
  /** Healthy at the end (not failed). */
  up: boolean;
  /** Present when autoscaling is on: out of the pool at the end (not a failure). */
  parked?: boolean;
  /** Present when the memory model is on: what the lane holds now, its peak and capacity. */
  memory?: LaneMemorySummary;
}

/** One lane's memory, in the calibration's unit (tokens or MiB). */
export interface LaneMemorySummary {
  unit: string;
  used: number;
  peak: number;
  capacity: number;
}

/** Present when batching is on. */
export interface BatchingSummary {
  mode: 'window' | 'dynamic';
  max_batch: number;
  runs: number;
  /** Jobs per run, over every run started. */
  mean_batch_size: number;
}

/** Present when admission control is on: the ledger's rejected/dropped that it caused. */
export interface AdmissionSummary {
  mode: 'reject' | 'drop' | 'both';
  rejected: number;
  dropped: number;
}

/** An LLM run's summary adds the LLM fields (llm/summary.ts) at the top level. */
export interface Summary extends Partial<LlmTopLevel> {
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
  /** Present when the latency predictor ran: its error (MAPE, %) over the run. */
  predictor?: PredictorStats;
  batching?: BatchingSummary;
  admission?: AdmissionSummary;
  /** Present when autoscaling is on: scale events and the pool's size over the run. */
  autoscale?: AutoscaleSummary;
  /** Present when the run stopped early at a resource limit: why (the figures cover the run so far). */
  stopped?: string;
}

/** The optional sections (memory, predictor, batching, admission), added to a built summary. */
function addSchedulingDepth(engine: Engine, summary: Summary): Summary {
  const config = engine.config;
  const memory = engine.memory;
  if (memory !== undefined) {
    const lanes = engine.lanes;
    summary.lanes.forEach((lane, i) => {
      lane.memory = {
        unit: memory.unit,
        used: lanes.memUsed[i]!,
        peak: lanes.memPeak[i]!,
        capacity: lanes.memCapacity[i]!,
      };
    });
  }
  if (engine.predictor !== undefined) summary.predictor = engine.predictor.stats();
  if (config.batching.enabled) {
    const { runs, jobs } = engine.runStats;
    summary.batching = {
      mode: config.batching.mode,
      max_batch: config.batching.max_batch,
      runs,
      mean_batch_size: runs > 0 ? jobs / runs : 0,
    };
  }
  const admission = engine.admission;
  if (admission !== undefined && config.admission.mode !== 'off') {
    summary.admission = {
      mode: config.admission.mode,
      rejected: admission.rejected,
      dropped: admission.dropped,
    };
  }
  const autoscaler = engine.autoscaler;
  if (autoscaler !== undefined) {
    const lanes = engine.lanes;
    summary.lanes.forEach((lane, i) => (lane.parked = lanes.pool[i] === POOL_PARKED));
    summary.autoscale = autoscaler.summary(engine.now);
  }
  if (engine.stopped !== undefined) summary.stopped = engine.stopped;
  if (engine.llm !== undefined)
    Object.assign(summary, llmSummary(engine.llm, engine.now, engine.lanes.names));
  return summary;
}

export function buildSummary(engine: Engine): Summary {
  const seconds = engine.now / 1000;
  const m = engine.metrics;
  const lanes = engine.lanes;
  const config = engine.config;
  return addSchedulingDepth(engine, {
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
      up: lanes.down[i] === 0,
    })),
    quantile_relative_accuracy: SKETCH_RELATIVE_ACCURACY,
  });
}
