// Seeded pseudo-random numbers for synthetic weights. The generator must write the same
// bytes on every machine (the manifest records each file's sha256), so Math.random is out.

/** A seeded 32-bit PRNG (mulberry32): small, fast and good enough for weight noise. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fills `out` with uniform noise of mean `mean` and standard deviation `std`.
 * A uniform on [-b, b] has variance b^2/3, so b = std * sqrt(3).
 */
export function fillUniform(out: Float32Array, rand: () => number, std: number, mean = 0): void {
  const bound = std * Math.sqrt(3);
  for (let i = 0; i < out.length; i++) out[i] = mean + (2 * rand() - 1) * bound;
}

/**
 * fillUniform(out, mulberry32(seed), std, mean), with the generator inlined: the same numbers in
 * the same order (prng.test.ts checks), several times faster, which matters when a lane makes
 * 25 million weights in the browser.
 */
export function fillUniformSeeded(out: Float32Array, seed: number, std: number, mean = 0): void {
  const bound = std * Math.sqrt(3);
  let a = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = mean + (2 * (((t ^ (t >>> 14)) >>> 0) / 4294967296) - 1) * bound;
  }
}

/** Derives a per-tensor seed from a model seed and a tensor name (FNV-1a), so that
 * adding a tensor does not shift every weight after it. */
export function tensorSeed(modelSeed: number, name: string): number {
  let h = (0x811c9dc5 ^ modelSeed) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
