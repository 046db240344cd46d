// One step of a decoder lane, as data: what a step asks for (sequences, their new tokens and
// positions), what it returns (the next token of each emitting sequence, and every session.run
// with what it computed and how long it took, for cost models), the check that refuses a bad
// step before anything runs, and the session options a decoder runs with. decoder-runner.ts
// executes steps; the types cross the lane worker's comlink boundary as plain data.

import type * as OrtWeb from 'onnxruntime-web';
import {
  presentKey,
  presentValue,
  type DecoderConfig,
} from '../../models/decoders/decoder-config.ts';
import type { BlockUsage, KvBlocks, SeqId } from './kv-blocks.ts';

type Tensor = OrtWeb.Tensor;
export type Feeds = Record<string, Tensor>;

/** The slice of an InferenceSession the runner uses (onnxruntime-web's, or -node's). */
export interface DecoderSession {
  run(feeds: Feeds): Promise<Record<string, Tensor>>;
}

/** How a step's decoding sequences run: one padded batch, or one run each. */
export type DecoderBatching = 'padded' | 'per-sequence';
export const BATCHINGS: readonly DecoderBatching[] = ['padded', 'per-sequence'];

/** One sequence's part of a step. */
export interface SeqStep {
  seq: SeqId;
  /** Token ids the step feeds: one for a decode, several for a prompt or a chunk of one. */
  tokens: number[];
  /** Tokens the sequence already has in the cache (0 for a new or dropped one): checked. */
  position: number;
  /** Return the next token after these (default true; false for a prefill chunk before the
   * last, as vLLM samples no token there). */
  emit?: boolean;
}

export interface StepRequest {
  seqs: SeqStep[];
  /** This step's batching, in place of the runner's (benchmarks compare both on the same
   * sequences; the first step after a change moves KV between the batch and per-sequence
   * tensors). */
  batching?: DecoderBatching;
}

export interface SeqOutput {
  seq: SeqId;
  /** The greedy next token (argmax of the logits; the lowest id on a tie). */
  token: number;
  logits?: Float32Array;
}

/** One session.run of a step, for cost models: what it computed and how long it took. */
export interface StepRun {
  kind: 'decode' | 'prefill';
  seqs: number;
  /** New tokens computed (each sequence's tokens, no padding). */
  newTokens: number;
  /** Cached tokens attended to (no padding). */
  kvTokens: number;
  /** Past width the run read: kvTokens plus padding, per sequence. */
  width: number;
  ms: number;
}

export interface StepResult {
  outputs: SeqOutput[];
  /** Wall time of the whole step: packing, runs, reading the logits. */
  ms: number;
  /** Of which packing and moving KV between tensors. */
  packMs: number;
  runs: StepRun[];
  blocks: BlockUsage;
  /** Where the step left the keys and values it computed: 'gpu-buffer' on a WebGPU lane (they
   * stay on the GPU between steps), 'cpu' on a WASM lane. */
  kvLocation: string;
}

/** A step refused before it changed anything (bad request, no free blocks). */
export class DecoderStepError extends Error {
  override name = 'DecoderStepError';
}

/** Session options for a decoder on `provider`: on WebGPU the present keys and values stay in GPU
 * buffers (fed back as the next past), the logits come back to the CPU. */
export function decoderSessionOptions(
  provider: 'wasm' | 'webgpu',
  config: DecoderConfig,
): OrtWeb.InferenceSession.SessionOptions {
  const options: OrtWeb.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  };
  if (provider === 'webgpu') {
    const where: Record<string, 'gpu-buffer' | 'cpu'> = { logits: 'cpu' };
    for (let i = 0; i < config.layers; i++) {
      where[presentKey(i)] = 'gpu-buffer';
      where[presentValue(i)] = 'gpu-buffer';
    }
    options.preferredOutputLocation = where;
  }
  return options;
}

/** The index of the largest value (the first on a tie). */
export function argmax(x: Float32Array, from = 0, to = x.length): number {
  let best = from;
  for (let i = from + 1; i < to; i++) if (x[i]! > x[best]!) best = i;
  return best - from;
}

/** What a step's check needs to know of a sequence the runner holds. */
export interface HeldSeq {
  /** Tokens in its cache. */
  tokens: number;
  swapped: boolean;
}

/** Refuses a bad step (DecoderStepError naming the sequence and field) before anything runs: no
 * sequences, a sequence twice, a token outside the vocabulary, a position that is not the
 * sequence's cached length, a swapped-out sequence, more tokens than the model has positions, or
 * more KV blocks than are free. */
export function validateStep(
  req: StepRequest,
  config: DecoderConfig,
  held: (seq: SeqId) => HeldSeq | undefined,
  blocks: KvBlocks,
): void {
  if (!Array.isArray(req.seqs) || req.seqs.length === 0) {
    throw new DecoderStepError('a step needs at least one sequence');
  }
  if (req.batching !== undefined && !BATCHINGS.includes(req.batching)) {
    throw new DecoderStepError(`batching must be ${BATCHINGS.join(' or ')}`);
  }
  const seen = new Set<SeqId>();
  for (const s of req.seqs) {
    if (!Number.isSafeInteger(s.seq))
      throw new DecoderStepError(`seq id ${s.seq} is not an integer`);
    if (seen.has(s.seq)) throw new DecoderStepError(`seq ${s.seq} appears twice in one step`);
    seen.add(s.seq);
    if (!Array.isArray(s.tokens) || s.tokens.length === 0) {
      throw new DecoderStepError(`seq ${s.seq}: tokens must hold at least one token id`);
    }
    const bad = s.tokens.find((t) => !Number.isInteger(t) || t < 0 || t >= config.vocab);
    if (bad !== undefined) {
      throw new DecoderStepError(
        `seq ${s.seq}: token ${bad} is outside the vocabulary (0..${config.vocab - 1})`,
      );
    }
    const h = held(s.seq);
    if (h?.swapped) {
      throw new DecoderStepError(`seq ${s.seq} is swapped out: swap it in before it runs`);
    }
    const at = h?.tokens ?? 0;
    if (s.position !== at) {
      throw new DecoderStepError(
        `seq ${s.seq}: position ${s.position}, but the cache holds ${at} of its tokens`,
      );
    }
    if (at + s.tokens.length > config.maxPositions) {
      throw new DecoderStepError(
        `seq ${s.seq} would reach ${at + s.tokens.length} tokens; the model has ${config.maxPositions} positions`,
      );
    }
  }
  const need = blocks.needed(
    req.seqs.map((s) => ({ seq: s.seq, tokens: s.position + s.tokens.length })),
  );
  const { free, blockTokens } = blocks.usage();
  if (need > free) {
    throw new DecoderStepError(
      `the step needs ${need} more KV blocks of ${blockTokens} tokens, ${free} are free: preempt a sequence first`,
    );
  }
}
