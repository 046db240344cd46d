// LLM compare mode's verdict, headless: continuous batching against static on the page's chat
// load at a loaded rate wins goodput with a paired interval that excludes zero, and the sentence
// says so; two identical configs give the same figures on every seed (an interval of zero); bad
// input names its side and field and runs nothing.

import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../engine/config.ts';
import { verdictSentence, verdictSummary } from '../../engine/compare-seeds.ts';
import { CDF_QUANTILES } from '../llm-protocol.ts';
import { LLM_COMPARE_VERSION, runLlmCompare, type LlmCompareRequest } from './llm-compare-job.ts';

/** The page's chat preset (app/llm/llm-settings.ts) at `rate`, with `llm` fields over it. */
function chat(rate: number, llm: Partial<NonNullable<ConfigInput['llm']>> = {}): ConfigInput {
  return {
    seed: 1,
    jobs: 2_000_000,
    arrivals: { process: 'poisson', rate_per_s: rate },
    mix: { interactive_ratio: 1 },
    lanes: [{ kind: 'gpu', count: 1 }],
    llm: {
      model: 'llama3_8b',
      prompt: { dist: 'lognormal', mean: 1024, cv: 1, max: 16384 },
      output: { dist: 'lognormal', mean: 256, cv: 1, max: 4096 },
      blocks: 2048,
      max_num_seqs: 64,
      max_num_batched_tokens: 4096,
      classes: { interactive: { ttft_ms: 1000, tpot_ms: 100 } },
      ...llm,
    },
  };
}

const request = (a: ConfigInput, b: ConfigInput, over: Partial<LlmCompareRequest> = {}) =>
  ({
    v: LLM_COMPARE_VERSION,
    kind: 'llm-compare',
    id: 7,
    a,
    b,
    seeds: [1, 2, 3, 4, 5, 6],
    jobs: 800,
    ...over,
  }) satisfies LlmCompareRequest;

describe('LLM compare job', () => {
  it('finds continuous batching ahead of static on goodput at a loaded rate, interval excluding zero', () => {
    const progress: number[] = [];
    const r = runLlmCompare(
      request(
        chat(4, { scheduler: { name: 'static' } }),
        chat(4, { scheduler: { name: 'continuous' } }),
      ),
      (d) => progress.push(d),
    );
    if (r.kind !== 'llm-compare-result') throw new Error(JSON.stringify(r));
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    const goodput = r.metrics.find((m) => m.id === 'goodput')!;
    expect(goodput.b).toBeGreaterThan(goodput.a);
    expect(goodput.interval!.lo).toBeGreaterThan(0);
    const ttft = r.metrics.find((m) => m.id === 'ttft.p99')!;
    expect(ttft.interval!.hi).toBeLessThan(0);
    expect(verdictSentence(goodput, 6)).toMatch(/^B raises goodput by [\d.]+ jobs\/s \(95 % CI/);
    expect(verdictSummary(r.metrics, 6, goodput)).toMatch(
      /^B raises goodput .*, but makes (TPOT|ITL) p99 [\d.]+× higher/,
    );
    // Every figure the page shows is there, and both sides' CDFs rise.
    for (const id of ['ttft.p99', 'tpot.p99', 'goodput', 'preemptions'])
      expect(r.metrics.some((m) => m.id === id)).toBe(true);
    for (const side of r.cdfs) {
      expect(side.ttft).toHaveLength(CDF_QUANTILES.length);
      for (let i = 1; i < side.ttft.length; i++)
        expect(side.ttft[i]!).toBeGreaterThanOrEqual(side.ttft[i - 1]!);
    }
    // Static's TTFT tail lies far right of continuous's.
    expect(r.cdfs[0].ttft[99]!).toBeGreaterThan(10 * r.cdfs[1].ttft[99]!);
  });

  it('gives identical configs the same figures on every seed: every interval contains zero', () => {
    const c = chat(6, { blocks: 512 });
    const r = runLlmCompare(request(c, c, { seeds: [3, 4, 5] }));
    if (r.kind !== 'llm-compare-result') throw new Error(JSON.stringify(r));
    for (const m of r.metrics) {
      expect(m.identical).toBe(true);
      expect(m.interval!.lo).toBeLessThanOrEqual(0);
      expect(m.interval!.hi).toBeGreaterThanOrEqual(0);
    }
    // A loaded small cache preempts, so the preemption figure is a real count, the same on both.
    expect(r.metrics.find((m) => m.id === 'preemptions')!.a).toBeGreaterThan(0);
    expect(
      verdictSentence(
        r.metrics.find((m) => m.id === 'goodput')!,
        3,
      ),
    ).toBe('A and B give the same goodput on every seed (3)');
  });

  it('pairs recompute against swap on identical requests: same arrivals, different preemption cost', () => {
    const r = runLlmCompare(
      request(chat(6, { blocks: 512 }), chat(6, { blocks: 512, preemption: 'swap' }), {
        seeds: [1, 2, 3],
      }),
    );
    if (r.kind !== 'llm-compare-result') throw new Error(JSON.stringify(r));
    const pre = r.metrics.find((m) => m.id === 'preemptions')!;
    expect(pre.a).toBeGreaterThan(0);
    expect(pre.b).toBeGreaterThan(0);
    expect(r.metrics.every((m) => m.identical)).toBe(false);
  });

  it('refuses bad input by side and field, running nothing', () => {
    const noLlm: ConfigInput = { ...chat(4) };
    delete (noLlm as { llm?: unknown }).llm;
    const r = runLlmCompare(request(chat(4, { blocks: -3 }), noLlm, { seeds: [1], jobs: 0 }));
    expect(r.kind).toBe('llm-compare-error');
    if (r.kind !== 'llm-compare-error') return;
    expect(r.problems.some((p) => p.startsWith('A: ') && p.includes('blocks'))).toBe(true);
    expect(r.problems).toContain('B: llm: an LLM comparison needs the llm section');
    expect(r.problems.some((p) => p.startsWith('jobs: 0'))).toBe(true);
    expect(r.problems.some((p) => p.startsWith('seeds: 1 given'))).toBe(true);
  });
});
