// The decoders SchedLab serves, as a table: each one's shape and seed. Their ONNX files are made
// from the seed on the device (the lane worker in the page, `npm run models` and the benchmarks in
// Node) and never shipped: GPT-2 small's graph is 498 MB of seeded noise, the page's whole budget
// is 30 MB. Both sides encode with the same protobuf writer; decoder-files.json records each
// file's size and sha256 as `npm run models` made it, and a lane checks what it made against it.
//
// Pure TypeScript: no DOM, no Node APIs.

import {
  buildDecoder,
  decoderParameters,
  kvBytesPerToken,
  type AttentionKind,
  type DecoderConfig,
} from '../synthetic/decoder.ts';
import type { OnnxModel } from '../synthetic/onnx-proto.ts';
import { encodeWithProgress, type MakeProgress } from '../synthetic/synthetic-models.ts';

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

/** The decoder's graph (`dry`: shapes only, no weights). */
export function buildDecoderModel(
  id: DecoderId,
  attention: AttentionKind,
  options: { onWeights?: (bytes: number) => void; dry?: boolean } = {},
): OnnxModel {
  const m = DECODERS[id];
  return buildDecoder(m.config, m.seed, attention, options);
}

/** The decoder's ONNX file, byte for byte what `npm run models` makes. `expectedBytes` (recorded in
 * decoder-files.json) scales the progress of the weights phase. */
export function makeDecoderModel(
  id: DecoderId,
  attention: AttentionKind,
  expectedBytes: number,
  onProgress: (p: MakeProgress) => void = () => {},
): Uint8Array {
  return encodeWithProgress(
    (onWeights) => buildDecoderModel(id, attention, { onWeights }),
    expectedBytes,
    onProgress,
  );
}

/** Parameters by formula (the graph's count is tested against it). */
export const parametersOf = (id: DecoderId): number => decoderParameters(DECODERS[id].config);
/** Cache bytes per token (keys and values, float32, all layers). */
export const kvBytesPerTokenOf = (id: DecoderId): number => kvBytesPerToken(DECODERS[id].config);
