// The decoders' ONNX files (which decoders there are: decoder-config.ts). They are made from the
// seed on the device (the lane worker in the page, `npm run models` and the benchmarks in
// Node) and never shipped: GPT-2 small's graph is 498 MB of seeded noise, the page's whole budget
// is 30 MB. Both sides encode with the same protobuf writer; decoder-files.json records each
// file's size and sha256 as `npm run models` made it, and a lane checks what it made against it.
//
// Pure TypeScript: no DOM, no Node APIs.

import { buildDecoder } from '../synthetic/decoder.ts';
import { DECODERS, type AttentionKind, type DecoderId } from './decoder-config.ts';
import type { OnnxModel } from '../synthetic/onnx-proto.ts';
import { encodeWithProgress, type MakeProgress } from '../synthetic/synthetic-models.ts';

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
