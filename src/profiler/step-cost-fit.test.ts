import { describe, expect, it } from 'vitest';
import { StepBatch } from '../engine/llm/step-batch.ts';
import { StepCostModel, type CostCoefficients } from '../engine/llm/cost-model.ts';
import { fitStepCost, loadOfRows, predictStep, type StepRow } from './step-cost-fit.ts';

const TRUE: CostCoefficients = {
  step_ms: 2,
  prefill_token_ms: 0.3,
  attention_ms: 40,
  decode_seq_ms: 0.8,
  kv_read_ms: 5,
};

/** Designed shapes: decodes at contexts, prefill chunks after pasts, and both in one step. */
function shapes(): StepRow[][] {
  const out: StepRow[][] = [];
  for (const b of [1, 2, 4, 8])
    for (const ctx of [16, 64, 256])
      out.push(Array.from({ length: b }, () => ({ tokens: 1, cached: ctx, decode: true })));
  for (const n of [8, 32, 128])
    for (const past of [0, 64]) out.push([{ tokens: n, cached: past, decode: false }]);
  out.push([
    ...Array.from({ length: 4 }, () => ({ tokens: 1, cached: 64, decode: true })),
    { tokens: 32, cached: 0, decode: false },
  ]);
  return out;
}

describe('the step cost fit', () => {
  it('counts a step as the engine counts it and predicts what the engine prices', () => {
    const rows: StepRow[] = [
      { tokens: 1, cached: 40, decode: true },
      { tokens: 1, cached: 7, decode: true },
      { tokens: 24, cached: 16, decode: false },
    ];
    const batch = new StepBatch(8);
    batch.reset(0);
    rows.forEach((r, i) => batch.add(i, i, r.tokens, r.cached, true, r.decode));
    const load = loadOfRows(rows);
    expect(load).toEqual({
      prefillTokens: batch.prefillTokens,
      attentionWork: batch.attentionWork,
      decodeSeqs: batch.decodeSeqs,
      kvRead: batch.kvRead,
    });
    expect(predictStep(TRUE, load)).toBeCloseTo(new StepCostModel(TRUE, 1).duration(batch), 9);
  });

  it('recovers known coefficients from exact steps, with R² 1', () => {
    const samples = shapes().map((rows) => {
      const load = loadOfRows(rows);
      return { load, ms: predictStep(TRUE, load) };
    });
    const fit = fitStepCost(samples);
    for (const [k, v] of Object.entries(TRUE)) {
      expect(fit.coefficients[k as keyof CostCoefficients]).toBeCloseTo(v, 6);
    }
    expect(fit.r2).toBeCloseTo(1, 9);
    expect(fit.clamped).toEqual([]);
  });

  it('keeps every coefficient at or above zero, naming the terms it fixed at 0', () => {
    // Steps whose time falls with KV read: a free fit would make kv_read_ms negative.
    const samples = shapes().map((rows) => {
      const load = loadOfRows(rows);
      return { load, ms: predictStep({ ...TRUE, kv_read_ms: 0 }, load) - 0.002 * load.kvRead };
    });
    const fit = fitStepCost(samples);
    expect(fit.clamped).toContain('kv_read_ms');
    expect(fit.coefficients.kv_read_ms).toBe(0);
    for (const v of Object.values(fit.coefficients)) expect(v).toBeGreaterThanOrEqual(0);
    expect(fit.r2).toBeLessThan(1);
  });

  it('names the terms the steps cannot identify, and refuses too few steps', () => {
    const decodesOnly = shapes()
      .slice(0, 12)
      .map((rows) => {
        const load = loadOfRows(rows);
        return { load, ms: predictStep(TRUE, load) };
      });
    const fit = fitStepCost(decodesOnly);
    expect(fit.unidentified).toEqual(['prefill_token_ms', 'attention_ms']);
    expect(fit.coefficients.decode_seq_ms).toBeCloseTo(TRUE.decode_seq_ms, 6);
    expect(() => fitStepCost(decodesOnly.slice(0, 3))).toThrow(/at least 5 measured steps/);
  });
});
