// The model zoo manifest (public/models/manifest.json): what each served ONNX model is,
// what it expects, what it costs and where it came from. Written by
// scripts/models/generate.ts, read by the app, the lane workers and the engine (whose
// service-time and memory models use the per-sample costs). Pure data + zod schema: no
// DOM, no Node APIs.
import { z } from 'zod';

/** Bumped when the manifest's shape changes incompatibly. */
export const MANIFEST_FORMAT = 1;

/** Stable model ids, used in configs (`mix.models`), traces and the UI. */
export const MODEL_IDS = [
  'resnet18',
  'resnet50',
  'vit_s16',
  'ppocr_det',
  'ppocr_rec',
  'ppocr_cls',
  'silero_vad',
] as const;
export const ModelIdSchema = z.enum(MODEL_IDS);
export type ModelId = z.infer<typeof ModelIdSchema>;

export const TaskSchema = z.enum([
  'image-classification',
  'text-detection',
  'text-recognition',
  'text-direction',
  'voice-activity',
]);
export type Task = z.infer<typeof TaskSchema>;

/** A tensor's name, element type and shape; string dims are symbolic ('N' = batch). */
export const TensorSpecSchema = z.object({
  name: z.string(),
  dtype: z.enum(['float32', 'int64']),
  shape: z.array(z.union([z.number().int().nonnegative(), z.string()])),
});
export type TensorSpec = z.infer<typeof TensorSpecSchema>;

/** How raw input becomes the input tensor (src/models/inputs.ts implements each kind). */
export const PreprocessingSchema = z.object({
  kind: z.enum(['imagenet', 'ppocr-det', 'ppocr-rec', 'ppocr-cls', 'vad-frame']),
  /** Human-readable recipe, shown in the UI. */
  description: z.string(),
  /** Channel order of the tensor for image models. */
  channelOrder: z.enum(['RGB', 'BGR']).optional(),
  /** Per-channel mean and std applied after scaling pixels to [0,1], in channelOrder. */
  mean: z.array(z.number()).length(3).optional(),
  std: z.array(z.number()).length(3).optional(),
  /** Audio sample rate in Hz for audio models. */
  sampleRate: z.number().int().positive().optional(),
});
export type Preprocessing = z.infer<typeof PreprocessingSchema>;

export const ProvenanceSchema = z.object({
  /** Where the file came from: an npm package path, or the generator. */
  source: z.string(),
  /** The upstream project / paper the weights or architecture belong to. */
  upstream: z.string(),
  licence: z.string(),
  note: z.string(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const ModelEntrySchema = z.object({
  id: ModelIdSchema,
  name: z.string(),
  task: TaskSchema,
  /** File name under public/models/. */
  file: z.string(),
  /** File size in bytes and sha256 (hex), so loaders can verify what they fetched. */
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  inputs: z.array(TensorSpecSchema),
  outputs: z.array(TensorSpecSchema),
  /** True when the leading dim of the main input is a free batch dim (micro-batching works). */
  dynamicBatch: z.boolean(),
  /** Representative per-sample input shapes (batch 1) at which the costs below were measured. */
  profileShapes: z.record(z.string(), z.array(z.number().int().nonnegative())),
  preprocessing: PreprocessingSchema,
  /** Output labels: a dictionary file under public/models/, inline labels, or a note. */
  labels: z.object({
    file: z.string().optional(),
    values: z.array(z.string()).optional(),
    note: z.string(),
  }),
  /** Parameter count (see manifest.conventions.parameters). */
  parameters: z.number().int().nonnegative(),
  /** Multiply-accumulates for one sample at profileShapes (conventions.macs). */
  macsPerSample: z.number().nonnegative(),
  /** FLOPs per sample = 2 x MACs. */
  flopsPerSample: z.number().nonnegative(),
  /** Published MACs per sample for the architecture, where a paper/library states one. */
  publishedMacsPerSample: z.number().nonnegative().optional(),
  /** Bytes of all stored tensors (weights, BN statistics, constants): memory to hold the model. */
  weightBytes: z.number().int().nonnegative(),
  /** Peak live activation bytes for one sample at profileShapes (conventions.activationBytes). */
  activationBytesPerSample: z.number().int().nonnegative(),
  /** True for real trained weights; false for seeded synthetic weights. */
  pretrained: z.boolean(),
  provenance: ProvenanceSchema,
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;

export const AuxFileSchema = z.object({
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  note: z.string(),
});
export type AuxFile = z.infer<typeof AuxFileSchema>;

export const ManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  /** Version of scripts/models/generate.ts that wrote it; bumping it regenerates the files. */
  generatorVersion: z.number().int().positive(),
  /** How parameters, MACs/FLOPs and activation bytes are counted, in words. */
  conventions: z.object({
    parameters: z.string(),
    macs: z.string(),
    activationBytes: z.string(),
  }),
  models: z.array(ModelEntrySchema),
  files: z.array(AuxFileSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** Validates parsed JSON as a manifest; throws a readable error naming the bad field. */
export function parseManifest(json: unknown): Manifest {
  const result = ManifestSchema.safeParse(json);
  if (!result.success) throw new Error(`Invalid model manifest: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** The entry for `id`; throws if the manifest lacks it. */
export function modelEntry(manifest: Manifest, id: ModelId): ModelEntry {
  const entry = manifest.models.find((m) => m.id === id);
  if (!entry) throw new Error(`Model ${id} is not in the manifest`);
  return entry;
}
