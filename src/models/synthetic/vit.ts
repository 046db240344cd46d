// ViT-S/16 (timm vit_small_patch16_224: 384 wide, 12 blocks, 6 heads, MLP 1536, class
// token, learned position embedding, pre-norm) as an ONNX graph with seeded synthetic
// weights. Parameter count: 22,050,664, as timm reports.
//
// Ops are limited to ones both onnxruntime-web providers implement: Conv, Reshape,
// Transpose, Shape, Concat, Expand, Add, Mul, Div, LayerNormalization, MatMul, Gather,
// Softmax, Erf, Gemm. GELU is the exact erf formula, which onnxruntime fuses to Gelu.
import { GraphBuilder } from './graph-builder.ts';
import type { OnnxModel } from './onnx-proto.ts';

const DIM = 384;
const DEPTH = 12;
const HEADS = 6;
const HEAD_DIM = DIM / HEADS;
const MLP = 4 * DIM;
const PATCH = 16;
const TOKENS = (224 / PATCH) ** 2 + 1; // 196 patches + class token
/** timm initialises linear layers with trunc_normal(std=0.02). */
const STD = 0.02;

/** Builds the graph: input 'input' [N,3,224,224] float32, output 'logits' [N,1000]. */
export function buildViTS16(seed: number, onWeights?: (bytesMade: number) => void): OnnxModel {
  const g = new GraphBuilder(seed, onWeights);

  const linear = (x: string, name: string, fanIn: number, fanOut: number): string => {
    // Stored as [in, out] (PyTorch's weight transposed) so a plain MatMul applies it.
    const w = g.noise(`${name}.weight_t`, [fanIn, fanOut], STD);
    const b = g.noise(`${name}.bias`, [fanOut], STD);
    return g.op('Add', [g.op('MatMul', [x, w]), b]);
  };
  const layerNorm = (x: string, name: string): string => {
    const w = g.noise(`${name}.weight`, [DIM], 0.02, 1);
    const b = g.noise(`${name}.bias`, [DIM], 0.02);
    return g.op('LayerNormalization', [x, w, b], { axis: -1, epsilon: { float: 1e-6 } });
  };

  // Shared constants (rank 0 or int64: not parameters).
  const scale = g.scalar('const.attn_scale', 1 / Math.sqrt(HEAD_DIM));
  const sqrt2 = g.scalar('const.sqrt2', Math.SQRT2);
  const one = g.scalar('const.one', 1);
  const half = g.scalar('const.half', 0.5);
  const idx = [0, 1, 2].map((i) => g.int64s(`const.index${i}`, [i], []));
  const [i0, i1, i2] = idx as [string, string, string];
  const qkvShape = g.int64s('const.qkv_shape', [0, 0, 3, HEADS, HEAD_DIM]);
  const mergeShape = g.int64s('const.merge_shape', [0, 0, DIM]);

  const image = g.input('input', ['N', 3, 224, 224]);

  // Patch embedding: a 16x16 stride-16 conv, then [N,384,14,14] -> [N,196,384].
  const pw = g.noise(
    'patch_embed.proj.weight',
    [DIM, 3, PATCH, PATCH],
    Math.sqrt(1 / (3 * PATCH * PATCH)),
  );
  const pb = g.noise('patch_embed.proj.bias', [DIM], STD);
  let x = g.op('Conv', [image, pw, pb], { kernel_shape: [PATCH, PATCH], strides: [PATCH, PATCH] });
  x = g.op('Reshape', [x, g.int64s('const.patch_shape', [0, DIM, -1])]);
  x = g.op('Transpose', [x], { perm: [0, 2, 1] });

  // Class token, broadcast to the batch: Expand to [N,1,384] where N comes from the input.
  const batch = g.op('Shape', [image], { start: 0, end: 1 });
  const clsShape = g.op('Concat', [batch, g.int64s('const.cls_tail', [1, DIM])], { axis: 0 });
  const cls = g.op('Expand', [g.noise('cls_token', [1, 1, DIM], STD), clsShape]);
  x = g.op('Concat', [cls, x], { axis: 1 });
  x = g.op('Add', [x, g.noise('pos_embed', [1, TOKENS, DIM], STD)]);

  for (let i = 0; i < DEPTH; i++) {
    const p = `blocks.${i}`;
    // Attention: one fused qkv projection, split by Gather after moving the 3 axis first.
    let h = layerNorm(x, `${p}.norm1`);
    h = linear(h, `${p}.attn.qkv`, DIM, 3 * DIM);
    h = g.op('Reshape', [h, qkvShape]); // [N,197,3,6,64]
    h = g.op('Transpose', [h], { perm: [2, 0, 3, 1, 4] }); // [3,N,6,197,64]
    const q = g.op('Gather', [h, i0], { axis: 0 });
    const k = g.op('Transpose', [g.op('Gather', [h, i1], { axis: 0 })], { perm: [0, 1, 3, 2] });
    const v = g.op('Gather', [h, i2], { axis: 0 });
    const scores = g.op('Mul', [g.op('MatMul', [q, k]), scale]); // [N,6,197,197]
    const attn = g.op('Softmax', [scores], { axis: -1 });
    let o = g.op('MatMul', [attn, v]); // [N,6,197,64]
    o = g.op('Transpose', [o], { perm: [0, 2, 1, 3] });
    o = g.op('Reshape', [o, mergeShape]);
    o = linear(o, `${p}.attn.proj`, DIM, DIM);
    x = g.op('Add', [x, o]);

    // MLP with exact GELU: x * 0.5 * (1 + erf(x / sqrt 2)).
    h = linear(layerNorm(x, `${p}.norm2`), `${p}.mlp.fc1`, DIM, MLP);
    const erf = g.op('Erf', [g.op('Div', [h, sqrt2])]);
    h = g.op('Mul', [g.op('Mul', [h, g.op('Add', [erf, one])]), half]);
    h = linear(h, `${p}.mlp.fc2`, MLP, DIM);
    x = g.op('Add', [x, h]);
  }

  x = layerNorm(x, 'norm');
  const token = g.op('Gather', [x, i0], { axis: 1 }); // class token: [N,384]
  const hw = g.noise('head.weight', [1000, DIM], STD);
  const hb = g.noise('head.bias', [1000], STD);
  g.op('Gemm', [token, hw, hb], { transB: 1 }, 'logits');
  g.output('logits', ['N', 1000]);

  return g.build(
    'vit_s16',
    'ViT-S/16 (timm vit_small_patch16_224 layout), seeded synthetic weights.',
    {
      architecture: 'vit_small_patch16_224',
      weights: 'synthetic',
      seed: String(seed),
    },
  );
}
