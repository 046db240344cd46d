// `npm run validate -- --llm`'s cases and comparison: the pure part (workload, case config, the
// rows that compare a live run with its twin) lives in src/profiler/llm-compare.ts, shared with the
// page's "Check the simulation", and is re-exported here; this file declares the result types
// llm-validate.ts fills and llm-report.ts writes.

import type { CostCoefficients } from '../../src/engine/llm/cost-model.ts';
import type { Summary } from '../../src/engine/summary.ts';
import type { DecoderCalibration } from '../../src/workers/lanes/decoder-calibration.ts';
import type { CaseSpec, LlmRow } from '../../src/profiler/llm-compare.ts';
import type { DecoderId } from '../../src/models/decoders/decoder-config.ts';
import type { BatchShape } from '../../src/workers/lanes/decoder-shapes.ts';
import type { LlmLaneKind } from './llm-lane.ts';

export {
  LLM_CLASSES,
  LLM_METRICS,
  LLM_WORKLOAD,
  caseConfig,
  compareCase,
  metricOf,
  scaleCoefficients,
  serviceMsAlone,
} from '../../src/profiler/llm-compare.ts';
export type { CaseSpec, LlmMetric, LlmRow } from '../../src/profiler/llm-compare.ts';
export interface LlmValidateOptions {
  out: string;
  seed: number;
  model: DecoderId;
  lane: LlmLaneKind;
  requests: number;
  loads: number[];
  repeats: number;
  /** The designed-shape calibration's size (llm-lane.ts's plan for the model and lane). */
  calibration: { rounds: number; stepsPerShape: number; shapes: readonly BatchShape[] };
  /** A drift probe's shapes and steps per shape. */
  probe: { shapes: readonly BatchShape[]; steps: number };
  scheduler: 'continuous' | 'chunked_prefill';
  quick: boolean;
  tiering: boolean;
}

export interface LlmCaseResult {
  spec: CaseSpec;
  /** Mean of the drift probes around the case (before it, after each repeat), percent. */
  driftPct: number;
  probes: number[];
  /** Each repeat's drift: the mean of the probes before and after it, percent. */
  repeatPct: number[];
  live: { summary: Summary; wallMs: number; steps: number; utilisation: number }[];
  twin: Summary;
  corrected: Summary;
  /** The twin with coefficients fitted on the live repeats' steps. */
  own: Summary;
  /** `error`: the live steps could not be fitted alone, and the calibration's coefficients stand in. */
  ownFit: { coefficients: CostCoefficients; r2: number; error?: string };
  rows: LlmRow[];
}

export interface LlmValidateResult {
  calibration: DecoderCalibration;
  serviceMsAlone: number;
  cases: LlmCaseResult[];
  model: DecoderId;
  lane: LlmLaneKind;
  /** The engine's lane kind, the graph, the runtime and where it ran. */
  backend: string;
  device: string;
  loads: number[];
}
