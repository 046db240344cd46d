// `npm run models`: fills public/models/ with the model zoo and writes its manifest.
// Pretrained models (PP-OCR, Silero VAD) are copied from their npm packages; ResNet-18,
// ResNet-50 and ViT-S/16 are generated with seeded synthetic weights, and so are the decoders
// (decoders.ts: `--gpt2` also writes GPT-2 small's two 498 MB files). Runs before
// `npm run dev` / `npm run build`, so it must be quick when nothing changed: a file whose
// sha256 matches the committed manifest (written by this same GENERATOR_VERSION) is left
// alone, and its measured costs are reused. `--force` rebuilds and re-measures everything.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MANIFEST_FORMAT,
  ManifestSchema,
  type AuxFile,
  type Manifest,
  type ModelEntry,
} from '../../src/models/manifest.ts';
import { countParameters, weightBytes } from './count-parameters.ts';
import { decodeModel, encodeModel, type OnnxModel } from '../../src/models/synthetic/onnx-proto.ts';
import { profileModel } from './profile-model.ts';
import { AUX_FILES, ZOO, type ZooModel } from './zoo.ts';
import { generateDecoders } from './decoders.ts';

/** Bump when any generated graph, weight or measured convention changes. */
export const GENERATOR_VERSION = 1;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MODELS_DIR = join(ROOT, 'public/models');
const MANIFEST_PATH = join(MODELS_DIR, 'manifest.json');

const CONVENTIONS: Manifest['conventions'] = {
  parameters:
    'Float32 tensors stored in the graph (initializers and Constant nodes, subgraphs included) of rank >= 1, excluding BatchNormalization running mean/variance (buffers) and rank-0 formula constants: the same count as PyTorch parameters() (torchvision ResNet-18 11,689,512; ResNet-50 25,557,032; timm ViT-S/16 22,050,664).',
  macs: 'Multiply-accumulates of Conv, ConvTranspose, MatMul, Gemm and LSTM at profileShapes, batch 1, read from an onnxruntime-node profile of the unfused graph; element-wise ops, pooling, normalisation and softmax are not counted. flopsPerSample = 2 x macsPerSample.',
  activationBytes:
    'Peak bytes of live intermediate tensors for one sample at profileShapes, in onnxruntime execution order of the unfused top-level graph, weights excluded (a mild upper bound: runtimes fuse and reuse buffers).',
};

/** Writes via a temporary file and a rename, so a reader (or a second generator running
 * in a parallel test worker) never sees a half-written model. */
function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** Progress output; generate() callers (tests) may silence it. */
let log: (line: string) => void = (line) => console.log(line);

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function readPreviousManifest(): Manifest | undefined {
  if (!existsSync(MANIFEST_PATH)) return undefined;
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')));
    if (parsed.success && parsed.data.generatorVersion === GENERATOR_VERSION) return parsed.data;
  } catch {
    // Unreadable manifest: regenerate everything.
  }
  return undefined;
}

/** sha256 of `path` if it exists, else undefined. */
function fileHash(path: string): string | undefined {
  return existsSync(path) ? sha256(readFileSync(path)) : undefined;
}

interface Placed {
  bytes: number;
  sha256: string;
  /** Decodes the model (only when its costs must be measured). */
  model: () => OnnxModel;
  action: string;
}

/** Makes sure the model file is in public/models and describes it. */
function place(zoo: ZooModel, previous: ModelEntry | undefined, force: boolean): Placed {
  const dest = join(MODELS_DIR, zoo.fields.file);
  if ('copy' in zoo.origin) {
    const source = readFileSync(join(ROOT, zoo.origin.copy));
    const hash = sha256(source);
    const fresh = !force && fileHash(dest) === hash;
    if (!fresh) writeAtomic(dest, source);
    return {
      bytes: source.byteLength,
      sha256: hash,
      model: () => decodeModel(source),
      action: fresh ? 'up to date' : 'copied',
    };
  }
  const onDisk = force ? undefined : fileHash(dest);
  if (previous && onDisk === previous.sha256) {
    return {
      bytes: previous.bytes,
      sha256: previous.sha256,
      model: () => decodeModel(readFileSync(dest)),
      action: 'up to date',
    };
  }
  const model = zoo.origin.build();
  const bytes = encodeModel(model);
  writeAtomic(dest, bytes);
  const hash = sha256(bytes);
  if (previous && previous.sha256 !== hash) {
    console.warn(
      `  warning: ${zoo.fields.file} differs from the manifest's sha256 at the same generator version; bump GENERATOR_VERSION if the graph changed on purpose.`,
    );
  }
  return { bytes: bytes.byteLength, sha256: hash, model: () => model, action: 'generated' };
}

async function entryFor(
  zoo: ZooModel,
  previous: ModelEntry | undefined,
  force: boolean,
): Promise<ModelEntry> {
  const started = performance.now();
  const placed = place(zoo, previous, force);
  let costs: Pick<
    ModelEntry,
    'parameters' | 'macsPerSample' | 'flopsPerSample' | 'weightBytes' | 'activationBytesPerSample'
  >;
  if (previous && !force && previous.sha256 === placed.sha256) {
    costs = previous;
  } else {
    const model = placed.model();
    const profile = await profileModel(
      join(MODELS_DIR, zoo.fields.file),
      model.graph ?? {},
      zoo.feeds(),
    );
    costs = {
      parameters: countParameters(model),
      macsPerSample: profile.macs,
      flopsPerSample: 2 * profile.macs,
      weightBytes: weightBytes(model),
      activationBytesPerSample: profile.activationBytes,
    };
  }
  const ms = (performance.now() - started).toFixed(0);
  log(
    `  ${zoo.fields.id.padEnd(11)} ${placed.action.padEnd(10)} ${(placed.bytes / 1e6).toFixed(1).padStart(6)} MB  ${costs.parameters.toLocaleString('en-US').padStart(11)} params  ${(costs.macsPerSample / 1e9).toFixed(3)} GMACs  ${ms} ms`,
  );
  const f = zoo.fields;
  return {
    id: f.id,
    name: f.name,
    task: f.task,
    file: f.file,
    bytes: placed.bytes,
    sha256: placed.sha256,
    pretrained: f.pretrained,
    parameters: costs.parameters,
    macsPerSample: costs.macsPerSample,
    flopsPerSample: costs.flopsPerSample,
    ...(f.publishedMacsPerSample === undefined
      ? {}
      : { publishedMacsPerSample: f.publishedMacsPerSample }),
    weightBytes: costs.weightBytes,
    activationBytesPerSample: costs.activationBytesPerSample,
    inputs: f.inputs,
    outputs: f.outputs,
    dynamicBatch: f.dynamicBatch,
    profileShapes: f.profileShapes,
    preprocessing: f.preprocessing,
    labels: f.labels,
    provenance: f.provenance,
  };
}

function auxEntry(aux: (typeof AUX_FILES)[number]): AuxFile {
  const source = readFileSync(join(ROOT, aux.copy));
  const hash = sha256(source);
  const dest = join(MODELS_DIR, aux.file);
  if (fileHash(dest) !== hash) writeAtomic(dest, source);
  return { file: aux.file, bytes: source.byteLength, sha256: hash, note: aux.note };
}

export async function generate(
  force = false,
  logLine: (line: string) => void = (line) => console.log(line),
  { gpt2Files = false }: { gpt2Files?: boolean } = {},
): Promise<Manifest> {
  log = logLine;
  mkdirSync(MODELS_DIR, { recursive: true });
  const previous = force ? undefined : readPreviousManifest();
  const models: ModelEntry[] = [];
  for (const zoo of ZOO) {
    models.push(
      await entryFor(
        zoo,
        previous?.models.find((m) => m.id === zoo.fields.id),
        force,
      ),
    );
  }
  const manifest = ManifestSchema.parse({
    format: MANIFEST_FORMAT,
    generatorVersion: GENERATOR_VERSION,
    conventions: CONVENTIONS,
    models,
    files: AUX_FILES.map(auxEntry),
  } satisfies Manifest);
  // Arrays of numbers/strings (shapes, means) on one line: the file is read by people too.
  const text = `${JSON.stringify(manifest, null, 2).replace(/\[\s+([^[\]{}]*?)\s+\]/g, (_, items: string) => `[${items.split(/,\s+/).join(', ')}]`)}\n`;
  if (!existsSync(MANIFEST_PATH) || readFileSync(MANIFEST_PATH, 'utf8') !== text) {
    writeAtomic(MANIFEST_PATH, text);
    log('  wrote public/models/manifest.json');
  }
  generateDecoders({ force, writeAll: gpt2Files, modelsDir: MODELS_DIR, log });
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  console.log('models: public/models/');
  await generate(process.argv.includes('--force'), undefined, {
    gpt2Files: process.argv.includes('--gpt2'),
  });
  console.log(`models: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
