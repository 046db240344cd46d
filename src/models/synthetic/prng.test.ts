// The inlined weight filler draws exactly the numbers of the plain one (the generated models'
// sha256 depend on every bit).
import { describe, expect, it } from 'vitest';
import { fillUniform, fillUniformSeeded, mulberry32, tensorSeed } from './prng.ts';

describe('fillUniformSeeded', () => {
  it.each([
    [0, 0.02, 0],
    [tensorSeed(18, 'layer1.0.conv1.weight'), 0.05, 1],
    [0xffffffff, 1 / Math.sqrt(3 * 512), -0.5],
  ])('equals fillUniform with mulberry32(%i), bit for bit', (seed, std, mean) => {
    const a = new Float32Array(100_003);
    const b = new Float32Array(a.length);
    fillUniform(a, mulberry32(seed), std, mean);
    fillUniformSeeded(b, seed, std, mean);
    expect(new Uint32Array(b.buffer)).toEqual(new Uint32Array(a.buffer));
  });
});
