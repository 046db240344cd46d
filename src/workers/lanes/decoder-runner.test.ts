// The decoder runner computes what the model computes, however a step is cut: decoding with the KV
// cache gives the logits and greedy tokens of recomputing the whole sequence; a sequence batched
// with others (joining, leaving, beside a prefill chunk) gives what it gives alone; a chunked
// prefill gives what a whole prefill gives; dropping (recompute) or swapping a preempted sequence
// changes nothing it produces; memory is counted in blocks and a step that does not fit is refused
// with nothing changed. Both graphs (standard operators, GroupQueryAttention) of the tiny decoder,
// on onnxruntime-web's WASM backend in Node, the CPU lane's runtime.
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { DECODERS } from '../../models/decoders/decoder-config.ts';
import { makeDecoderModel } from '../../models/decoders/decoder-models.ts';
import type { AttentionKind } from '../../models/decoders/decoder-config.ts';
import {
  DecoderRunner,
  DecoderStepError,
  decoderSessionOptions,
  type DecoderBatching,
  type SeqOutput,
} from './decoder-runner.ts';

const ID = 'decoder_tiny';
const CONFIG = DECODERS[ID].config;
/** Logits agree within this (absolute; the logits are of order 1). */
const TOL = 1e-4;

const sessions = new Map<AttentionKind, ort.InferenceSession>();

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  for (const kind of ['standard', 'gqa'] as const) {
    const bytes = makeDecoderModel(ID, kind, 0);
    sessions.set(
      kind,
      await ort.InferenceSession.create(bytes, decoderSessionOptions('wasm', CONFIG)),
    );
  }
}, 60_000);

function runner(
  kind: AttentionKind,
  batching: DecoderBatching = 'padded',
  numBlocks?: number,
): DecoderRunner {
  return new DecoderRunner({
    Tensor: ort.Tensor,
    session: sessions.get(kind)!,
    config: CONFIG,
    attention: kind,
    batching,
    keepLogits: true,
    ...(numBlocks === undefined ? {} : { numBlocks }),
  });
}

/** A deterministic prompt of `n` token ids. */
const prompt = (n: number, salt: number): number[] =>
  Array.from({ length: n }, (_, i) => (i * 131 + salt * 977 + 7) % CONFIG.vocab);

const maxDiff = (a: Float32Array, b: Float32Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

/** The logits of the whole sequence's last position, recomputed from scratch (no cache). */
async function recompute(kind: AttentionKind, tokens: number[]): Promise<SeqOutput> {
  const r = runner(kind, 'per-sequence');
  const res = await r.step({ seqs: [{ seq: 1, tokens, position: 0 }] });
  r.close();
  return res.outputs[0]!;
}

/** Greedy generation of `steps` tokens for one sequence alone: the tokens and each step's logits. */
async function alone(
  kind: AttentionKind,
  p: number[],
  steps: number,
): Promise<{ tokens: number[]; logits: Float32Array[] }> {
  const r = runner(kind, 'per-sequence');
  const tokens: number[] = [];
  const logits: Float32Array[] = [];
  let res = await r.step({ seqs: [{ seq: 1, tokens: p, position: 0 }] });
  for (let i = 0; ; i++) {
    const o = res.outputs[0]!;
    tokens.push(o.token);
    logits.push(o.logits!);
    if (i + 1 === steps) break;
    res = await r.step({ seqs: [{ seq: 1, tokens: [o.token], position: p.length + i }] });
  }
  r.close();
  return { tokens, logits };
}

describe.each(['standard', 'gqa'] as const)('the %s graph on WASM', (kind) => {
  it('decodes with its KV cache to the logits and greedy tokens of recomputing the whole sequence', async () => {
    const p = prompt(7, 1);
    const { tokens, logits } = await alone(kind, p, 10);
    let worst = 0;
    for (let t = 0; t < tokens.length; t++) {
      const full = await recompute(kind, [...p, ...tokens.slice(0, t)]);
      worst = Math.max(worst, maxDiff(full.logits!, logits[t]!));
      expect(full.token).toBe(tokens[t]);
    }
    console.log(
      `${kind}: KV-cache decode vs recompute, max |logit diff| ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(TOL);
    // Synthetic but not degenerate: the stream is not one token over and over.
    expect(new Set(tokens).size).toBeGreaterThan(1);
  });

  it('gives each sequence in a batch what it gives alone, as sequences join, leave and prefill beside decodes', async () => {
    const prompts = [prompt(3, 2), prompt(12, 3), prompt(30, 4), prompt(1, 5)];
    const steps = 8;
    const solo = await Promise.all(prompts.map((p) => alone(kind, p, steps)));
    const r = runner(kind);
    // Sequence k joins at step 2k (a prefill beside the others' decodes); sequence 1 leaves after
    // 5 tokens, while the others go on.
    const got = prompts.map(() => ({ tokens: [] as number[], logits: [] as Float32Array[] }));
    let worst = 0;
    let mixed = 0;
    for (let step = 0; step < 2 * prompts.length + steps; step++) {
      const seqs = [];
      for (let k = 0; k < prompts.length; k++) {
        const joined = step - 2 * k;
        const made = got[k]!.tokens.length;
        if (joined < 0 || made >= (k === 1 ? 5 : steps)) continue;
        seqs.push(
          made === 0
            ? { seq: k, tokens: prompts[k]!, position: 0 }
            : { seq: k, tokens: [got[k]!.tokens.at(-1)!], position: prompts[k]!.length + made - 1 },
        );
      }
      if (seqs.length === 0) break;
      const res = await r.step({ seqs });
      if (res.runs.some((x) => x.kind === 'prefill') && res.runs.some((x) => x.seqs > 1)) mixed++;
      for (const o of res.outputs) {
        got[o.seq]!.tokens.push(o.token);
        got[o.seq]!.logits.push(o.logits!);
      }
      for (let k = 0; k < prompts.length; k++) {
        if (k === 1 && got[1]!.tokens.length === 5 && r.residence(1) === 'device') r.drop(1);
      }
    }
    for (let k = 0; k < prompts.length; k++) {
      const n = got[k]!.tokens.length;
      expect(got[k]!.tokens).toEqual(solo[k]!.tokens.slice(0, n));
      for (let t = 0; t < n; t++)
        worst = Math.max(worst, maxDiff(got[k]!.logits[t]!, solo[k]!.logits[t]!));
    }
    console.log(`${kind}: batched vs alone, max |logit diff| ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(TOL);
    expect(mixed).toBeGreaterThan(0);
    r.close();
  });

  it('gives after a chunked prefill what it gives after a whole prefill', async () => {
    const p = prompt(40, 6);
    const whole = await alone(kind, p, 4);
    const r = runner(kind);
    const chunks = [p.slice(0, 16), p.slice(16, 32), p.slice(32, 39), p.slice(39)];
    let position = 0;
    let res;
    for (const [i, c] of chunks.entries()) {
      res = await r.step({
        seqs: [{ seq: 9, tokens: c, position, emit: i === chunks.length - 1 }],
      });
      position += c.length;
      expect(res.outputs.length).toBe(i === chunks.length - 1 ? 1 : 0);
    }
    const first = res!.outputs[0]!;
    const diff = maxDiff(first.logits!, whole.logits[0]!);
    console.log(`${kind}: chunked vs whole prefill, max |logit diff| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOL);
    const tokens = [first.token];
    for (let i = 1; i < 4; i++) {
      res = await r.step({ seqs: [{ seq: 9, tokens: [tokens.at(-1)!], position: position++ }] });
      tokens.push(res.outputs[0]!.token);
    }
    expect(tokens).toEqual(whole.tokens);
    r.close();
  });

  it('continues a preempted sequence the same whether its KV was dropped (recompute) or swapped', async () => {
    const pa = prompt(9, 7);
    const pb = prompt(5, 8);
    const solo = await alone(kind, pa, 6);
    for (const how of ['recompute', 'swap'] as const) {
      const r = runner(kind, 'padded', 64);
      let a = (
        await r.step({
          seqs: [
            { seq: 1, tokens: pa, position: 0 },
            { seq: 2, tokens: pb, position: 0 },
          ],
        })
      ).outputs;
      const tokens = [a[0]!.token];
      let b = a[1]!.token;
      for (let i = 1; i < 3; i++) {
        a = (
          await r.step({
            seqs: [
              { seq: 1, tokens: [tokens.at(-1)!], position: pa.length + i - 1 },
              { seq: 2, tokens: [b], position: pb.length + i - 1 },
            ],
          })
        ).outputs;
        tokens.push(a[0]!.token);
        b = a[1]!.token;
      }
      const before = r.usage();
      // Seq 1 holds 9 + 2 tokens, seq 2 5 + 2: one block of 16 each.
      expect(before).toMatchObject({ used: 2, swapped: 0 });
      if (how === 'swap') {
        await r.swapOut(1);
        expect(r.residence(1)).toBe('host');
        expect(r.usage()).toMatchObject({ used: before.used - 1, swapped: 1 });
        // Seq 2 decodes on alone meanwhile.
        b = (await r.step({ seqs: [{ seq: 2, tokens: [b], position: pb.length + 2 }] })).outputs[0]!
          .token;
        r.swapIn(1);
        expect(r.usage().swapped).toBe(0);
      } else {
        r.drop(1);
        expect(r.residence(1)).toBe('none');
        expect(r.position(1)).toBe(0);
        // Recompute: the prompt and the tokens made so far, as one prefill.
        const redo = await r.step({
          seqs: [{ seq: 1, tokens: [...pa, ...tokens.slice(0, -1)], position: 0, emit: false }],
        });
        expect(redo.runs[0]?.kind).toBe('prefill');
      }
      for (let i = 3; i < 6; i++) {
        const out = await r.step({
          seqs: [{ seq: 1, tokens: [tokens.at(-1)!], position: pa.length + i - 1 }],
        });
        tokens.push(out.outputs[0]!.token);
      }
      expect(tokens, how).toEqual(solo.tokens);
      r.close();
    }
  });
});

describe('the decoder runner', () => {
  it('counts KV memory in blocks and refuses a step that does not fit, changing nothing', async () => {
    const r = runner('standard', 'padded', 3);
    const res = await r.step({ seqs: [{ seq: 1, tokens: prompt(17, 1), position: 0 }] });
    expect(res.blocks).toEqual({ blockTokens: 16, capacity: 3, used: 2, free: 1, swapped: 0 });
    const step = r.step({ seqs: [{ seq: 2, tokens: prompt(20, 2), position: 0 }] });
    await expect(step).rejects.toThrow(DecoderStepError);
    await expect(step).rejects.toThrow(/needs 2 more KV blocks of 16 tokens, 1 are free/);
    expect(r.position(2)).toBe(0);
    expect(r.usage().used).toBe(2);
    // The runner still serves: seq 1's 18th token fits in its second block.
    const ok = await r.step({ seqs: [{ seq: 1, tokens: [res.outputs[0]!.token], position: 17 }] });
    expect(ok.blocks.used).toBe(2);
    r.close();
  });

  it('drops a sequence asked for during a step once the step ends, the step unharmed', async () => {
    const r = runner('standard');
    const p = prompt(9, 4);
    const want = await recompute('standard', p);
    // A request ends (or moves off a failed lane) while its lane is mid-step.
    const step = r.step({ seqs: [{ seq: 1, tokens: p, position: 0 }] });
    r.drop(1);
    const res = await step;
    expect(res.outputs[0]!.token).toBe(want.token);
    expect(maxDiff(res.outputs[0]!.logits!, want.logits!)).toBeLessThan(TOL);
    expect(r.position(1)).toBe(0);
    expect(r.usage().used).toBe(0);
    r.close();
  });

  it('names the sequence and field of a bad step and runs nothing', async () => {
    const r = runner('gqa');
    await expect(r.step({ seqs: [] })).rejects.toThrow(/at least one sequence/);
    await expect(r.step({ seqs: [{ seq: 4, tokens: [1], position: 3 }] })).rejects.toThrow(
      /seq 4: position 3, but the cache holds 0/,
    );
    await expect(
      r.step({ seqs: [{ seq: 4, tokens: [CONFIG.vocab], position: 0 }] }),
    ).rejects.toThrow(/token 2048 is outside the vocabulary/);
    await expect(
      r.step({
        seqs: [
          { seq: 4, tokens: [1], position: 0 },
          { seq: 4, tokens: [2], position: 0 },
        ],
      }),
    ).rejects.toThrow(/appears twice/);
    await expect(
      r.step({ seqs: [{ seq: 4, tokens: prompt(1025, 1), position: 0 }] }),
    ).rejects.toThrow(/would reach 1025 tokens; the model has 1024 positions/);
    expect(r.position(4)).toBe(0);
    const fine = await r.step({ seqs: [{ seq: 4, tokens: [1, 2], position: 0 }] });
    expect(fine.outputs.length).toBe(1);
    r.close();
  });

  it('gives the same logits on both graphs, and bit-identical ones for the same seed', async () => {
    const p = prompt(11, 3);
    const s = await alone('standard', p, 5);
    const g = await alone('gqa', p, 5);
    const again = await alone('standard', p, 5);
    expect(g.tokens).toEqual(s.tokens);
    const diff = Math.max(...s.logits.map((l, i) => maxDiff(l, g.logits[i]!)));
    console.log(`standard vs gqa graph on WASM: max |logit diff| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOL);
    expect(again.logits.map((l) => Array.from(l))).toEqual(s.logits.map((l) => Array.from(l)));
  });
});
