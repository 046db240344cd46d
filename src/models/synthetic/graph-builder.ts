// A small ONNX graph builder for the synthetic zoo models (ResNets, ViT, the decoders). It keeps
// the architecture files readable: each layer is a call that returns its output name, weights
// are seeded noise named like their PyTorch parameters, and the result is an OnnxModel
// ready for encodeModel(). A `dry` builder records every tensor's shape but makes no weights:
// a 124 M-parameter graph's structure (and parameter count) costs milliseconds.
import { AttributeType, DataType } from './onnx-proto.ts';
import type {
  OnnxAttribute,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from './onnx-proto.ts';
import { fillUniformSeeded, tensorSeed } from './prng.ts';

/** ONNX opset the generated graphs target: LayerNormalization needs 17; every op used is
 * implemented by onnxruntime-web's WASM (CPU) and WebGPU (JSEP) execution providers. */
export const OPSET = 17;
/** IR version matching opset 17 (ONNX 1.12). */
export const IR_VERSION = 8;
/** onnxruntime's contrib-op domain (GroupQueryAttention), version 1. */
export const MS_DOMAIN = 'com.microsoft';

/** Element type of a graph input or output. */
export type ElemType = 'float32' | 'int64' | 'int32';
const ELEM_TYPE: Record<ElemType, number> = {
  float32: DataType.FLOAT,
  int64: DataType.INT64,
  int32: DataType.INT32,
};

export type AttrValue = number | number[] | string | { float: number } | { floats: number[] };

/** Dimension of a graph input or output: a number, or a symbolic name such as 'N'. */
export type Dim = number | string;

function attribute(name: string, value: AttrValue): OnnxAttribute {
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (typeof value === 'string') {
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  }
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.FLOATS, floats: value.floats };
}

function valueInfo(name: string, dims: readonly Dim[], elem: ElemType): OnnxValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM_TYPE[elem],
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

function rawFloats(data: Float32Array): Uint8Array {
  // ONNX raw_data is little-endian; so is every platform Node and browsers run on.
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private counter = 0;
  /** Bytes of float32 initializers made so far (for progress while a big model is built). */
  private bytesMade = 0;
  /** Domains of contrib ops used (added to the model's opset imports). */
  private readonly domains = new Set<string>();

  /** `onWeights`, if given, hears the running total of float32 weight bytes after each tensor.
   * `dry`: record initializers' names and shapes with empty data (never encode such a graph). */
  constructor(
    private readonly seed: number,
    private readonly onWeights?: (bytesMade: number) => void,
    private readonly dry = false,
  ) {}

  /** Declares a graph input (float32 unless `elem` says otherwise). */
  input(name: string, dims: readonly Dim[], elem: ElemType = 'float32'): string {
    this.inputs.push(valueInfo(name, dims, elem));
    return name;
  }

  /** Declares a graph output (the tensor named `name` must be produced by a node). */
  output(name: string, dims: readonly Dim[], elem: ElemType = 'float32'): void {
    this.outputs.push(valueInfo(name, dims, elem));
  }

  /** Adds a float32 initializer filled by `fill` (or zeros). */
  floats(name: string, dims: number[], fill?: (data: Float32Array) => void): string {
    const data = new Float32Array(this.dry ? 0 : dims.reduce((a, b) => a * b, 1));
    if (!this.dry) fill?.(data);
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: rawFloats(data) });
    this.bytesMade += data.byteLength;
    this.onWeights?.(this.bytesMade);
    return name;
  }

  /** Adds a float32 initializer of seeded uniform noise with the given mean and std. */
  noise(name: string, dims: number[], std: number, mean = 0): string {
    const seed = tensorSeed(this.seed, name);
    return this.floats(name, dims, (d) => fillUniformSeeded(d, seed, std, mean));
  }

  /** Adds a float32 scalar (rank 0) constant. Rank-0 tensors are not counted as
   * parameters (see countParameters). */
  scalar(name: string, value: number): string {
    return this.floats(name, [], (d) => d.fill(value));
  }

  /** Adds an int64 initializer, e.g. a Reshape target shape or Gather index. */
  int64s(name: string, values: number[], dims: number[] = [values.length]): string {
    this.initializers.push({ name, dims, dataType: DataType.INT64, int64Data: values });
    return name;
  }

  /** Appends a node and returns the name of its (first) output. */
  op(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    outputName?: string,
  ): string {
    const name = `${opType.toLowerCase()}_${this.counter++}`;
    const out = outputName ?? `${name}_out`;
    this.nodes.push({
      name,
      opType,
      input: inputs,
      output: [out],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  /** Appends a node of a contrib `domain` with several named outputs ('' skips an optional
   * input). */
  contribOp(
    domain: string,
    opType: string,
    inputs: string[],
    outputs: string[],
    attrs: Record<string, AttrValue> = {},
  ): void {
    this.domains.add(domain);
    this.nodes.push({
      name: `${opType.toLowerCase()}_${this.counter++}`,
      opType,
      domain,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
  }

  /** Assembles the model. */
  build(graphName: string, docString: string, metadata: Record<string, string>): OnnxModel {
    return {
      irVersion: IR_VERSION,
      opsetImport: [
        { domain: '', version: OPSET },
        ...[...this.domains].map((domain) => ({ domain, version: 1 })),
      ],
      producerName: 'schedlab-model-generator',
      docString,
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    };
  }
}
