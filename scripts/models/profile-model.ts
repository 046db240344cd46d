// Measures a model's compute and activation footprint by running it once in
// onnxruntime-node with profiling on and reading the per-node shapes from the profile.
// This works the same for the generated ResNets/ViT and for the pretrained PP-OCR and
// Silero graphs (whose weights sit in Constant nodes and If subgraphs, where a static
// shape pass would need most of ONNX's shape inference).
//
// Conventions (those of fvcore / ptflops / the papers):
//   MACs: Conv = output elements x (Cin/group x kernel area); ConvTranspose = input
//         elements x (Cout/group x kernel area); MatMul and Gemm = output elements x K;
//         LSTM = steps x batch x directions x 4H x (input + H). Element-wise ops, pooling,
//         normalisation and softmax are not counted. FLOPs = 2 x MACs.
//   Activation bytes: peak bytes of live intermediate tensors at batch 1, walking the
//         top-level graph in onnxruntime's execution order; a tensor lives from the node
//         that writes it to the last node that reads it (graph inputs from the start,
//         graph outputs to the end); weights and Constant outputs are not counted. The
//         graph is unfused, so this is a mild upper bound on what a runtime allocates.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { OnnxGraph } from '../../src/models/synthetic/onnx-proto.ts';

export interface ModelProfile {
  macs: number;
  activationBytes: number;
}

interface ProfileEvent {
  cat?: string;
  name?: string;
  args?: {
    op_name?: string;
    input_type_shape?: Record<string, number[]>[];
    output_type_shape?: Record<string, number[]>[];
  };
}

const BYTES: Record<string, number> = { float: 4, int64: 8, int32: 4, bool: 1, uint8: 1, int8: 1 };

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);
const shapeOf = (entry: Record<string, number[]> | undefined): number[] =>
  entry ? (Object.values(entry)[0] ?? []) : [];

/** MACs of one executed node, from its input and output shapes. */
export function nodeMacs(op: string, inputs: number[][], outputs: number[][]): number {
  const x = inputs[0] ?? [];
  const w = inputs[1] ?? [];
  const y = outputs[0] ?? [];
  switch (op) {
    case 'Conv':
      return product(y) * product(w.slice(1));
    case 'ConvTranspose':
      return product(x) * product(w.slice(1));
    case 'MatMul':
      return product(y) * (x[x.length - 1] ?? 0);
    case 'Gemm':
      return product(y) * (product(x) / (y[0] ?? 1));
    case 'LSTM': {
      const [steps = 0, batch = 0, inputSize = 0] = x;
      const [dirs = 0, fourH = 0] = w;
      return steps * batch * dirs * fourH * (inputSize + fourH / 4);
    }
    default:
      return 0;
  }
}

const tensorBytes = (entry: Record<string, number[]>): number => {
  const [type = 'float', dims = []] = Object.entries(entry)[0] ?? [];
  return product(dims) * (BYTES[type] ?? 4);
};

/** Peak live bytes over the execution order (see the convention at the top). */
function peakLiveBytes(
  graph: OnnxGraph,
  order: string[],
  outputBytes: Map<string, number[]>,
  feeds: Record<string, ort.Tensor>,
): number {
  const byName = new Map((graph.node ?? []).map((n) => [n.name ?? '', n]));
  const steps = order.map((name) => byName.get(name)).filter((n) => n !== undefined);
  const lastUse = new Map<string, number>();
  steps.forEach((n, i) => (n.input ?? []).forEach((t) => lastUse.set(t, i)));
  for (const out of graph.output ?? []) lastUse.set(out.name, steps.length);
  const size = new Map<string, number>();
  for (const [name, t] of Object.entries(feeds))
    size.set(name, t.data.length * (BYTES[t.type] ?? 4));
  steps.forEach((n) => {
    if (n.opType === 'Constant') return;
    const bytes = outputBytes.get(n.name ?? '') ?? [];
    (n.output ?? []).forEach((t, j) => size.set(t, bytes[j] ?? 0));
  });
  let live = [...Object.keys(feeds)].reduce((a, t) => a + (size.get(t) ?? 0), 0);
  let peak = live;
  steps.forEach((n, i) => {
    for (const t of n.output ?? []) live += size.get(t) ?? 0;
    peak = Math.max(peak, live);
    for (const t of new Set([...(n.input ?? []), ...(n.output ?? [])])) {
      if ((lastUse.get(t) ?? -1) <= i && size.has(t)) {
        live -= size.get(t) ?? 0;
        size.delete(t);
      }
    }
  });
  return peak;
}

/** Runs `modelPath` once on `feeds` with profiling; `graph` is the decoded top-level graph
 * (for liveness). Returns MACs and peak activation bytes. */
export async function profileModel(
  modelPath: string,
  graph: OnnxGraph,
  feeds: Record<string, ort.Tensor>,
): Promise<ModelProfile> {
  const dir = mkdtempSync(join(tmpdir(), 'schedlab-profile-'));
  try {
    const session = await ort.InferenceSession.create(modelPath, {
      enableProfiling: true,
      profileFilePrefix: join(dir, 'profile'),
      // Unfused graph: the counts describe the network, not onnxruntime's fusions.
      graphOptimizationLevel: 'disabled',
      intraOpNumThreads: 1,
    });
    await session.run(feeds);
    session.endProfiling();
    await session.release();
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    if (!file) throw new Error(`onnxruntime wrote no profile for ${modelPath}`);
    const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProfileEvent[];
    let macs = 0;
    const order: string[] = [];
    const outputBytes = new Map<string, number[]>();
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || !e.args?.op_name) continue;
      const inputs = (e.args.input_type_shape ?? []).map(shapeOf);
      const outputs = (e.args.output_type_shape ?? []).map(shapeOf);
      macs += nodeMacs(e.args.op_name, inputs, outputs);
      const node = e.name.slice(0, -'_kernel_time'.length);
      order.push(node);
      outputBytes.set(node, (e.args.output_type_shape ?? []).map(tensorBytes));
    }
    return { macs, activationBytes: peakLiveBytes(graph, order, outputBytes, feeds) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
