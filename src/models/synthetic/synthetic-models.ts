// The synthetic-weight models of the zoo (ResNet-18, ResNet-50, ViT-S/16) as one table: which
// builder and which seed make each one. `npm run models` (Node) writes their files from here, and
// the lane workers make the same bytes in the browser at load time, so the hosted page ships their
// graphs as code instead of 240 MB of seeded noise. Both sides encode with the same protobuf
// writer; the manifest's sha256 of each file is checked against what a lane made before it runs.
//
// Pure TypeScript: no DOM, no Node APIs (it runs in a worker and in Node alike).

import { encodeModel, type OnnxModel } from './onnx-proto.ts';
import { buildResNet } from './resnet.ts';
import { buildViTS16 } from './vit.ts';
import type { SyntheticModelId } from './synthetic-ids.ts';

export { isSyntheticModel, type SyntheticModelId } from './synthetic-ids.ts';

/** Reports weight bytes made so far while a model is built. */
export type WeightProgress = (bytesMade: number) => void;

export interface SyntheticModel {
  /** The seed every weight tensor's stream derives from (with the tensor's name). */
  seed: number;
  /** The source file of the architecture, for the manifest's provenance. */
  source: string;
  build(onWeights?: WeightProgress): OnnxModel;
}

export const SYNTHETIC_MODELS = {
  resnet18: {
    seed: 18,
    source: 'src/models/synthetic/resnet.ts',
    build: (onWeights?: WeightProgress) => buildResNet(18, 18, onWeights),
  },
  resnet50: {
    seed: 50,
    source: 'src/models/synthetic/resnet.ts',
    build: (onWeights?: WeightProgress) => buildResNet(50, 50, onWeights),
  },
  vit_s16: {
    seed: 16,
    source: 'src/models/synthetic/vit.ts',
    build: (onWeights?: WeightProgress) => buildViTS16(16, onWeights),
  },
} as const satisfies Record<SyntheticModelId, SyntheticModel>;

/** Phases of making a model's file, with their share of the work (measured: encoding costs about
 * as much as filling the weights). */
export interface MakeProgress {
  phase: 'weights' | 'encoding';
  /** 0..1 over both phases. */
  fraction: number;
}

/**
 * The ONNX file of a synthetic model, byte for byte what `npm run models` writes.
 * `expectedBytes` (the manifest's size of the file) scales the progress of the weights phase.
 */
export function makeSyntheticModel(
  id: SyntheticModelId,
  expectedBytes: number,
  onProgress: (p: MakeProgress) => void = () => {},
): Uint8Array {
  return encodeWithProgress(SYNTHETIC_MODELS[id].build, expectedBytes, onProgress);
}

/** Builds a model (weights, then encoding) and reports both phases as one 0..1 progress. */
export function encodeWithProgress(
  build: (onWeights: WeightProgress) => OnnxModel,
  expectedBytes: number,
  onProgress: (p: MakeProgress) => void = () => {},
): Uint8Array {
  const WEIGHTS_SHARE = 0.5;
  const model = build((made) =>
    onProgress({
      phase: 'weights',
      fraction: WEIGHTS_SHARE * Math.min(1, made / Math.max(1, expectedBytes)),
    }),
  );
  onProgress({ phase: 'encoding', fraction: WEIGHTS_SHARE });
  const bytes = encodeModel(model, expectedBytes);
  onProgress({ phase: 'encoding', fraction: 1 });
  return bytes;
}
