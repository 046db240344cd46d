// summary.json: the run's figures, overall and per class, the job ledger and per-lane utilisation.
// Versioned like a file format so that scripts reading it can tell what they hold.

import type { CLASS_NAMES } from './job-table.ts';
import { SKETCH_RELATIVE_ACCURACY, type ClassSummary } from './metrics.ts';

import type { AutoscaleSummary } from './autoscale.ts';
import type { Config, LaneSpec } from './config.ts';
import type { Ledger } from './engine-types.ts';
import { POOL_PARKED, type LaneSet } from './lanes.ts';
import type { Metrics } from './metrics.ts';
import type { PredictorStats } from './predictor.ts';
import { costSummary, type CostSummary, type PoolBooks } from './replica-cost.ts';
import type { LlmTopLevel } from './llm/summary.ts';

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
  /** What the capacity cost (replica-seconds by lane kind, idle and cold-start parts, price per
   * 1,000 requests) beside what it bought (SLO attainment, goodput). */
  cost: CostSummary;
  /** Present when autoscaling is on: the policy, scale events and flaps, the pool's size over the
   * run, and the requests that waited for a cold start. */
  autoscale?: AutoscaleSummary;
  /** Present when the run stopped early at a resource limit: why (the figures cover the run so far). */
  stopped?: string;
}

/**
 * What a summary is built from: the run's figures as the engine holds them at the moment, read and
 * never changed. The engine hands its own (`Engine.summary`); anything else holding such figures
 * could build one too.
 */
export interface SummaryInput {
  config: Pick<Config, 'seed' | 'arrivals' | 'classes' | 'batching' | 'admission' | 'cost'>;
  /** The clock (simulated or engine ms) when the summary is taken. */
  now: number;
  events: number;
  ledger: Ledger;
  /** The policy in effect: a built-in's name or a user policy's own. */
  scheduler: string;
  metrics: Metrics;
  lanes: LaneSet;
  laneSpecs: readonly LaneSpec[];
  /** Runs started and the jobs in them. */
  runs: { runs: number; jobs: number };
  memory: { readonly unit: string } | undefined;
  predictor: { stats(): PredictorStats } | undefined;
  admission: { readonly rejected: number; readonly dropped: number } | undefined;
  autoscaler: (PoolBooks & { summary(now: number): AutoscaleSummary }) | undefined;
  stopped: string | undefined;
  /** An LLM run's own fields (llm/summary.ts), added at the top level; undefined otherwise. */
  llm?: LlmTopLevel | undefined;
}

/** The optional sections (memory, predictor, batching, admission), added to a built summary. */
function addSchedulingDepth(run: SummaryInput, summary: Summary): Summary {
  const config = run.config;
  const memory = run.memory;
  if (memory !== undefined) {
    const lanes = run.lanes;
    summary.lanes.forEach((lane, i) => {
      lane.memory = {
        unit: memory.unit,
        used: lanes.memUsed[i]!,
        peak: lanes.memPeak[i]!,
        capacity: lanes.memCapacity[i]!,
      };
    });
  }
  if (run.predictor !== undefined) summary.predictor = run.predictor.stats();
  if (config.batching.enabled) {
    const { runs, jobs } = run.runs;
    summary.batching = {
      mode: config.batching.mode,
      max_batch: config.batching.max_batch,
      runs,
      mean_batch_size: runs > 0 ? jobs / runs : 0,
    };
  }
  const admission = run.admission;
  if (admission !== undefined && config.admission.mode !== 'off') {
    summary.admission = {
      mode: config.admission.mode,
      rejected: admission.rejected,
      dropped: admission.dropped,
    };
  }
  const autoscaler = run.autoscaler;
  if (autoscaler !== undefined) {
    const lanes = run.lanes;
    summary.lanes.forEach((lane, i) => (lane.parked = lanes.pool[i] === POOL_PARKED));
    summary.autoscale = autoscaler.summary(run.now);
  }
  if (run.stopped !== undefined) summary.stopped = run.stopped;
  if (run.llm !== undefined) Object.assign(summary, run.llm);
  return summary;
}

export function buildSummary(run: SummaryInput): Summary {
  const now = run.now;
  const seconds = now / 1000;
  const m = run.metrics;
  const lanes = run.lanes;
  const config = run.config;
  const overall = m.overallSummary(seconds);
  return addSchedulingDepth(run, {
    format: SUMMARY_FORMAT,
    seed: config.seed,
    scheduler: run.scheduler,
    arrivals: config.arrivals.process,
    sim_time_s: seconds,
    events: run.events,
    ledger: run.ledger,
    overall,
    classes: {
      interactive: { ...m.classSummary(0, seconds), slo_ms: config.classes.interactive.slo_ms },
      batch: { ...m.classSummary(1, seconds), slo_ms: config.classes.batch.slo_ms },
    },
    fairness_batch_over_interactive_wait: m.fairness(),
    lanes: run.laneSpecs.map((spec, i) => ({
      name: spec.name,
      kind: spec.kind,
      role: spec.role,
      concurrency: spec.concurrency,
      speed: spec.speed,
      utilisation: now > 0 ? lanes.busyMs[i]! / (now * spec.concurrency) : 0,
      up: lanes.down[i] === 0,
    })),
    quantile_relative_accuracy: SKETCH_RELATIVE_ACCURACY,
    cost: costSummary({
      cost: config.cost,
      now,
      lanes,
      laneSpecs: run.laneSpecs,
      pool: run.autoscaler,
      completed: run.ledger.completed,
      sloViolationRate: overall.slo_violation_rate,
      goodputPerS: overall.goodput_per_s,
    }),
  });
}
