// What the built site serves besides its code: ONNX Runtime's two WASM binaries and the pretrained
// models with the OCR dictionary, each a gzip copy that expands to exactly the bytes it is
// described by; never the synthetic-weight models, which the lanes make.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { prepareSiteFiles, readSiteManifest } from './site-files.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('prepareSiteFiles', () => {
  const files = prepareSiteFiles(ROOT);

  it('lists the runtime binaries and the pretrained models, not the synthetic ones', () => {
    expect(files.map((f) => f.key).sort()).toEqual([
      'models/ppocr_cls.onnx',
      'models/ppocr_det.onnx',
      'models/ppocr_keys_v1.txt',
      'models/ppocr_rec.onnx',
      'models/silero_vad.onnx',
      'runtime/ort-wasm-simd-threaded.asyncify.wasm',
      'runtime/ort-wasm-simd-threaded.wasm',
    ]);
  });

  it('describes each by the size and sha256 of what its gzip copy expands to, as in the manifest', () => {
    const manifest = readSiteManifest(ROOT);
    for (const f of files) {
      const gz = readFileSync(join(ROOT, f.gz));
      expect(gz.byteLength, f.key).toBe(f.servedBytes);
      const expanded = gunzipSync(gz);
      expect(expanded.byteLength, f.key).toBe(f.bytes);
      expect(createHash('sha256').update(expanded).digest('hex'), f.key).toBe(f.sha256);
      const entry = [...manifest.models, ...manifest.files].find(
        (m) => `models/${m.file}` === f.key,
      );
      if (f.key.startsWith('models/')) expect(entry?.sha256, f.key).toBe(f.sha256);
    }
    // Compression pays: the two runtimes are about a quarter of their size.
    const runtime = files.filter((f) => f.key.startsWith('runtime/'));
    const ratio =
      runtime.reduce((a, f) => a + f.servedBytes, 0) / runtime.reduce((a, f) => a + f.bytes, 0);
    expect(ratio).toBeLessThan(0.3);
  });
});
