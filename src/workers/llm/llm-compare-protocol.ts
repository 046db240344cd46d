// What crosses between the page's LLM compare mode (app/llm/llm-compare.ts) and the LLM compare
// worker (src/workers/seeds-worker.ts, around llm-compare-job.ts): types and the version only, so that
// the page imports none of the engine. Bump LLM_COMPARE_VERSION when a field changes meaning.

import type { ConfigInput } from '../../engine/config.ts';
import type { PairedMetric } from '../../engine/compare-seeds.ts';

export const LLM_COMPARE_VERSION = 1;
/** Most requests per seed and side, and most seeds: a request cannot keep the worker for long. */
export const MAX_LLM_COMPARE_JOBS = 50_000;
export const MAX_LLM_COMPARE_SEEDS = 30;

export interface LlmCompareRequest {
  v: typeof LLM_COMPARE_VERSION;
  kind: 'llm-compare';
  id: number;
  a: ConfigInput;
  b: ConfigInput;
  /** The seeds both sides run (the same requests on both sides per seed). */
  seeds: number[];
  /** Requests per seed and side. */
  jobs: number;
}

/** One side's CDFs on the first seed: `values[i]` is the quantile CDF_QUANTILES[i] (ms). */
export interface LlmSideCdfs {
  ttft: number[];
  tpot: number[];
  /** Which class they are of (the one with more completed requests). */
  cls: 'interactive' | 'batch';
}

export type LlmCompareMessage =
  | { v: typeof LLM_COMPARE_VERSION; kind: 'llm-compare-progress'; id: number; done: number }
  | {
      v: typeof LLM_COMPARE_VERSION;
      kind: 'llm-compare-result';
      id: number;
      seeds: number[];
      jobs: number;
      /** B against A per figure: the sides' means over the seeds and the paired interval. */
      metrics: PairedMetric[];
      cdfs: [LlmSideCdfs, LlmSideCdfs];
    }
  | { v: typeof LLM_COMPARE_VERSION; kind: 'llm-compare-error'; id: number; problems: string[] };
