// What one run of a sweep leaves: its figures (summary.json's headline numbers, deterministic) and
// its latency and wait sketches, serialised (DDSketch protobuf, base64) so that percentiles across
// runs come from merged sketches, never from averaged percentiles.

import { DDSketch } from '@datadog/sketches-js';
import type { Engine } from '../../src/engine/engine.ts';
import type { Summary } from '../../src/engine/summary.ts';

/** Bumped when a record's fields change; records of another format are run again. */
export const RUN_FORMAT = 'schedlab.sweep-run/3';

/** One run's figures, in results.csv's column order. Times in ms, rates per simulated second. */
export const FIGURES = [
  'arrived',
  'completed',
  'rejected',
  'dropped',
  'sim_time_s',
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'latency_mean',
  'latency_max',
  'wait_p99',
  'wait_mean',
  'interactive_p99',
  'batch_p99',
  'slo_violation_rate',
  'interactive_slo_violation_rate',
  'batch_slo_violation_rate',
  'throughput_per_s',
  'goodput_per_s',
  'utilisation_mean',
] as const;
export type Figure = (typeof FIGURES)[number];

/** An LLM run's own figures (summary.json's top-level LLM fields), after FIGURES in results.csv
 * when a sweep's runs are LLM runs. Times in ms, tokens per simulated second. */
export const LLM_FIGURES = [
  'ttft_p50',
  'ttft_p99',
  'tpot_p50',
  'tpot_p99',
  'itl_p99',
  'e2e_p99',
  'queue_p99',
  'prompt_tokens_per_s',
  'generated_tokens_per_s',
  'preemptions',
  'kv_blocks_peak',
] as const;
export type LlmFigure = (typeof LLM_FIGURES)[number];

/** The sketches a record keeps: overall and per-class latency, overall wait. */
export const SKETCHES = ['latency', 'latency_interactive', 'latency_batch', 'wait'] as const;
export type SketchName = (typeof SKETCHES)[number];

export interface RunRecord {
  format: typeof RUN_FORMAT;
  key: string;
  engine_version: string;
  seed: number;
  /** The grid's values for this run, by path. */
  params: Record<string, unknown>;
  figures: Record<Figure, number>;
  /** An LLM run's figures (absent for the request kind). */
  llm_figures?: Record<LlmFigure, number>;
  /** base64 of DDSketch protobuf bytes. */
  sketches: Record<SketchName, string>;
  /** Largest value in each sketch (protobuf does not keep it): caps merged quantiles. */
  maxima: Record<SketchName, number>;
  /**
   * Present when the engine's resource guard (src/engine/limits.ts) stopped the run early: why. Its
   * figures then cover the run up to that point only (deterministic all the same).
   */
  stopped?: string;
  /** Wall-clock seconds the run took (not part of results.csv, which is deterministic). */
  wall_s: number;
}

/** The LLM figures of a run's summary; undefined for a request-kind run. */
function llmFigures(s: Summary): Record<LlmFigure, number> | undefined {
  if (s.llm === undefined || s.ttft_ms === undefined) return undefined;
  return {
    ttft_p50: s.ttft_ms.p50,
    ttft_p99: s.ttft_ms.p99,
    tpot_p50: s.tpot_ms!.p50,
    tpot_p99: s.tpot_ms!.p99,
    itl_p99: s.itl_ms!.p99,
    e2e_p99: s.e2e_ms!.p99,
    queue_p99: s.queue_ms!.p99,
    prompt_tokens_per_s: s.tokens!.prompt_per_s,
    generated_tokens_per_s: s.tokens!.generated_per_s,
    preemptions: s.preemptions!,
    kv_blocks_peak: s.llm.kv_blocks.peak,
  };
}

/** Figures and sketches of a finished run. */
export function recordRun(
  engine: Engine,
  key: string,
  engineVersion: string,
  params: Record<string, unknown>,
  wallS: number,
): RunRecord {
  const s = engine.summary();
  const o = s.overall;
  const lanes = s.lanes.filter((l) => !l.parked);
  const figures: Record<Figure, number> = {
    arrived: s.ledger.arrived,
    completed: s.ledger.completed,
    rejected: s.ledger.rejected,
    dropped: s.ledger.dropped,
    sim_time_s: s.sim_time_s,
    latency_p50: o.latency.p50,
    latency_p95: o.latency.p95,
    latency_p99: o.latency.p99,
    latency_mean: o.latency.mean,
    latency_max: o.latency.max,
    wait_p99: o.wait.p99,
    wait_mean: o.wait.mean,
    interactive_p99: s.classes.interactive.latency.p99,
    batch_p99: s.classes.batch.latency.p99,
    slo_violation_rate: o.slo_violation_rate,
    interactive_slo_violation_rate: s.classes.interactive.slo_violation_rate,
    batch_slo_violation_rate: s.classes.batch.slo_violation_rate,
    throughput_per_s: o.throughput_per_s,
    goodput_per_s: o.goodput_per_s,
    utilisation_mean:
      lanes.length === 0 ? 0 : lanes.reduce((a, l) => a + l.utilisation, 0) / lanes.length,
  };
  const llm = llmFigures(s);
  const m = engine.metrics;
  const sketches = {
    latency: m.sketch('latency', -1),
    latency_interactive: m.sketch('latency', 0),
    latency_batch: m.sketch('latency', 1),
    wait: m.sketch('wait', -1),
  };
  return {
    format: RUN_FORMAT,
    key,
    engine_version: engineVersion,
    seed: s.seed,
    params,
    figures,
    ...(llm !== undefined ? { llm_figures: llm } : {}),
    sketches: {
      latency: encodeSketch(sketches.latency),
      latency_interactive: encodeSketch(sketches.latency_interactive),
      latency_batch: encodeSketch(sketches.latency_batch),
      wait: encodeSketch(sketches.wait),
    },
    maxima: {
      latency: o.latency.max,
      latency_interactive: s.classes.interactive.latency.max,
      latency_batch: s.classes.batch.latency.max,
      wait: o.wait.max,
    },
    ...(engine.stopped !== undefined ? { stopped: engine.stopped } : {}),
    wall_s: wallS,
  };
}

export function encodeSketch(sketch: DDSketch): string {
  return Buffer.from(sketch.toProto()).toString('base64');
}

export function decodeSketch(base64: string): DDSketch {
  return DDSketch.fromProto(new Uint8Array(Buffer.from(base64, 'base64')));
}

/** Values below this are zero waits recorded as 1e-9 ms (sketches refuse zero). */
const TINY = 2e-9;

/**
 * Quantiles of the union of several runs' samples: their sketches merged (DDSketch merges bin by
 * bin, so the result is the sketch of all samples together, within the same 1 % accuracy), capped
 * at the largest recorded value. Zeros when no sample was recorded.
 */
export function pooledQuantiles(
  records: readonly RunRecord[],
  which: SketchName,
  qs: readonly number[],
): number[] {
  let merged: DDSketch | undefined;
  let max = 0;
  for (const r of records) {
    const s = decodeSketch(r.sketches[which]);
    if (s.count === 0) continue;
    if (merged) merged.merge(s);
    else merged = s;
    max = Math.max(max, r.maxima[which]);
  }
  if (!merged) return qs.map(() => 0);
  return qs.map((q) => {
    const v = merged.getValueAtQuantile(q);
    return v <= TINY ? 0 : Math.min(v, max);
  });
}
