// The decoders SchedLab serves, as data: each one's shape and seed, the names of its graph's
// inputs and outputs, and what its shape costs (parameters, KV bytes per token). Light on purpose:
// the runner, the lanes and the UI import it without the generator (src/models/synthetic/decoder.ts
// and its protobuf writer), which loads only where a file is made.
//
// Pure TypeScript: no DOM, no Node APIs.

/** The shape of a decoder. GPT-2 small: 12 layers, d_model 768, 12 heads, vocab 50257, 1024
 * positions (124,439,808 parameters, embeddings tied). */
export interface DecoderConfig {
  layers: number;
  dModel: number;
  heads: number;
  vocab: number;
  maxPositions: number;
}

export type AttentionKind = 'standard' | 'gqa';
export const ATTENTION_KINDS: readonly AttentionKind[] = ['standard', 'gqa'];

/** Names of the graph's inputs and outputs (the transformers.js / Optimum layout). */
export const pastKey = (layer: number): string => `past_key_values.${layer}.key`;
export const pastValue = (layer: number): string => `past_key_values.${layer}.value`;
export const presentKey = (layer: number): string => `present.${layer}.key`;
export const presentValue = (layer: number): string => `present.${layer}.value`;

export const headSize = (c: DecoderConfig): number => c.dModel / c.heads;

/**
 * Parameters of the architecture by formula (PyTorch's count, embeddings tied): per layer two
 * LayerNorms (4d), the qkv projection (3d^2 + 3d), the output projection (d^2 + d) and the MLP
 * (8d^2 + 5d); token and position embeddings; the final LayerNorm. The graph's own count
 * (scripts/models/count-parameters.ts) is tested against it.
 */
export function decoderParameters(c: DecoderConfig): number {
  const d = c.dModel;
  return c.layers * (12 * d * d + 13 * d) + (c.vocab + c.maxPositions) * d + 2 * d;
}

/** Bytes of keys and values one token holds in the cache (float32, every layer). */
export const kvBytesPerToken = (c: DecoderConfig): number => 2 * c.layers * c.dModel * 4;

export const DECODER_IDS = ['decoder_tiny', 'gpt2_small'] as const;
export type DecoderId = (typeof DECODER_IDS)[number];

export function isDecoderId(id: string): id is DecoderId {
  return (DECODER_IDS as readonly string[]).includes(id);
}

export interface DecoderModel {
  name: string;
  /** What it is for, in a sentence a user reads. */
  description: string;
  config: DecoderConfig;
  /** Every weight's stream derives from this seed and the weight's name. */
  seed: number;
}

export const DECODERS: Record<DecoderId, DecoderModel> = {
  decoder_tiny: {
    name: 'Tiny decoder',
    description:
      '4 layers, d_model 256, 8 heads, 2048-word vocabulary (3.9 M parameters): answers quickly on a WASM lane, for demos.',
    config: { layers: 4, dModel: 256, heads: 8, vocab: 2048, maxPositions: 1024 },
    seed: 4,
  },
  gpt2_small: {
    name: 'GPT-2 small',
    description:
      "GPT-2 small's exact architecture: 12 layers, d_model 768, 12 heads, vocab 50257, 1024 positions (124,439,808 parameters, embeddings tied), so that costs have a real model's shape.",
    config: { layers: 12, dModel: 768, heads: 12, vocab: 50257, maxPositions: 1024 },
    seed: 124,
  },
};

/** Says plainly what a decoder's output is. */
export const SYNTHETIC_DECODER_NOTE =
  'Seeded synthetic weights: the architecture and its costs are real, the words it produces mean nothing.';

/** Parameters by formula (the graph's count is tested against it). */
export const parametersOf = (id: DecoderId): number => decoderParameters(DECODERS[id].config);
/** Cache bytes per token (keys and values, float32, all layers). */
export const kvBytesPerTokenOf = (id: DecoderId): number => kvBytesPerToken(DECODERS[id].config);
