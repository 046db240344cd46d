// The files the hosted page loads at run time besides its code: ONNX Runtime's WASM binaries and
// the pretrained models (with the OCR dictionary). Each is served gzip-compressed (a .gz beside the
// code, expanded in the lane worker with the browser's DecompressionStream) and described by the
// size and sha256 of its expanded bytes, which the lane checks before it runs anything.
//
// The synthetic-weight models (ResNet-18/50, ViT-S/16) are not files of the site: the lanes make
// them from their seeds (src/models/synthetic/), so `dist/` stays small.
//
// Node only (build time): Vite's plugin (site-files-plugin.ts) turns this table into the module
// `virtual:schedlab-site-files`.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseManifest, type Manifest } from '../../src/models/manifest.ts';
import { isSyntheticModel } from '../../src/models/synthetic/synthetic-ids.ts';

/** ONNX Runtime Web's binaries the lanes use: the plain SIMD+threads build for the WASM (CPU)
 * lanes, the asyncify build (WebGPU provider) for the GPU lane. */
export const RUNTIME_FILES = {
  'ort-wasm-simd-threaded.wasm': 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.asyncify.wasm':
    'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm',
} as const;

export interface PreparedFile {
  /** Key the lanes ask for: `runtime/<file>` or `models/<file>`. */
  key: string;
  /** The .gz to serve, relative to the project root. */
  gz: string;
  /** Expanded size and sha256 (what the lane verifies). */
  bytes: number;
  sha256: string;
  /** Served (compressed) size. */
  servedBytes: number;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Where the compressed copies live between builds (ignored by git). */
export const CACHE_DIR = '.cache/site';

/**
 * Compresses `source` into `.cache/site/<key>.gz` unless an up-to-date copy is there (its
 * `.sha256` marker names the source's hash), and describes it.
 */
function prepare(root: string, key: string, source: Uint8Array): PreparedFile {
  const hash = sha256(source);
  const gz = join(CACHE_DIR, `${key}.gz`);
  const gzPath = join(root, gz);
  const marker = `${gzPath}.sha256`;
  if (!existsSync(gzPath) || !existsSync(marker) || readFileSync(marker, 'utf8') !== hash) {
    mkdirSync(dirname(gzPath), { recursive: true });
    const tmp = `${gzPath}.${process.pid}.tmp`;
    // mtime 0 in the gzip header (zlib writes none): the same input gives the same bytes.
    writeFileSync(tmp, gzipSync(source, { level: 9 }));
    renameSync(tmp, gzPath);
    writeFileSync(marker, hash);
  }
  return {
    key,
    gz,
    bytes: source.byteLength,
    sha256: hash,
    servedBytes: readFileSync(gzPath).byteLength,
  };
}

export function readSiteManifest(root: string): Manifest {
  return parseManifest(JSON.parse(readFileSync(join(root, 'public/models/manifest.json'), 'utf8')));
}

/** Every run-time file of the site, compressed and described. Throws if a model file is missing
 * or differs from the manifest (run `npm run models`). */
export function prepareSiteFiles(root: string): PreparedFile[] {
  const manifest = readSiteManifest(root);
  const out: PreparedFile[] = [];
  for (const [name, path] of Object.entries(RUNTIME_FILES)) {
    out.push(prepare(root, `runtime/${name}`, readFileSync(join(root, path))));
  }
  const shipped = [...manifest.models.filter((m) => !isSyntheticModel(m.id)), ...manifest.files];
  for (const entry of shipped) {
    const path = join(root, 'public/models', entry.file);
    if (!existsSync(path)) throw new Error(`${path} is missing: run npm run models`);
    const bytes = readFileSync(path);
    if (sha256(bytes) !== entry.sha256) {
      throw new Error(`${path} differs from public/models/manifest.json: run npm run models`);
    }
    out.push(prepare(root, `models/${entry.file}`, bytes));
  }
  return out;
}
