// The step cost model: how long one iteration (a "step") of an LLM replica takes, from what its batch
// holds. One linear form whose terms a practitioner recognises, after BLIS's blackbox step model
// (step = b0 + b1 x prefill tokens + b2 x decode tokens) with the two terms it lacks, attention work
// and KV reads, as Vidur and Inference Lab's roofline make them explicit:
//
//   step_ms = step_ms                                   fixed cost of a step: weights read once, launch
//           + prefill_token_ms  x prefill tokens        the dense layers' FLOPs, per token computed
//           + attention_ms      x attention work / 1e6  prefill attention: per (query x key) pair
//           + decode_seq_ms     x decoding sequences    sampling and per-sequence bookkeeping
//           + kv_read_ms        x KV tokens read / 1e3  decode attention: reading each cached token
//
// where, for a sequence that holds c cached tokens and computes n more this step, attention work is
// n x (c + (n + 1) / 2) (a causal prefill chunk attends to the cache and to its own earlier tokens)
// and a decode (n = 1) reads c + 1 KV tokens. Swap traffic is added at its bandwidth (preemption).
//
// Coefficients come per lane kind and model shape (COEFFICIENTS below, each with where its numbers
// come from) and can be replaced whole or in part from the config (`llm.cost`): a calibration on a
// real decoder lane (live mode) produces exactly a `CostCoefficients` record and drops in there.

import type { StepBatch } from './step-batch.ts';

/** The five coefficients of the step model, in ms (see the file comment for each term's unit). */
export interface CostCoefficients {
  /** Fixed cost of one step, ms. */
  step_ms: number;
  /** Per prompt (or recomputed) token computed, ms. */
  prefill_token_ms: number;
  /** Per million units of prefill attention work (query x key pairs), ms. */
  attention_ms: number;
  /** Per sequence that decodes one token in the step, ms. */
  decode_seq_ms: number;
  /** Per thousand KV-cache tokens read by decoding sequences, ms. */
  kv_read_ms: number;
}

export const COST_TERMS = [
  'step_ms',
  'prefill_token_ms',
  'attention_ms',
  'decode_seq_ms',
  'kv_read_ms',
] as const satisfies readonly (keyof CostCoefficients)[];

/** A decoder's shape: what its costs and its KV cache's size follow from. */
export interface ModelShape {
  /** Parameters (dense). */
  params: number;
  layers: number;
  /** Attention (query) heads and KV heads (grouped-query attention when fewer). */
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Bytes per weight and per KV element (2: bf16/fp16). */
  bytes: number;
  /** Longest context the model serves (prompt + output), tokens. */
  maxContext: number;
}

/** Published architectures (their config.json), for the names `llm.model` takes. */
export const MODEL_SHAPES = {
  /** Llama 3.1 8B: 32 layers, 32 heads, 8 KV heads of 128, 8.03 B parameters. */
  llama3_8b: {
    params: 8.03e9,
    layers: 32,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    bytes: 2,
    maxContext: 131072,
  },
  /** Llama 3 70B: 80 layers, 64 heads, 8 KV heads of 128, 70.6 B parameters. */
  llama3_70b: {
    params: 70.6e9,
    layers: 80,
    heads: 64,
    kvHeads: 8,
    headDim: 128,
    bytes: 2,
    maxContext: 131072,
  },
  /** Qwen2.5 0.5B: 24 layers, 14 heads, 2 KV heads of 64, 0.49 B parameters: CPU-class serving. */
  qwen2_5_0_5b: {
    params: 0.49e9,
    layers: 24,
    heads: 14,
    kvHeads: 2,
    headDim: 64,
    bytes: 2,
    maxContext: 32768,
  },
} as const satisfies Record<string, ModelShape>;

export type ModelShapeName = keyof typeof MODEL_SHAPES;
export const MODEL_SHAPE_NAMES = Object.keys(MODEL_SHAPES) as [ModelShapeName, ...ModelShapeName[]];

/** The hardware a lane kind stands for in the roofline estimate. */
export interface LaneHardware {
  /** Dense bf16 FLOP/s at the peak, and the share of it prefill reaches (model FLOPs utilisation). */
  flops: number;
  mfu: number;
  /** Memory bandwidth, bytes/s, and the share of it decoding reaches. */
  bandwidth: number;
  mbu: number;
  /** Memory for weights and KV cache, bytes, and the share given to them (vLLM's
   * gpu_memory_utilization). */
  memory: number;
  memoryShare: number;
  /** Fixed per-step cost beyond reading the weights (scheduling, kernel launches, sampling), ms. */
  overheadMs: number;
  /** Per decoding sequence (sampling, detokenising), ms. */
  perSeqMs: number;
}

/**
 * Roofline hardware per lane kind. GPU: an H100 SXM (989 TFLOP/s dense bf16 and 3.35 TB/s from
 * NVIDIA's datasheet; 80 GB); 50 % MFU for prefill and 70 % of bandwidth for decode are what vLLM
 * reaches on it in published benchmarks, and the 2 ms step overhead is the CPU-side scheduling and
 * launch time vLLM v1's papers and profiles show. CPU: a 2-socket server CPU with AMX (about
 * 60 TFLOP/s bf16 at the peak, 20 % reached; 8 DDR5 channels a socket, about 600 GB/s in all,
 * 50 % reached; 512 GB). These are estimates to be replaced by a calibration, not measurements.
 */
export const LANE_HARDWARE: Record<'gpu' | 'cpu', LaneHardware> = {
  gpu: {
    flops: 989e12,
    mfu: 0.5,
    bandwidth: 3.35e12,
    mbu: 0.7,
    memory: 80e9,
    memoryShare: 0.9,
    overheadMs: 2,
    perSeqMs: 0.01,
  },
  cpu: {
    flops: 60e12,
    mfu: 0.2,
    bandwidth: 600e9,
    mbu: 0.5,
    memory: 512e9,
    memoryShare: 0.9,
    overheadMs: 5,
    perSeqMs: 0.05,
  },
};

/** KV-cache bytes one token holds: K and V, every layer, every KV head. */
export function kvBytesPerToken(shape: ModelShape): number {
  return 2 * shape.layers * shape.kvHeads * shape.headDim * shape.bytes;
}

/**
 * Roofline coefficients of a model shape on a lane kind's hardware:
 * - step: the weights read once (params x bytes / (bandwidth x mbu)) plus the fixed overhead;
 * - prefill token: 2 x params FLOPs / (flops x mfu);
 * - attention: 4 x layers x heads x headDim FLOPs per query-key pair (QK^T and AV, a multiply-add
 *   each), per million pairs;
 * - decode sequence: the per-sequence overhead;
 * - KV read: kvBytesPerToken / (bandwidth x mbu), per thousand tokens.
 */
export function rooflineCoefficients(shape: ModelShape, hw: LaneHardware): CostCoefficients {
  const bw = hw.bandwidth * hw.mbu;
  const fl = hw.flops * hw.mfu;
  return {
    step_ms: (shape.params * shape.bytes * 1000) / bw + hw.overheadMs,
    prefill_token_ms: (2 * shape.params * 1000) / fl,
    attention_ms: (4 * shape.layers * shape.heads * shape.headDim * 1e6 * 1000) / fl,
    decode_seq_ms: hw.perSeqMs,
    kv_read_ms: (kvBytesPerToken(shape) * 1000 * 1000) / bw,
  };
}

/** KV-cache blocks a lane of this kind holds for the model by default: what memory is left for the
 * cache after the weights, in blocks (as vLLM sizes it from gpu_memory_utilization); 0 when the
 * weights do not fit. */
export function defaultBlocks(shape: ModelShape, hw: LaneHardware, blockTokens: number): number {
  const free = hw.memory * hw.memoryShare - shape.params * shape.bytes;
  return Math.max(0, Math.floor(free / (kvBytesPerToken(shape) * blockTokens)));
}

/** What a step's duration is computed from: the batch's aggregates (StepBatch fills them). */
export interface StepLoad {
  prefillTokens: number;
  attentionWork: number;
  decodeSeqs: number;
  kvRead: number;
  /** Bytes swapped out and in during the step (swap preemption). */
  swapBytes: number;
}

/** A step's duration on one lane: the coefficients in effect there and the swap bandwidth. */
export class StepCostModel {
  constructor(
    readonly coefficients: CostCoefficients,
    /** Host-device copy bandwidth for swapping, bytes per ms. */
    readonly swapBytesPerMs: number,
    /** The lane's speed multiplier (lanes.speed; 1 = the coefficients as they are). */
    readonly speed = 1,
  ) {}

  /** Duration (ms) of a step with this load. */
  duration(load: StepLoad | StepBatch): number {
    const c = this.coefficients;
    const compute =
      c.step_ms +
      c.prefill_token_ms * load.prefillTokens +
      c.attention_ms * load.attentionWork * 1e-6 +
      c.decode_seq_ms * load.decodeSeqs +
      c.kv_read_ms * load.kvRead * 1e-3;
    return compute / this.speed + (load.swapBytes > 0 ? load.swapBytes / this.swapBytesPerMs : 0);
  }
}
