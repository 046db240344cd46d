// Exact cases computed by hand: one request on an idle lane, block holding, preemption by recompute
// and by swap, each against the step cost model's sum.

import { describe, expect, it } from 'vitest';
import { kvBytesPerToken, MODEL_SHAPES } from './cost-model.ts';
import { llmTestConfig, roundStep, roundStepOf, runLlm } from './test-support.ts';

describe('one request on an idle lane', () => {
  it('has TTFT equal to its prefill step and E2E equal to the sum of its steps', () => {
    const prompt = 100;
    const output = 5;
    const { engine, sink } = runLlm(
      llmTestConfig({
        prompt: { dist: 'fixed', value: prompt },
        output: { dist: 'fixed', value: output },
      }),
    );
    const [row] = sink.requests;
    const arrival = row!.arrival;
    const prefill = roundStep([{ tokens: prompt, cached: 0 }], []);
    let e2e = prefill;
    // Decode k (k = 1..4) feeds the token sampled last: the cache holds prompt + k - 1 tokens.
    for (let k = 1; k < output; k++) e2e += roundStep([], [prompt + k - 1]);
    expect(row!.firstToken - arrival).toBeCloseTo(prefill, 9);
    expect(row!.end - arrival).toBeCloseTo(e2e, 9);
    expect(sink.steps).toHaveLength(output);
    const s = engine.summary();
    expect(s.ttft_ms!.mean).toBeCloseTo(prefill, 9);
    expect(s.tpot_ms!.mean).toBeCloseTo((e2e - prefill) / (output - 1), 9);
    expect(s.tokens!.generated).toBe(output);
    expect(s.tokens!.prompt).toBe(prompt);
  });

  it('holds exactly N blocks for a prompt of N blocks until it finishes, one more once a block fills', () => {
    const bt = 16;
    const n = 7;
    // Prompt of 7 blocks less 4 tokens; 5 outputs: the cache reaches 7 x 16 tokens, never more.
    const fits = runLlm(
      llmTestConfig({
        block_tokens: bt,
        prompt: { dist: 'fixed', value: n * bt - 4 },
        output: { dist: 'fixed', value: 5 },
      }),
    );
    expect(fits.sink.steps.map((s) => s.blocksUsed)).toEqual([n, n, n, n, n - n]);
    // Two more outputs and the fifth decode writes token 113, past block 7: an eighth block.
    const grows = runLlm(
      llmTestConfig({
        block_tokens: bt,
        prompt: { dist: 'fixed', value: n * bt - 4 },
        output: { dist: 'fixed', value: 7 },
      }),
    );
    expect(grows.sink.steps.map((s) => s.blocksUsed)).toEqual([n, n, n, n, n, n + 1, 0]);
    expect(grows.engine.summary().llm!.kv_blocks.peak).toBe(n + 1);
  });
});

describe('preemption', () => {
  // Two requests on a cache too small for both to finish: 6 blocks of 16 tokens. Each prompt takes
  // 2 blocks, each answer 40 more tokens (3 more blocks): together they need 10.
  const base = {
    block_tokens: 16,
    blocks: 6,
    watermark: 0,
    prompt: { dist: 'fixed', value: 32 },
    output: { dist: 'fixed', value: 41 },
  } as const;
  const twoAtOnce = {
    jobs: 2,
    arrivals: {
      process: 'bursty' as const,
      rate_per_s: 1e6,
      off_rate_per_s: 0,
      on_ms: 1e9,
      off_ms: 1,
    },
  };

  it("by recompute frees the newest request's blocks and computes its tokens again", () => {
    const { engine, sink } = runLlm(llmTestConfig({ ...base, preemption: 'recompute' }, twoAtOnce));
    const s = engine.summary();
    expect(s.ledger.completed).toBe(2);
    expect(s.preemptions).toBeGreaterThan(0);
    const pre = sink.steps.find((st) => st.preempted > 0)!;
    // The step that preempted ran only the older request.
    expect(pre.reqs).toEqual([0]);
    // The newer request's lost KV (its prompt and all but the last token it generated) is computed
    // again in one prefill, with that last token: prompt and generated tokens prefilled again.
    const lost = s.llm!.preemption.recomputed_tokens;
    const after = sink.steps.filter(
      (st) => st.start >= pre.end && st.reqs.includes(1) && st.prefillTokens > 0,
    );
    expect(after[0]!.tokens[after[0]!.reqs.indexOf(1)]).toBe(lost + 1);
    // Its recompute step costs what a prefill of those tokens costs beside the other's decode.
    const r = after[0]!;
    expect(r.end - r.start).toBeCloseTo(roundStepOf(r), 9);
    expect(r.decode.filter((d) => !d)).toHaveLength(1);
    expect(s.llm!.prefill_tokens_computed).toBe(2 * 32 + lost + 1);
    expect(s.llm!.token_ledger.balanced).toBe(true);
    expect(s.tokens!.generated).toBe(82);
  });

  it('by swap copies the blocks out and back at the stated bandwidth, computing nothing again', () => {
    const gbps = 10;
    const { engine, sink } = runLlm(
      llmTestConfig({ ...base, preemption: 'swap', swap_gb_per_s: gbps }, twoAtOnce),
    );
    const s = engine.summary();
    expect(s.ledger.completed).toBe(2);
    expect(s.llm!.preemption.swap).toBeGreaterThan(0);
    expect(s.llm!.preemption.recomputed_tokens).toBe(0);
    expect(s.llm!.prefill_tokens_computed).toBe(64);
    const blockBytes = kvBytesPerToken(MODEL_SHAPES.llama3_8b) * 16;
    const out = sink.steps.find((st) => st.preempted > 0)!;
    // The step that swapped out: one decode of the older request plus the copy of the victim's
    // computed blocks at 10 GB/s (10^7 bytes per ms).
    expect(out.swapBytes % blockBytes).toBe(0);
    const outBlocks = out.swapBytes / blockBytes;
    expect(outBlocks).toBeGreaterThan(0);
    expect(out.reqs).toEqual([0]);
    expect(out.end - out.start).toBeCloseTo(roundStepOf(out) + out.swapBytes / (gbps * 1e6), 9);
    // And back: the step that resumes it pays the same copy again.
    const back = sink.steps.find((st) => st.start >= out.end && st.swapBytes > 0)!;
    expect(back.swapBytes).toBe(out.swapBytes);
    expect(back.end - back.start).toBeCloseTo(roundStepOf(back) + back.swapBytes / (gbps * 1e6), 9);
    // Swapped out, then in: twice the victim's blocks in all.
    expect(s.llm!.preemption.swapped_bytes).toBe(2 * out.swapBytes);
  });
});
