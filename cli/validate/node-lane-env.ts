// A lane's environment in a Node worker thread (`npm run validate`): the same LaneService the
// browser's lane workers run, with the model files read from public/models (checked against the
// manifest's size and sha256 by the same gate, without a cache), ONNX Runtime Web's Node build of
// the WASM backend, and samples drawn with the bitmap font. Node has no WebGPU: a GPU-class lane
// here goes down and says so.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseManifest, type Manifest } from '../../src/models/manifest.ts';
import type { LaneEnvironment } from '../../src/workers/lanes/lane-env.ts';
import type { OrtModule } from '../../src/workers/lanes/session-feeds.ts';
import { noCache, VerifiedAssets } from '../../src/workers/lanes/verified-assets.ts';
import { inProcessOrt } from '../../src/workers/lanes/ort-runtime.ts';
import { bitmapPage, nodeSamples } from '../node-samples.ts';
import { renderText } from '../../scripts/models/bitmap-text.ts';

export const MODELS_DIR = join(import.meta.dirname, '../../public/models');

export function nodeLaneEnv(modelsDir = MODELS_DIR): LaneEnvironment {
  const store = new VerifiedAssets(noCache, (_name, task) => task());
  let manifest: Manifest | undefined;
  const readManifest = (): Manifest =>
    (manifest ??= parseManifest(
      JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8')) as unknown,
    ));
  return {
    files: {
      manifest: readManifest,
      runtimeBytes: () => 0,
      model: (entry) =>
        store.load({ key: `models/${entry.file}`, bytes: entry.bytes, sha256: entry.sha256 }, () =>
          readFile(join(modelsDir, entry.file)).then((b) => new Uint8Array(b)),
        ),
      text: async (file) => readFile(join(modelsDir, file), 'utf8'),
      loads: () => [...store.loads],
      written: () => store.written(),
    },
    async loadRuntime(provider, threads) {
      // onnxruntime-web's Node build: the same WASM binary as the browser's CPU lanes.
      return inProcessOrt(
        (await import('onnxruntime-web')) as unknown as OrtModule,
        provider,
        threads,
      );
    },
    isolated: () => true,
    probeWebGpu: async () => ({
      ok: false,
      reason:
        'Node has no WebGPU: GPU-class lanes run only in the browser (live mode, the load-test panel)',
    }),
    samples: nodeSamples,
    drawLine: (text) => renderText(text),
    drawPage: bitmapPage,
  };
}
