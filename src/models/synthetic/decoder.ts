// A decoder-only transformer in GPT-2's layout (learned positions, pre-norm blocks, tanh GELU,
// tied input/output embeddings) as an ONNX graph with seeded synthetic weights, in the input and
// output layout transformers.js and Optimum use for a step with a KV cache:
//
//   input_ids [batch, sequence] int64, attention_mask [batch, total] int64,
//   position_ids [batch, sequence] int64, past_key_values.<i>.key|value [batch, heads, past, head]
//   -> logits [batch, 1, vocab] (the last position of each row only, as vLLM computes them),
//      present.<i>.key|value [batch, heads, present, head]
//
// Two graphs per model share every weight (same names, same seed), differing in attention only:
// - 'standard': opset-17 operators only (the WASM lane). present = Concat(past, new) along the
//   sequence, so a row's new keys land at column `past`; attention_mask says which columns of a
//   row are real (holes allowed) and a causal offset hides later new tokens.
// - 'gqa': onnxruntime's com.microsoft GroupQueryAttention, which ONNX Runtime Web runs on WebGPU
//   with past/present. Its cache is right-padded: a row's keys are its first seqlens_k+1 columns
//   (seqlens_k = sum(attention_mask) - 1), and new keys are written right after its own past.
//   It takes several new tokens only for a batch of one (a prompt or a prefill chunk).
// src/workers/lanes/decoder-batch.ts builds the masks each variant needs.
import {
  headSize,
  pastKey,
  pastValue,
  presentKey,
  presentValue,
  type AttentionKind,
  type DecoderConfig,
} from '../decoders/decoder-config.ts';
import { GraphBuilder, MS_DOMAIN } from './graph-builder.ts';
import { DataType } from './onnx-proto.ts';
import type { OnnxModel } from './onnx-proto.ts';

/**
 * Weight noise (uniform, of these standard deviations). GPT-2's own initialisation (N(0, 0.02),
 * residual projections scaled by 1/sqrt(2 layers), zero biases) makes an untrained model with tied
 * embeddings repeat one token forever: the token just read dominates its own logit. Stronger
 * residual branches and positions keep the stream moving (the tiny decoder makes 13-21 distinct
 * tokens in 40, with the top two logits apart by 4e-4 or more, far above float32 noise).
 */
const WEIGHT_STD = 0.03;
/** Residual projections (attention and MLP c_proj): RESIDUAL_GAIN x WEIGHT_STD / sqrt(2 layers). */
const RESIDUAL_GAIN = 2;
const EMBED_STD = 0.02;
const POSITION_STD = 0.05;
const BIAS_STD = 0.002;

export interface BuildOptions {
  /** Hears the running total of weight bytes made. */
  onWeights?: (bytesMade: number) => void;
  /** Shapes only, no weights (parameter counts and structure checks; never encode it). */
  dry?: boolean;
}

export function buildDecoder(
  c: DecoderConfig,
  seed: number,
  attention: AttentionKind,
  options: BuildOptions = {},
): OnnxModel {
  if (c.dModel % c.heads !== 0) throw new Error('dModel must be a multiple of heads');
  const g = new GraphBuilder(seed, options.onWeights, options.dry === true);
  const d = c.dModel;
  const H = c.heads;
  const D = headSize(c);
  const residualStd = (RESIDUAL_GAIN * WEIGHT_STD) / Math.sqrt(2 * c.layers);

  const linear = (
    x: string,
    name: string,
    fanIn: number,
    fanOut: number,
    std = WEIGHT_STD,
  ): string => {
    // GPT-2's Conv1D stores its weight as [in, out]: a plain MatMul applies it.
    const w = g.noise(`${name}.weight`, [fanIn, fanOut], std);
    const b = g.noise(`${name}.bias`, [fanOut], BIAS_STD);
    return g.op('Add', [g.op('MatMul', [x, w]), b]);
  };
  const layerNorm = (x: string, name: string): string => {
    const w = g.noise(`${name}.weight`, [d], WEIGHT_STD, 1);
    const b = g.noise(`${name}.bias`, [d], WEIGHT_STD);
    return g.op('LayerNormalization', [x, w, b], { axis: -1, epsilon: { float: 1e-5 } });
  };

  // Formula constants (rank 0 or integer: not parameters).
  const half = g.scalar('const.half', 0.5);
  const one = g.scalar('const.one', 1);
  const geluC = g.scalar('const.gelu_c', Math.sqrt(2 / Math.PI));
  const geluK = g.scalar('const.gelu_k', 0.044715);

  const inputIds = g.input('input_ids', ['batch', 'sequence'], 'int64');
  const mask = g.input('attention_mask', ['batch', 'total_sequence'], 'int64');
  const positions = g.input('position_ids', ['batch', 'sequence'], 'int64');

  const wte = g.noise('transformer.wte.weight', [c.vocab, d], EMBED_STD);
  const wpe = g.noise('transformer.wpe.weight', [c.maxPositions, d], POSITION_STD);
  let x = g.op('Add', [
    g.op('Gather', [wte, inputIds], { axis: 0 }),
    g.op('Gather', [wpe, positions], { axis: 0 }),
  ]);

  // Outputs in the transformers.js order: logits first.
  g.output('logits', ['batch', 1, c.vocab]);
  const attend =
    attention === 'standard' ? standardAttention(g, mask, inputIds, H, D) : gqa(g, mask, H);

  for (let i = 0; i < c.layers; i++) {
    const p = `transformer.h.${i}`;
    g.input(pastKey(i), ['batch', H, 'past_sequence', D]);
    g.input(pastValue(i), ['batch', H, 'past_sequence', D]);
    const qkv = linear(layerNorm(x, `${p}.ln_1`), `${p}.attn.c_attn`, d, 3 * d);
    const o = attend(qkv, i);
    x = g.op('Add', [x, linear(o, `${p}.attn.c_proj`, d, d, residualStd)]);

    // MLP with GPT-2's tanh GELU: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
    const h = linear(layerNorm(x, `${p}.ln_2`), `${p}.mlp.c_fc`, d, 4 * d);
    const cube = g.op('Mul', [g.op('Mul', [h, h]), h]);
    const inner = g.op('Mul', [g.op('Add', [h, g.op('Mul', [cube, geluK])]), geluC]);
    const gelu = g.op('Mul', [g.op('Mul', [h, g.op('Add', [g.op('Tanh', [inner]), one])]), half]);
    x = g.op('Add', [x, linear(gelu, `${p}.mlp.c_proj`, 4 * d, d, residualStd)]);
    g.output(presentKey(i), ['batch', H, 'present_sequence', D]);
    g.output(presentValue(i), ['batch', H, 'present_sequence', D]);
  }

  // Only each row's last position gets logits: the final norm, then the tied embedding (Gemm with
  // transB reads wte as stored, so the 38.6 M-float matrix exists once).
  const last = g.op('Slice', [
    x,
    g.int64s('const.last_start', [-1]),
    g.int64s('const.last_end', [1 << 30]),
    g.int64s('const.seq_axis', [1]),
  ]);
  const flat = g.op('Reshape', [
    layerNorm(last, 'transformer.ln_f'),
    g.int64s('const.rows', [-1, d]),
  ]);
  const logits2d = g.op('Gemm', [flat, wte], { transB: 1 });
  g.op('Reshape', [logits2d, g.int64s('const.logits_shape', [-1, 1, c.vocab])], {}, 'logits');

  return g.build(
    `decoder_${attention}`,
    `Decoder-only transformer (GPT-2 layout: ${c.layers} layers, d_model ${d}, ${H} heads, vocab ${c.vocab}), ${attention} attention, seeded synthetic weights.`,
    {
      architecture: 'gpt2',
      attention,
      weights: 'synthetic',
      seed: String(seed),
      config: JSON.stringify(c),
    },
  );
}

/** Multi-head attention from opset-17 operators over Concat(past, new). Returns a function that
 * maps layer i's packed qkv [B,S,3d] to its attention output [B,S,d] and writes present.i. */
function standardAttention(
  g: GraphBuilder,
  mask: string,
  inputIds: string,
  H: number,
  D: number,
): (qkv: string, layer: number) => string {
  // The additive bias [B,1,S,T], made once: 0 where row b's new token s may see column t (the
  // column is real in attention_mask and t <= past + s), -1e9 elsewhere (exp underflows to 0).
  const axis0 = g.int64s('const.axis0', [0]);
  const total = g.op('Squeeze', [g.op('Shape', [mask], { start: 1, end: 2 }), axis0]);
  const seq = g.op('Squeeze', [g.op('Shape', [inputIds], { start: 1, end: 2 }), axis0]);
  const past = g.op('Sub', [total, seq]);
  const step = g.int64s('const.step', [1], []);
  const keyPos = g.op('Range', [g.int64s('const.zero_i64', [0], []), total, step]); // [T]
  const queryPos = g.op('Unsqueeze', [
    g.op('Range', [past, total, step]),
    g.int64s('const.axis1', [1]),
  ]); // [S,1]
  const causal = g.op('LessOrEqual', [keyPos, queryPos]); // [S,T]
  const real = g.op('Unsqueeze', [
    g.op('Cast', [mask], { to: DataType.BOOL }),
    g.int64s('const.axes12', [1, 2]),
  ]); // [B,1,1,T]
  const bias = g.op('Where', [
    g.op('And', [causal, real]),
    g.scalar('const.zero', 0),
    g.scalar('const.masked', -1e9),
  ]);
  const scale = g.scalar('const.attn_scale', 1 / Math.sqrt(D));
  const splitShape = g.int64s('const.qkv_shape', [0, 0, 3, H, D]);
  const mergeShape = g.int64s('const.merge_shape', [0, 0, H * D]);
  const idx = [0, 1, 2].map((i) => g.int64s(`const.index${i}`, [i], []));

  return (qkv, i) => {
    const heads = g.op('Transpose', [g.op('Reshape', [qkv, splitShape])], {
      perm: [2, 0, 3, 1, 4],
    }); // [3,B,H,S,D]
    const [q, k, v] = idx.map((ix) => g.op('Gather', [heads, ix], { axis: 0 })) as [
      string,
      string,
      string,
    ];
    const keys = g.op('Concat', [pastKey(i), k], { axis: 2 }, presentKey(i));
    const values = g.op('Concat', [pastValue(i), v], { axis: 2 }, presentValue(i));
    const kt = g.op('Transpose', [keys], { perm: [0, 1, 3, 2] });
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, kt]), scale]), bias]);
    const probs = g.op('Softmax', [scores], { axis: -1 });
    const o = g.op('Transpose', [g.op('MatMul', [probs, values])], { perm: [0, 2, 1, 3] });
    return g.op('Reshape', [o, mergeShape]);
  };
}

/** onnxruntime's GroupQueryAttention (as many key/value heads as query heads: plain multi-head
 * attention) on the packed qkv, with its right-padded cache. */
function gqa(g: GraphBuilder, mask: string, H: number): (qkv: string, layer: number) => string {
  const seqlensK = g.op(
    'Cast',
    [
      g.op('Sub', [
        g.op('ReduceSum', [mask, g.int64s('const.axis1', [1])], { keepdims: 0 }),
        g.int64s('const.one_i64', [1], []),
      ]),
    ],
    { to: DataType.INT32 },
  );
  const total = g.op('Cast', [g.op('Shape', [mask], { start: 1, end: 2 })], { to: DataType.INT32 });
  return (qkv, i) => {
    const out = `attn_${i}_out`;
    g.contribOp(
      MS_DOMAIN,
      'GroupQueryAttention',
      [qkv, '', '', pastKey(i), pastValue(i), seqlensK, total],
      [out, presentKey(i), presentValue(i)],
      { num_heads: H, kv_num_heads: H },
    );
    return out;
  };
}
