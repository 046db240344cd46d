// Counts a model's parameters the way PyTorch's `sum(p.numel() for p in model.parameters())`
// does, from the ONNX file alone, so generated and pretrained models are counted alike.
//
// Convention: every float32 tensor stored in the graph (initializers and Constant nodes,
// including those inside If/Loop subgraphs) with rank >= 1, except
//   - BatchNormalization running mean / variance (inputs 3 and 4): buffers, not parameters;
//   - rank-0 scalars (formula constants such as GELU's 0.5 or the attention scale).
// For ResNets this counts conv weights, BN gamma/beta and the fc layer, which is how
// torchvision's 11,689,512 / 25,557,032 are counted. Integer tensors (shapes, indices)
// never count.
import { DataType } from '../../src/models/synthetic/onnx-proto.ts';
import type { OnnxGraph, OnnxModel, OnnxTensor } from '../../src/models/synthetic/onnx-proto.ts';

function elements(t: OnnxTensor): number {
  return (t.dims ?? []).reduce((a, b) => a * b, 1);
}

function collect(graph: OnnxGraph, tensors: Map<string, OnnxTensor>, buffers: Set<string>): void {
  for (const t of graph.initializer ?? []) tensors.set(t.name ?? '', t);
  for (const node of graph.node ?? []) {
    if (node.opType === 'BatchNormalization') {
      for (const name of (node.input ?? []).slice(3, 5)) buffers.add(name);
    }
    for (const attr of node.attribute ?? []) {
      if (node.opType === 'Constant' && attr.t) tensors.set(node.output?.[0] ?? '', attr.t);
      if (attr.g) collect(attr.g, tensors, buffers);
      for (const sub of attr.graphs ?? []) collect(sub, tensors, buffers);
    }
  }
}

const ELEMENT_BYTES: Record<number, number> = {
  [DataType.FLOAT]: 4,
  [DataType.UINT8]: 1,
  [DataType.INT8]: 1,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
  [DataType.BOOL]: 1,
};

/** Bytes of every stored tensor (parameters, BN statistics, constants of any type): what
 * holding the model's weights costs in memory. */
export function weightBytes(model: OnnxModel): number {
  const tensors = new Map<string, OnnxTensor>();
  if (model.graph) collect(model.graph, tensors, new Set());
  let total = 0;
  for (const t of tensors.values()) total += elements(t) * (ELEMENT_BYTES[t.dataType ?? 1] ?? 4);
  return total;
}

/** Parameter count under the convention above. */
export function countParameters(model: OnnxModel): number {
  const tensors = new Map<string, OnnxTensor>();
  const buffers = new Set<string>();
  if (model.graph) collect(model.graph, tensors, buffers);
  let total = 0;
  for (const [name, t] of tensors) {
    if (t.dataType !== DataType.FLOAT || (t.dims ?? []).length === 0 || buffers.has(name)) continue;
    total += elements(t);
  }
  return total;
}
