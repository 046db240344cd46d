// Seeded random streams. Every source of randomness in a run draws from its own stream, derived
// from the run's seed and a stream name, so that changing one consumer (say, the scheduler) does not
// shift the numbers another sees (the arrival sequence). That is what makes "common random numbers"
// comparisons between schedulers fair, and runs byte-for-byte reproducible.

import { randomLcg } from 'd3-random';

/** A uniform generator on [0, 1). */
export type Uniform = () => number;

/** FNV-1a over the stream name, mixed with the seed: a stable, well-spread per-stream seed. */
function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.imul(seed >>> 16, 0x85ebca6b);
  // d3's LCG takes a seed in [0, 1).
  return (h >>> 0) / 4294967296;
}

/** d3-random's linear congruential generator, seeded per stream. */
export function uniformStream(seed: number, name: string): Uniform {
  return randomLcg(streamSeed(seed, name));
}

/** Standard exponential variate (mean 1). Uses 1 - u so that u = 0 cannot give infinity. */
export function expVariate(u: Uniform): number {
  return -Math.log(1 - u());
}

/** Standard normal variate by Box-Muller (one of the pair; simple and branch-free). */
export function normalVariate(u: Uniform): number {
  const u1 = 1 - u();
  const u2 = u();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Gamma variate with the given shape and mean 1 (Marsaglia and Tsang, 2000). A renewal process with
 * gamma inter-arrivals of shape k has cv = 1 / sqrt(k): k = 1 is Poisson, k < 1 is burstier.
 */
export function gammaVariate(u: Uniform, shape: number): number {
  return standardGamma(u, shape) / shape;
}

/** Gamma(shape, scale 1). For shape < 1 it uses the boost Gamma(shape + 1) x U^(1/shape). */
function standardGamma(u: Uniform, shape: number): number {
  if (shape < 1) return standardGamma(u, shape + 1) * Math.pow(1 - u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalVariate(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
