// The LLM kind's sim-against-live comparison, apart from any decoder: the served workload (short
// prompts and answers a WASM lane serves in tens of ms a step), the load's arrival rate from step
// cost coefficients, a case's config, and the rows that set a live run's figures beside its
// simulated twin's (one per class and metric, signed error, the live repeats' spread, the drift,
// met or missed against issue 23's targets). Pure. `npm run validate -- --llm`
// (cli/validate/llm-cases.ts re-exports it) and the page's "Check the simulation" after a live LLM
// run (src/workers/llm/llm-check.ts) both use it.

import { parseConfig, type Config } from '../engine/config.ts';
import type { CostCoefficients } from '../engine/llm/cost-model.ts';
import type { LlmPercentiles } from '../engine/llm/metrics.ts';
import type { Summary } from '../engine/summary.ts';
import { driftFactor, perRepeatCorrected, type DriftColumns } from './drift.ts';
import { predictStep } from './step-cost-fit.ts';

/** The served workload: short prompts and answers a WASM lane serves in tens of ms a step. */
export const LLM_WORKLOAD = {
  prompt: { dist: 'lognormal', mean: 32, cv: 0.5, max: 96 },
  output: { dist: 'lognormal', mean: 16, cv: 0.5, max: 48 },
  classes: {
    interactive: { ttft_ms: 500, tpot_ms: 100 },
    batch: { ttft_ms: 5000, tpot_ms: 500 },
  },
  block_tokens: 16,
  blocks: 512,
  max_num_seqs: 16,
  max_num_batched_tokens: 512,
} as const;

/** Time (ms) the calibrated lane takes to serve one mean request alone: its prompt's prefill, then
 * each further token's decode at the mean context. A load of 1 is one such request per that time. */
export function serviceMsAlone(c: CostCoefficients): number {
  const p = LLM_WORKLOAD.prompt.mean;
  const o = LLM_WORKLOAD.output.mean;
  const prefill = predictStep(c, {
    prefillTokens: p,
    attentionWork: (p * (p + 1)) / 2,
    decodeSeqs: 0,
    kvRead: 0,
  });
  const decode = predictStep(c, {
    prefillTokens: 0,
    attentionWork: 0,
    decodeSeqs: 1,
    kvRead: p + o / 2,
  });
  return prefill + (o - 1) * decode;
}

export interface CaseSpec {
  load: number;
  rate: number;
  requests: number;
  seed: number;
  scheduler: 'continuous' | 'chunked_prefill';
  /** Coefficients for the simulated twin (absent in the live run's config: unused there). */
  cost?: CostCoefficients;
  /** The lane's kind (default cpu: a WASM lane; gpu: the WebGPU lane). */
  laneKind?: 'cpu' | 'gpu';
}

/** The config of a case: one lane (CPU-class, the WASM decoder, unless laneKind says gpu),
 * Poisson arrivals. */
export function caseConfig(c: CaseSpec): Config {
  return parseConfig({
    seed: c.seed,
    jobs: c.requests,
    arrivals: { process: 'poisson', rate_per_s: c.rate },
    mix: { interactive_ratio: 0.5 },
    lanes: [{ kind: c.laneKind ?? 'cpu', count: 1 }],
    llm: {
      ...LLM_WORKLOAD,
      scheduler:
        c.scheduler === 'chunked_prefill'
          ? { name: 'chunked_prefill', token_budget: 64 }
          : { name: 'continuous' },
      ...(c.cost ? { cost: { [c.laneKind ?? 'cpu']: c.cost } } : {}),
    },
  });
}

export const LLM_METRICS = [
  'ttft_p50',
  'ttft_p99',
  'tpot_p50',
  'tpot_p99',
  'itl_p99',
  'e2e_p50',
  'e2e_p99',
  'throughput',
] as const;
export type LlmMetric = (typeof LLM_METRICS)[number];
export const LLM_CLASSES = ['all', 'interactive', 'batch'] as const;

/** A metric's value in a summary (ms; throughput in generated tokens per second); undefined when
 * the class served nothing. */
export function metricOf(
  s: Summary,
  cls: (typeof LLM_CLASSES)[number],
  m: LlmMetric,
): number | undefined {
  if (!s.llm) return undefined;
  const f = cls === 'all' ? s : s.llm.classes[cls];
  if (!f?.ttft_ms || !f.tokens) return undefined;
  if (cls !== 'all' && s.llm.classes[cls].count === 0) return undefined;
  if (m === 'throughput') return f.tokens.generated_per_s;
  const [name, q] = m.split('_') as ['ttft' | 'tpot' | 'itl' | 'e2e', 'p50' | 'p99'];
  const p: LlmPercentiles | undefined = f[`${name}_ms`];
  return p && p.count > 0 ? p[q] : undefined;
}

export interface LlmRow extends DriftColumns {
  load: number;
  class: string;
  metric: LlmMetric;
  unit: 'ms' | 'tokens/s';
  predicted_ms: number;
  measured_ms: number;
  /** (predicted - measured) / measured, percent: + when the simulation says slower. */
  error_pct: number;
  /** The live repeats' range over their median, percent. */
  live_spread_pct: number;
  /** The twin with coefficients fitted on the live repeats' own steps: what is left is the
   * model's error apart from calibration and drift (a diagnostic, not a prediction). */
  own_steps_error_pct: number;
  /** The target for this metric (p50 and throughput 10 %, p99 20 %), and whether met
   * (targets hold up to 70 % load). */
  target_pct: number;
  met: boolean | null;
  /** With twins corrected repeat by repeat (each with the mean of the probes around its repeat):
   * their median's error against the live median, and each repeat's against its own twin. */
  repeat_corrected_error_pct?: number;
  repeat_errors_pct?: number[];
  /** Whether the target is met by the per-repeat corrected twins (null above 70 % load). */
  repeat_corrected_met?: boolean | null;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The rows of one load: each class and metric the live runs measured. */
export function compareCase(
  load: number,
  live: readonly Summary[],
  twin: Summary,
  corrected: Summary,
  driftPct: number,
  own: Summary,
  perRepeat?: readonly Summary[],
): LlmRow[] {
  const rows: LlmRow[] = [];
  for (const cls of LLM_CLASSES) {
    for (const metric of LLM_METRICS) {
      const values = live.map((s) => metricOf(s, cls, metric));
      const pred = metricOf(twin, cls, metric);
      const corr = metricOf(corrected, cls, metric);
      const mine = metricOf(own, cls, metric);
      if (
        values.some((v) => v === undefined) ||
        pred === undefined ||
        corr === undefined ||
        mine === undefined
      ) {
        continue;
      }
      const v = values as number[];
      const measured = median(v);
      const err = ((pred - measured) / measured) * 100;
      const target = metric.endsWith('p99') ? 20 : 10;
      const counted = load <= 0.7 + 1e-9;
      const byRepeat = perRepeat?.map((t) => metricOf(t, cls, metric));
      const repeat =
        byRepeat && byRepeat.every((x) => x !== undefined)
          ? perRepeatCorrected(v, byRepeat as number[], median)
          : undefined;
      rows.push({
        load,
        class: cls,
        metric,
        unit: metric === 'throughput' ? 'tokens/s' : 'ms',
        predicted_ms: pred,
        measured_ms: measured,
        error_pct: err,
        live_spread_pct: measured > 0 ? ((Math.max(...v) - Math.min(...v)) / measured) * 100 : 0,
        drift_corrected_error_pct: ((corr - measured) / measured) * 100,
        own_steps_error_pct: ((mine - measured) / measured) * 100,
        drift_pct: driftPct,
        target_pct: target,
        met: counted ? Math.abs(err) <= target : null,
        ...(repeat
          ? {
              repeat_corrected_error_pct: repeat.errorPct,
              repeat_errors_pct: repeat.repeatErrorPct,
              repeat_corrected_met: counted ? Math.abs(repeat.errorPct) <= target : null,
            }
          : {}),
      });
    }
  }
  return rows;
}

/** Coefficients scaled by a drift (a lane found 10 % slower: every term 10 % dearer). */
export function scaleCoefficients(c: CostCoefficients, driftPct: number): CostCoefficients {
  const f = driftFactor(driftPct);
  return Object.fromEntries(
    Object.entries(c).map(([k, v]) => [k, v * f]),
  ) as unknown as CostCoefficients;
}
