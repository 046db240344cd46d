// The generated zoo models are the networks they claim to be: exact published parameter
// counts, MACs close to the published figures, a free batch dimension, 1000 finite
// logits per sample; and the manifest describes the files actually on disk.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  modelEntry,
  parseManifest,
  type Manifest,
  type ModelId,
} from '../../src/models/manifest.ts';
import { imagenetBatch } from '../../src/models/imagenet-input.ts';
import { createImage } from '../../src/models/rgba-image.ts';
import { countParameters } from './count-parameters.ts';
import { generate, MODELS_DIR } from './generate.ts';
import { decodeModel } from '../../src/models/synthetic/onnx-proto.ts';

let manifest: Manifest;

beforeAll(async () => {
  await generate(false, () => {});
  manifest = parseManifest(JSON.parse(readFileSync(join(MODELS_DIR, 'manifest.json'), 'utf8')));
}, 60_000);

/** A batch of n distinct, deterministic images (gradients), normalised for the model. */
function images(n: number, mean?: number[], std?: number[]): ort.Tensor {
  const batch = Array.from({ length: n }, (_, k) => {
    const img = createImage(224, 224);
    for (let i = 0; i < 224 * 224; i++) {
      img.data[i * 4] = (i * (k + 1)) % 256;
      img.data[i * 4 + 1] = (i >> 8) % 256;
      img.data[i * 4 + 2] = (37 * k + (i % 224)) % 256;
    }
    return img;
  });
  const t = imagenetBatch(batch, mean, std);
  return new ort.Tensor('float32', t.data, t.dims);
}

const CASES: { id: ModelId; parameters: number; batches: number[] }[] = [
  { id: 'resnet18', parameters: 11_689_512, batches: [1, 2] },
  { id: 'resnet50', parameters: 25_557_032, batches: [1] },
  { id: 'vit_s16', parameters: 22_050_664, batches: [1, 2] },
];

describe.each(CASES)('$id', ({ id, parameters, batches }) => {
  it('has exactly the published parameter count, in the file and in the manifest', () => {
    const entry = modelEntry(manifest, id);
    const model = decodeModel(readFileSync(join(MODELS_DIR, entry.file)));
    expect(countParameters(model)).toBe(parameters);
    expect(entry.parameters).toBe(parameters);
  });

  it('costs within 3% of the published MACs per sample', () => {
    const entry = modelEntry(manifest, id);
    expect(entry.publishedMacsPerSample).toBeDefined();
    expect(Math.abs(entry.macsPerSample / (entry.publishedMacsPerSample ?? 1) - 1)).toBeLessThan(
      0.03,
    );
    expect(entry.flopsPerSample).toBe(2 * entry.macsPerSample);
  });

  it.each(batches)('maps a batch of %i images to finite [N,1000] logits', async (n) => {
    const entry = modelEntry(manifest, id);
    const session = await ort.InferenceSession.create(join(MODELS_DIR, entry.file), {
      intraOpNumThreads: 2,
    });
    const out = await session.run({
      input: images(n, entry.preprocessing.mean, entry.preprocessing.std),
    });
    const logits = out['logits'];
    expect(logits?.dims).toEqual([n, 1000]);
    const data = logits?.data as Float32Array;
    expect(data.every(Number.isFinite)).toBe(true);
    // Synthetic but not degenerate: logits vary across classes.
    expect(Math.max(...data) - Math.min(...data)).toBeGreaterThan(1e-3);
    await session.release();
  });
});

describe('manifest', () => {
  it('lists every zoo model once, with the sha256 and size of the file on disk', () => {
    expect(manifest.models.map((m) => m.id).sort()).toEqual([
      'ppocr_cls',
      'ppocr_det',
      'ppocr_rec',
      'resnet18',
      'resnet50',
      'silero_vad',
      'vit_s16',
    ]);
    for (const entry of [...manifest.models, ...manifest.files]) {
      const bytes = readFileSync(join(MODELS_DIR, entry.file));
      expect(bytes.byteLength, entry.file).toBe(entry.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), entry.file).toBe(entry.sha256);
    }
  });

  it('says plainly which weights are synthetic', () => {
    for (const entry of manifest.models) {
      expect(entry.pretrained).toBe(entry.id.startsWith('ppocr') || entry.id === 'silero_vad');
      if (!entry.pretrained)
        expect(entry.provenance.note).toMatch(/latency is real, labels are not/);
    }
  });
});
