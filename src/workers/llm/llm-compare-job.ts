// LLM compare mode's job, apart from its worker entry (../seeds-worker.ts) so that it runs in
// Node tests: two LLM configs (A and B) on the same seeds, so on identical requests (arrivals,
// lengths and classes come from seeded streams: common random numbers), each run to its end by
// runLlmSeed, paired with the CLI's own code (`pairMetrics` over LLM_COMPARE_METRICS, the
// t-interval on per-seed differences that `npm run sim:compare -- --llm` prints), plus each side's
// TTFT and TPOT CDFs on the first seed for the page's charts.

import { checkConfig, type Config, type ConfigInput } from '../../engine/config.ts';
import { pairMetrics } from '../../engine/compare-seeds.ts';
import { LLM_COMPARE_METRICS, runLlmSeed } from '../../engine/llm/compare.ts';
import type { Engine } from '../../engine/engine.ts';
import type { Summary } from '../../engine/summary.ts';
import { cdf } from './llm-frame.ts';
import {
  LLM_COMPARE_VERSION,
  MAX_LLM_COMPARE_JOBS,
  MAX_LLM_COMPARE_SEEDS,
  type LlmCompareMessage,
  type LlmCompareRequest,
  type LlmSideCdfs,
} from './llm-compare-protocol.ts';

export * from './llm-compare-protocol.ts';

function sideCdfs(engine: Engine): LlmSideCdfs {
  const classes = engine.llm!.m.classes;
  const ci = classes[0]!;
  const cb = classes[1]!;
  const c = cb.ttft.count > ci.ttft.count ? cb : ci;
  return {
    ttft: Array.from(cdf(c.ttft)),
    tpot: Array.from(cdf(c.tpot)),
    cls: c === ci ? 'interactive' : 'batch',
  };
}

/** Validate and run a request; `progress` sees the seeds done. Never throws. */
export function runLlmCompare(
  req: LlmCompareRequest,
  progress: (done: number) => void = () => {},
): LlmCompareMessage {
  const base = { v: LLM_COMPARE_VERSION, id: req.id } as const;
  const problems: string[] = [];
  const side = (name: 'A' | 'B', input: ConfigInput): Config | undefined => {
    const c = checkConfig(input);
    if (!c.ok) {
      problems.push(...c.problems.map((p) => `${name}: ${p}`));
      return undefined;
    }
    if (c.config.llm === undefined) {
      problems.push(`${name}: llm: an LLM comparison needs the llm section`);
      return undefined;
    }
    return c.config;
  };
  const a = side('A', req.a);
  const b = side('B', req.b);
  if (!Number.isInteger(req.jobs) || req.jobs < 1 || req.jobs > MAX_LLM_COMPARE_JOBS) {
    problems.push(`jobs: ${req.jobs} is not a whole number from 1 to ${MAX_LLM_COMPARE_JOBS}`);
  }
  const seeds = Array.isArray(req.seeds) ? req.seeds : [];
  if (seeds.length < 2 || seeds.length > MAX_LLM_COMPARE_SEEDS) {
    problems.push(`seeds: ${seeds.length} given; an interval needs 2 to ${MAX_LLM_COMPARE_SEEDS}`);
  }
  if (a === undefined || b === undefined || problems.length > 0) {
    return { ...base, kind: 'llm-compare-error', problems };
  }
  try {
    const sa: Summary[] = [];
    const sb: Summary[] = [];
    let cdfs: [LlmSideCdfs, LlmSideCdfs] | undefined;
    seeds.forEach((seed, k) => {
      const ea = runLlmSeed(a, seed, req.jobs);
      const eb = runLlmSeed(b, seed, req.jobs);
      sa.push(ea.summary());
      sb.push(eb.summary());
      cdfs ??= [sideCdfs(ea), sideCdfs(eb)];
      progress(k + 1);
    });
    return {
      ...base,
      kind: 'llm-compare-result',
      seeds: [...seeds],
      jobs: req.jobs,
      metrics: pairMetrics(sa, sb, 0.95, LLM_COMPARE_METRICS),
      cdfs: cdfs!,
    };
  } catch (e) {
    return {
      ...base,
      kind: 'llm-compare-error',
      problems: [e instanceof Error ? e.message : String(e)],
    };
  }
}
