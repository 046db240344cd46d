// The mean of replications (one figure per seed) with a 95 % confidence interval: Student's
// t-interval, mean ± t(0.975, n - 1) × sd / √n. Seeds are independent replications and each figure
// (a rate or a percentile over thousands of jobs) is close to normal, which is what the t-interval
// assumes; with few seeds, t rather than the normal quantile keeps the coverage at 95 %.
//
// t(0.975, df): exact to 9 digits from a table for df <= 30; beyond, the Cornish-Fisher expansion
// in 1/df (Abramowitz & Stegun 26.7.5, four terms), which is within 1e-6 of the exact value there.

/** t(0.975, df) for df = 1..30. */
const T975 = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252,
  2.306004135, 2.262157163, 2.228138852, 2.20098516, 2.17881283, 2.160368656, 2.144786688,
  2.131449546, 2.119905299, 2.109815578, 2.10092204, 2.093024054, 2.085963447, 2.079613845,
  2.073873068, 2.06865761, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142,
  2.045229642, 2.042272456,
];

/** The standard normal's 0.975 quantile. */
const Z975 = 1.959963984540054;

/** Student's t 0.975 quantile with `df` degrees of freedom (df >= 1, integer). */
export function tQuantile975(df: number): number {
  if (!(df >= 1) || !Number.isInteger(df)) return NaN;
  if (df <= T975.length) return T975[df - 1]!;
  const z = Z975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
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
