// "Check the simulation" after a live LLM run: fit the step cost model to the run's own measured
// steps (one fit per lane kind, src/profiler/step-cost-fit.ts), replay the same requests in the
// simulation with those costs (same config and seed, so the same arrivals and lengths; the same
// rate and scheduler changes at the same engine times), and set TTFT, TPOT and end-to-end latency
// of the two side by side with `npm run validate -- --llm`'s comparison (src/profiler/llm-compare.ts)
// and issue 23's targets (p50 within 10 %, p99 within 20 %, up to 70 % load). This is validate's
// "own steps" twin: it measures the model's error apart from calibration and drift.

import type { Config } from '../../engine/config.ts';
import { Engine } from '../../engine/engine.ts';
import type { CostCoefficients } from '../../engine/llm/cost-model.ts';
import type { Summary } from '../../engine/summary.ts';
import { simMs } from '../../engine/units.ts';
import { compareCase, serviceMsAlone } from '../../profiler/llm-compare.ts';
import { fitStepCost } from '../../profiler/step-cost-fit.ts';
import type { LiveStep } from '../llm-executor.ts';
import type { LlmCheckFit, LlmSimCheck } from '../llm-protocol.ts';
import { applyLlmControl, type LlmControl } from './llm-export.ts';

/** Fewest measured steps of a lane kind a fit is made from. */
export const MIN_FIT_STEPS = 12;

export interface LiveRunRecord {
  config: Config;
  controls: readonly LlmControl[];
  /** Engine lane kinds, by lane index. */
  kinds: readonly ('gpu' | 'cpu')[];
  steps: readonly LiveStep[];
  summary: Summary;
}

const SHOWN_METRICS = new Set([
  'ttft_p50',
  'ttft_p99',
  'tpot_p50',
  'tpot_p99',
  'e2e_p50',
  'e2e_p99',
]);
const VERDICT_METRICS = ['ttft_p50', 'ttft_p99', 'tpot_p50', 'tpot_p99'];

export function checkLiveLlm(
  run: LiveRunRecord,
): { ok: true; check: LlmSimCheck } | { ok: false; problem: string } {
  const fits: LlmCheckFit[] = [];
  const cost: Partial<Record<'gpu' | 'cpu', CostCoefficients>> = {};
  for (const kind of ['gpu', 'cpu'] as const) {
    const samples = run.steps
      .filter((s) => run.kinds[s.lane] === kind)
      .map((s) => ({ load: s.load, ms: s.end - s.start }));
    if (samples.length === 0) continue;
    if (samples.length < MIN_FIT_STEPS) {
      return {
        ok: false,
        problem: `the ${kind.toUpperCase()} lanes ran ${samples.length} steps, too few to fit step costs (at least ${MIN_FIT_STEPS}): serve more requests`,
      };
    }
    const fit = fitStepCost(samples);
    cost[kind] = fit.coefficients;
    fits.push({
      kind,
      steps: samples.length,
      r2: fit.r2,
      coefficients: { ...fit.coefficients } as unknown as Record<string, number>,
    });
  }
  if (fits.length === 0) return { ok: false, problem: 'the live run ran no step yet' };
  const config: Config = { ...run.config, llm: { ...run.config.llm!, cost } };
  const twin = new Engine(config);
  for (const c of run.controls) {
    twin.advanceTo(simMs(c.t));
    applyLlmControl(twin, c);
  }
  twin.runToEnd();
  const summary = twin.summary();
  // Offered load per lane: the configured rate against one lane serving the mean request alone.
  const first = cost[fits[0]!.kind]!;
  const rate = config.arrivals.process === 'poisson' ? config.arrivals.rate_per_s : 0;
  const load = (rate * serviceMsAlone(first)) / 1000 / run.kinds.length;
  const rows = compareCase(load, [run.summary], summary, summary, 0, summary)
    .filter((r) => SHOWN_METRICS.has(r.metric))
    .map((r) => ({
      class: r.class,
      metric: r.metric,
      predicted_ms: r.predicted_ms,
      measured_ms: r.measured_ms,
      error_pct: r.error_pct,
      target_pct: r.target_pct,
      met: r.met,
    }));
  const judged = rows.filter((r) => r.class === 'all' && VERDICT_METRICS.includes(r.metric));
  const missed = judged.filter((r) => Math.abs(r.error_pct) > r.target_pct);
  const good = judged.length === VERDICT_METRICS.length && missed.length === 0;
  const pct = (v: number): string => `${v > 0 ? '+' : ''}${v.toFixed(1)} %`;
  const verdict =
    judged.length < VERDICT_METRICS.length
      ? 'Too few requests completed to compare TTFT and TPOT.'
      : good
        ? `The simulation is a good guide here: TTFT and TPOT p50 within 10 % and p99 within 20 % of the live run (worst ${pct(worst(judged))}).`
        : `The simulation misses here: ${missed.map((r) => `${r.metric.replace('_', ' ')} ${pct(r.error_pct)}`).join(', ')} (targets: p50 10 %, p99 20 %).` +
          (load > 0.7
            ? ` The load (${(load * 100).toFixed(0)} % of a lane) is past the 70 % the targets hold to.`
            : '');
  return {
    ok: true,
    check: {
      fits,
      load,
      liveCompleted: run.summary.ledger.completed,
      twinCompleted: summary.ledger.completed,
      rows,
      good,
      verdict,
    },
  };
}

function worst(rows: readonly { error_pct: number }[]): number {
  return rows.reduce((w, r) => (Math.abs(r.error_pct) > Math.abs(w) ? r.error_pct : w), 0);
}
