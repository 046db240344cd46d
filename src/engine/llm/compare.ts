// The figures an LLM comparison puts side by side (sim:compare's LLM mode): TTFT, TPOT and ITL
// percentiles as ratios (a t-interval on ln(B/A) per seed, as compare-seeds.ts does for latencies),
// goodput, SLO attainment and preemptions as differences. Read from summary.json's fields.
// `runLlmSeed` is one side's run on one seed: the CLI's `sim:compare --llm` and the page's compare
// worker (src/workers/llm/llm-compare-job.ts) both run their seeds through it.

import type { CompareMetric } from '../compare-seeds.ts';
import type { Config } from '../config.ts';
import { Engine } from '../engine.ts';
import type { Summary } from '../summary.ts';

/**
 * Run `config` on `seed` to its end (`jobs` arrivals then drained, or the config's own stop when
 * undefined) and return the finished engine (its summary, its metrics' sketches).
 */
export function runLlmSeed(config: Config, seed: number, jobs: number | undefined): Engine {
  // Only top-level fields change: the engine never mutates its config.
  const engine = new Engine({ ...config, seed, ...(jobs !== undefined ? { jobs } : {}) });
  engine.runToEnd();
  return engine;
}

const ratio = (
  id: string,
  label: string,
  pick: (s: Summary) => number | undefined,
): CompareMetric<Summary> => ({
  id,
  label,
  kind: 'ratio',
  unit: 'ms',
  better: 'lower',
  read: (s) => {
    const v = pick(s);
    return v !== undefined && v > 0 ? v : null;
  },
});

export const LLM_COMPARE_METRICS: readonly CompareMetric<Summary>[] = [
  ratio('ttft.p50', 'TTFT p50', (s) => s.ttft_ms?.p50),
  ratio('ttft.p99', 'TTFT p99', (s) => s.ttft_ms?.p99),
  ratio('tpot.p50', 'TPOT p50', (s) => s.tpot_ms?.p50),
  ratio('tpot.p99', 'TPOT p99', (s) => s.tpot_ms?.p99),
  ratio('itl.p99', 'ITL p99', (s) => s.itl_ms?.p99),
  ratio('e2e.p99', 'E2E p99', (s) => s.e2e_ms?.p99),
  {
    id: 'goodput',
    label: 'goodput',
    kind: 'difference',
    unit: 'jobs/s',
    better: 'higher',
    read: (s) => s.goodput_per_s ?? null,
  },
  {
    id: 'attainment',
    label: 'SLO attainment',
    kind: 'difference',
    unit: 'points',
    better: 'higher',
    read: (s) => {
      const c = s.llm?.classes;
      if (c === undefined) return null;
      const n = c.interactive.count + c.batch.count;
      return n > 0
        ? ((c.interactive.slo_attainment * c.interactive.count +
            c.batch.slo_attainment * c.batch.count) /
            n) *
            100
        : null;
    },
  },
  {
    id: 'preemptions',
    label: 'preemptions',
    kind: 'difference',
    unit: '',
    better: 'lower',
    read: (s) => s.preemptions ?? null,
  },
];
