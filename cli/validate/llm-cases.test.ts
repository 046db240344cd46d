// validate --llm's comparison, without a decoder: the rows a case gives, their signs and spreads,
// the targets counted only up to 70 % load, and the options refused by name.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import type { CostCoefficients } from '../../src/engine/llm/cost-model.ts';
import type { Summary } from '../../src/engine/summary.ts';
import { OptionError } from '../io/options.ts';
import {
  caseConfig,
  compareCase,
  LLM_METRICS,
  metricOf,
  scaleCoefficients,
  serviceMsAlone,
  type CaseSpec,
} from './llm-cases.ts';
import { parseLlmValidateArgs } from './llm-validate.ts';

const C: CostCoefficients = {
  step_ms: 3,
  prefill_token_ms: 0.2,
  attention_ms: 20,
  decode_seq_ms: 0.5,
  kv_read_ms: 4,
};

const sim = (spec: CaseSpec): Summary => {
  const e = new Engine(caseConfig(spec));
  e.runToEnd();
  return e.summary();
};

const spec = (load: number, cost = C): CaseSpec => ({
  load,
  rate: (load * 1000) / serviceMsAlone(C),
  requests: 120,
  seed: 5,
  scheduler: 'continuous',
  cost,
});

describe('validate --llm cases', () => {
  it('prices one mean request alone as its prefill and its decodes', () => {
    // prompt 32: 3 + 0.2*32 + 20*528/1e6; 15 decodes at context 40: 3 + 0.5 + 4*0.04
    expect(serviceMsAlone(C)).toBeCloseTo(3 + 6.4 + 0.01056 + 15 * (3.5 + 0.16), 9);
  });

  it('finds no error between a twin and itself, and the error of a twin 20 % slower', () => {
    const base = sim(spec(0.5));
    const rows = compareCase(0.5, [base, base], base, base, 0, base);
    expect(rows.length).toBeGreaterThanOrEqual(LLM_METRICS.length * 2);
    for (const r of rows) {
      expect(r.error_pct).toBe(0);
      expect(r.live_spread_pct).toBe(0);
      expect(r.met).toBe(true);
    }
    const slow = sim(spec(0.5, scaleCoefficients(C, 20)));
    const off = compareCase(0.5, [base], slow, base, 20, base);
    const tpot = off.find((r) => r.class === 'all' && r.metric === 'tpot_p50')!;
    expect(tpot.error_pct).toBeGreaterThan(15);
    expect(tpot.met).toBe(false);
    expect(tpot.drift_corrected_error_pct).toBe(0);
    expect(tpot.own_steps_error_pct).toBe(0);
    const tput = off.find((r) => r.metric === 'throughput' && r.class === 'all')!;
    expect(tput.unit).toBe('tokens/s');
    // Targets count only up to 70 % load.
    expect(compareCase(0.85, [base], base, base, 0, base).every((r) => r.met === null)).toBe(true);
  });

  it('corrects each repeat with its own drift: a lane 30 % slow in one repeat only', () => {
    const base = sim(spec(0.5));
    const slow = sim(spec(0.5, scaleCoefficients(C, 30)));
    // Live: repeat 1 at the calibration's speed, repeat 2 30 % slow; the per-case twin (the mean
    // drift, 15 %) misses both, the per-repeat twins are each repeat's own.
    const perCase = sim(spec(0.5, scaleCoefficients(C, 15)));
    const rows = compareCase(0.5, [base, slow], base, perCase, 15, base, [base, slow]);
    const tpot = rows.find((r) => r.class === 'all' && r.metric === 'tpot_p50')!;
    expect(tpot.repeat_errors_pct).toEqual([0, 0]);
    expect(tpot.repeat_corrected_error_pct).toBeCloseTo(0, 9);
    expect(tpot.repeat_corrected_met).toBe(true);
    expect(Math.abs(tpot.error_pct)).toBeGreaterThan(5);
    // Without per-repeat twins the rows say nothing of them.
    expect(compareCase(0.5, [base], base, base, 0, base)[0]).not.toHaveProperty(
      'repeat_corrected_error_pct',
    );
  });

  it('measures the live spread over the repeats, around their median', () => {
    const a = sim(spec(0.3));
    const b = sim({ ...spec(0.3), seed: 6 });
    const rows = compareCase(0.3, [a, b, a], a, a, 0, a);
    const r = rows.find((x) => x.class === 'all' && x.metric === 'e2e_p50')!;
    const va = metricOf(a, 'all', 'e2e_p50')!;
    const vb = metricOf(b, 'all', 'e2e_p50')!;
    expect(r.measured_ms).toBe(va);
    expect(r.live_spread_pct).toBeCloseTo((Math.abs(va - vb) / va) * 100, 9);
  });

  it('refuses bad options by name', () => {
    expect(() => parseLlmValidateArgs(['--llm', '--loads', '0.3,x'])).toThrow(OptionError);
    expect(() => parseLlmValidateArgs(['--llm', '--requests', '5'])).toThrow(/requests/);
    const q = parseLlmValidateArgs(['--llm', '--quick']);
    expect(q).toMatchObject({ requests: 80, repeats: 2, loads: [0.3, 0.5, 0.7] });
  });
});
