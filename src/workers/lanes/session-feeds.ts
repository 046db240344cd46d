// Real input tensors for every zoo model at any batch size, and a short reading of the outputs.
// Shared by the lane workers (samples drawn on an OffscreenCanvas) and the Node profiler (samples
// from the bitmap font): both hand over a `SampleSource` and get feeds built the way each model
// expects (src/models/inputs.ts), tiled to the batch size and cached per (model, batch).

import type * as OrtWeb from 'onnxruntime-web';
import type { ModelEntry } from '../../models/manifest.ts';
import {
  ctcGreedyDecode,
  dbBoxes,
  imagenetBatch,
  ocrClsInput,
  ocrDetInput,
  ocrDirection,
  ocrRecInput,
  vadFrames,
  VAD_SAMPLE_RATE,
  type RgbaImage,
  type TensorData,
} from '../../models/inputs.ts';

/** onnxruntime-web's module shape (its /wasm and /webgpu builds export the same API). */
export type OrtModule = typeof OrtWeb;
export type Feeds = Record<string, OrtWeb.Tensor>;

/** One sample of raw input per kind of model. */
export interface SampleSource {
  /** A text line, dark on light (recogniser and direction classifier). */
  line(): RgbaImage;
  /** A page with text on it (detector). */
  page(): RgbaImage;
  /** A photo-like image (image classifiers). */
  photo(): RgbaImage;
  /** 16 kHz mono audio, at least one 512-sample frame. */
  audio(): Float32Array;
}

/** The detector runs on fixed 640x640 inputs so that requests can share a batch. */
export const DET_SIZE = 640;
/** The recogniser's line width in live runs (PaddleOCR's minimum). */
export const REC_WIDTH = 320;

/** Sample data of one model, the tile that a batch repeats. */
function sampleTensor(entry: ModelEntry, samples: SampleSource): TensorData {
  switch (entry.preprocessing.kind) {
    case 'imagenet':
      return imagenetBatch([samples.photo()], entry.preprocessing.mean, entry.preprocessing.std);
    case 'ppocr-det':
      return ocrDetInput(samples.page(), 960, DET_SIZE);
    case 'ppocr-rec':
      return ocrRecInput([samples.line()], REC_WIDTH);
    case 'ppocr-cls':
      return ocrClsInput([samples.line()]);
    case 'vad-frame': {
      const frames = vadFrames(samples.audio());
      const first = frames[Math.min(frames.length - 1, Math.floor(frames.length / 2))];
      if (!first) throw new Error('VAD sample audio has no frame');
      return { data: first, dims: [1, first.length] };
    }
  }
}

/** `tile` repeated `n` times along the batch axis. */
function repeat(tile: TensorData, n: number): TensorData {
  const size = tile.data.length;
  const data = new Float32Array(size * n);
  for (let i = 0; i < n; i++) data.set(tile.data, i * size);
  return { data, dims: [n, ...tile.dims.slice(1)] };
}

/** Builds and caches feeds per (model, batch size). */
export class FeedCache {
  private readonly tiles = new Map<string, TensorData>();
  private readonly feeds = new Map<string, Feeds>();

  constructor(
    private readonly ort: OrtModule,
    private readonly samples: SampleSource,
    /** Feeds kept per model; older batch sizes are dropped first. */
    private readonly keep = 6,
  ) {}

  get(entry: ModelEntry, batch: number): Feeds {
    const key = `${entry.id}:${batch}`;
    const hit = this.feeds.get(key);
    if (hit) return hit;
    let tile = this.tiles.get(entry.id);
    if (!tile) {
      tile = sampleTensor(entry, this.samples);
      this.tiles.set(entry.id, tile);
    }
    const feeds = this.build(entry, tile, batch);
    const ofModel = [...this.feeds.keys()].filter((k) => k.startsWith(`${entry.id}:`));
    if (ofModel.length >= this.keep && ofModel[0] !== undefined) this.feeds.delete(ofModel[0]);
    this.feeds.set(key, feeds);
    return feeds;
  }

  private build(entry: ModelEntry, tile: TensorData, batch: number): Feeds {
    const { Tensor } = this.ort;
    const main = repeat(tile, batch);
    const [first, ...rest] = entry.inputs;
    if (!first) throw new Error(`${entry.id} has no inputs`);
    const feeds: Feeds = { [first.name]: new Tensor('float32', main.data, main.dims) };
    for (const spec of rest) {
      if (spec.dtype === 'int64') {
        // Silero's sample rate input (a scalar).
        feeds[spec.name] = new Tensor('int64', BigInt64Array.of(BigInt(VAD_SAMPLE_RATE)), []);
      } else {
        // A recurrent state ([2, N, 128] for Silero), zero at the start of a stream.
        const dims = spec.shape.map((d) => (d === 'N' ? batch : typeof d === 'number' ? d : 1));
        feeds[spec.name] = new Tensor(
          'float32',
          new Float32Array(dims.reduce((a, b) => a * b, 1)),
          dims,
        );
      }
    }
    return feeds;
  }
}

type OutputMap = Record<string, OrtWeb.Tensor>;

/** A short reading of the first sample's output, to show that the run produced an answer. */
export function readOutput(
  entry: ModelEntry,
  outputs: OutputMap,
  ocrClasses: readonly string[] | undefined,
): string {
  const name = entry.outputs[0]?.name ?? '';
  const out = outputs[name];
  if (!out) return 'no output';
  const data = out.data as Float32Array;
  switch (entry.preprocessing.kind) {
    case 'imagenet': {
      const classes = out.dims[1] ?? 0;
      let best = 0;
      for (let k = 1; k < classes; k++) if ((data[k] ?? 0) > (data[best] ?? 0)) best = k;
      return `class ${best}${entry.pretrained ? '' : ' (synthetic weights)'}`;
    }
    case 'ppocr-det': {
      const h = out.dims[2] ?? 0;
      const w = out.dims[3] ?? 0;
      return `${dbBoxes(data.subarray(0, h * w), w, h).length} text boxes`;
    }
    case 'ppocr-rec': {
      if (!ocrClasses) return 'text (no dictionary)';
      const steps = out.dims[1] ?? 0;
      return `"${ctcGreedyDecode(data, steps, ocrClasses).text}"`;
    }
    case 'ppocr-cls': {
      const d = ocrDirection(data);
      return `${d.angle}° (${d.score.toFixed(2)})`;
    }
    case 'vad-frame':
      return `speech p=${(data[0] ?? 0).toFixed(2)}`;
  }
}
