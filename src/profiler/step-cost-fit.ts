// Fitting the LLM step cost model (src/engine/llm/cost-model.ts) to measured steps: each measured
// step's load (prefill tokens, prefill attention work, decoding sequences, KV tokens read; counted
// the way the engine's StepBatch counts them) against its measured duration, least squares on
//
//   ms = step_ms + prefill_token_ms x prefill + attention_ms x work / 1e6
//        + decode_seq_ms x decodes + kv_read_ms x kvRead / 1e3
//
// The coefficients are costs and the config refuses negative ones, so the fit is non-negative:
// a term whose unconstrained estimate goes below zero is fixed at 0 and the rest refitted (an
// active-set pass, enough for five terms). The fit reports R², residuals and the points of a
// predicted-against-measured plot, so a calibration can be judged before it is used.
// Pure: decoder lanes measure (src/workers/lanes/decoder-calibration.ts), this only fits.

import { COST_TERMS, type CostCoefficients, type StepLoad } from '../engine/llm/cost-model.ts';

/** One measured step: its load and its wall time. */
export interface StepSample {
  load: Omit<StepLoad, 'swapBytes'>;
  ms: number;
}

/** One sequence of a step: tokens it computes and tokens it held before (as StepBatch rows). */
export interface StepRow {
  tokens: number;
  cached: number;
  /** A decode (one token, sampled last step); otherwise a prompt chunk or a recompute. */
  decode: boolean;
}

/** A step's load from its rows, summed exactly as StepBatch.add sums them. */
export function loadOfRows(rows: readonly StepRow[]): Omit<StepLoad, 'swapBytes'> {
  const load = { prefillTokens: 0, attentionWork: 0, decodeSeqs: 0, kvRead: 0 };
  for (const r of rows) {
    if (r.decode) {
      load.decodeSeqs++;
      load.kvRead += r.cached + 1;
    } else {
      load.prefillTokens += r.tokens;
      load.attentionWork += r.tokens * (r.cached + (r.tokens + 1) / 2);
    }
  }
  return load;
}

/** The regressors of a load, in COST_TERMS order. */
export function regressors(l: Omit<StepLoad, 'swapBytes'>): number[] {
  return [1, l.prefillTokens, l.attentionWork * 1e-6, l.decodeSeqs, l.kvRead * 1e-3];
}

/** A step's predicted duration under `c` (StepCostModel.duration without swaps or speed). */
export function predictStep(c: CostCoefficients, l: Omit<StepLoad, 'swapBytes'>): number {
  const x = regressors(l);
  return COST_TERMS.reduce((sum, t, i) => sum + c[t] * x[i]!, 0);
}

export interface StepCostFit {
  coefficients: CostCoefficients;
  /** Coefficient of determination over the samples. */
  r2: number;
  /** Root mean square and largest absolute residual, ms. */
  rmseMs: number;
  maxAbsResidualMs: number;
  /** Median |residual| / measured, percent. */
  medianAbsErrorPct: number;
  /** Terms fixed at 0 because their free estimate was negative. */
  clamped: string[];
  /** Terms the samples cannot tell apart from the others (no variation): left at 0. */
  unidentified: string[];
  /** Each sample's measured and predicted ms (the plot's points). */
  points: { measured: number; predicted: number }[];
}

/** Solves the normal equations for the columns in `active` (Gaussian elimination, pivoting);
 * undefined when they are singular. */
function leastSquares(X: number[][], y: number[], active: number[]): number[] | undefined {
  const k = active.length;
  const A = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let r = 0; r < X.length; r++) {
    for (let i = 0; i < k; i++) {
      const xi = X[r]![active[i]!]!;
      for (let j = 0; j < k; j++) A[i]![j]! += xi * X[r]![active[j]!]!;
      A[i]![k]! += xi * y[r]!;
    }
  }
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    const scale = Math.max(...A.map((row) => Math.abs(row[c]!)), 1e-300);
    if (Math.abs(A[p]![c]!) < 1e-12 * scale) return undefined;
    [A[c], A[p]] = [A[p]!, A[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let j = c; j <= k; j++) A[r]![j]! -= f * A[c]![j]!;
    }
  }
  return A.map((row, i) => row[k]! / row[i]!);
}

/** Fits the five coefficients to `samples` (at least as many as terms that vary). */
export function fitStepCost(samples: readonly StepSample[]): StepCostFit {
  if (samples.length < COST_TERMS.length) {
    throw new Error(
      `a step-cost fit needs at least ${COST_TERMS.length} measured steps, got ${samples.length}`,
    );
  }
  const X = samples.map((s) => regressors(s.load));
  const y = samples.map((s) => s.ms);
  // A term whose regressor never varies from 0 cannot be estimated (for example attention work
  // when no step prefilled): it stays 0 and is named.
  const unidentified: string[] = [];
  let active = COST_TERMS.map((_, i) => i).filter((i) => {
    if (i === 0 || X.some((x) => x[i] !== 0)) return true;
    unidentified.push(COST_TERMS[i]!);
    return false;
  });
  const clamped: string[] = [];
  let beta: number[] = [];
  for (;;) {
    const b = leastSquares(X, y, active);
    if (!b) throw new Error('the measured steps cannot separate the cost terms (singular design)');
    const worst = b.reduce((w, v, i) => (v < (b[w] ?? 0) ? i : w), -1);
    if (worst < 0 || b[worst]! >= 0) {
      beta = b;
      break;
    }
    clamped.push(COST_TERMS[active[worst]!]!);
    active = active.filter((_, i) => i !== worst);
  }
  const full = new Array<number>(COST_TERMS.length).fill(0);
  active.forEach((col, i) => (full[col] = beta[i]!));
  const coefficients = Object.fromEntries(
    COST_TERMS.map((t, i) => [t, full[i]!]),
  ) as unknown as CostCoefficients;
  const points = samples.map((s) => ({
    measured: s.ms,
    predicted: predictStep(coefficients, s.load),
  }));
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let ssRes = 0;
  let ssTot = 0;
  let maxAbs = 0;
  const rel: number[] = [];
  for (const p of points) {
    const r = p.measured - p.predicted;
    ssRes += r * r;
    ssTot += (p.measured - mean) ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(r));
    rel.push(p.measured > 0 ? (Math.abs(r) / p.measured) * 100 : 0);
  }
  rel.sort((a, b) => a - b);
  return {
    coefficients,
    r2: ssTot > 0 ? 1 - ssRes / ssTot : 1,
    rmseMs: Math.sqrt(ssRes / points.length),
    maxAbsResidualMs: maxAbs,
    medianAbsErrorPct: rel[Math.floor(rel.length / 2)]!,
    clamped,
    unidentified,
    points,
  };
}
