// The mean of replications (one figure per seed) with a 95 % confidence interval: Student's
// t-interval, mean ± t(0.975, n - 1) × sd / √n. Seeds are independent replications and each figure
// (a rate or a percentile over thousands of jobs) is close to normal, which is what the t-interval
// assumes; with few seeds, t rather than the normal quantile keeps the coverage at 95 %.
//
// The t quantile is paired.ts's (the regularized incomplete beta, inverted; exact to ~1e-10 for
// every df), the one compare mode's verdict uses, so sweeps and compare mode agree to the digit.

import { tQuantile } from './paired.ts';

/** Student's t 0.975 quantile with `df` degrees of freedom (df >= 1, integer). */
export function tQuantile975(df: number): number {
  if (!(df >= 1) || !Number.isInteger(df)) return NaN;
  return tQuantile(0.975, df);
}

/** Mean of replications with its 95 % confidence interval; `lo`/`hi` are NaN with one value. */
export interface MeanInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); NaN with one value. */
  sd: number;
  lo: number;
  hi: number;
}

export function meanInterval95(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, lo: NaN, hi: NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n === 1) return { n, mean, sd: NaN, lo: NaN, hi: NaN };
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sd = Math.sqrt(ss / (n - 1));
  const half = tQuantile975(n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, lo: mean - half, hi: mean + half };
}
