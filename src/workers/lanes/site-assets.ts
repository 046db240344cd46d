// What a lane loads besides its code, from the site it was served by: ONNX Runtime's WASM binary,
// the model manifest, the models and the OCR dictionary. Shipped files are gzip copies (expanded
// here with DecompressionStream); the synthetic-weight models and the decoders are made here from
// their seeds by the generator `npm run models` uses. Everything passes VerifiedAssets (size + sha256, cached
// after the first visit) before it reaches ONNX Runtime.

import { files, manifest as builtManifest, type SiteFile } from 'virtual:schedlab-site-files';
import { parseManifest, type Manifest, type ModelEntry } from '../../models/manifest.ts';
import { isSyntheticModel } from '../../models/synthetic/synthetic-ids.ts';
import type { AttentionKind, DecoderId } from '../../models/decoders/decoder-config.ts';
import { decoderFile } from '../../models/decoders/decoder-files.ts';
import type { LaneProvider } from './lane-protocol.ts';
import type { AssetSource, VerifiedAssets } from './verified-assets.ts';

/** Progress of one file: 0..1 and what is happening ("fetching", "making weights"). */
export type FileProgress = (fraction: number, doing: string) => void;

/** The model manifest the site was built with. */
export function siteManifest(): Manifest {
  return parseManifest(builtManifest);
}

/** The ONNX Runtime binary a provider runs: asyncify (WebGPU) or the plain build (WASM). */
export function runtimeFileKey(provider: LaneProvider): string {
  return provider === 'webgpu'
    ? 'runtime/ort-wasm-simd-threaded.asyncify.wasm'
    : 'runtime/ort-wasm-simd-threaded.wasm';
}

/** Expanded size of the runtime binary `provider` loads (for progress over everything). */
export function siteRuntimeBytes(provider: LaneProvider): number {
  return siteFile(runtimeFileKey(provider)).bytes;
}

function siteFile(key: string): SiteFile {
  const file = files[key];
  if (!file) throw new Error(`${key} is not a file of this site`);
  return file;
}

/** Bytes to be expanded: gzip (magic 1f 8b) unless a server already expanded them (a host that
 * sends `Content-Encoding: gzip` for .gz files). */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Fetch a site file's .gz with progress (over the served bytes) and expand it. */
async function fetchSiteFile(key: string, onProgress: FileProgress): Promise<Uint8Array> {
  const file = siteFile(key);
  const url = new URL(file.url, self.location.href);
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`${key}: HTTP ${response.status} ${response.statusText} for ${url.pathname}`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    // A server that expands the .gz sends more bytes than servedBytes: cap the fraction.
    onProgress(Math.min(1, received / Math.max(file.servedBytes, 1)), 'fetching');
  }
  const all = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return gunzip(all);
}

export class SiteAssets {
  constructor(private readonly store: VerifiedAssets) {}

  /** ONNX Runtime's WASM binary for `provider`, verified. */
  runtime(provider: LaneProvider, onProgress: FileProgress): Promise<Uint8Array> {
    const key = runtimeFileKey(provider);
    const file = siteFile(key);
    return this.store.load({ key, bytes: file.bytes, sha256: file.sha256 }, () =>
      fetchSiteFile(key, onProgress),
    );
  }

  /** A model's ONNX bytes, verified against the manifest: made from its seed when its weights
   * are synthetic, else fetched. */
  model(entry: ModelEntry, onProgress: FileProgress): Promise<Uint8Array> {
    const key = `models/${entry.file}`;
    const spec = { key, bytes: entry.bytes, sha256: entry.sha256 };
    const id = entry.id;
    if (isSyntheticModel(id)) {
      const make = async (): Promise<Uint8Array> => {
        // The generator (with its protobuf writer) loads only in lanes that make a model.
        const { makeSyntheticModel } = await import('../../models/synthetic/synthetic-models.ts');
        return makeSyntheticModel(id, entry.bytes, (p) =>
          onProgress(p.fraction, p.phase === 'weights' ? 'making seeded weights' : 'encoding'),
        );
      };
      return this.store.load(spec, make, 'made' satisfies AssetSource);
    }
    return this.store.load(spec, () => fetchSiteFile(key, onProgress));
  }

  /** A decoder's ONNX bytes, made from its seed and verified against decoder-files.json. */
  decoder(id: DecoderId, attention: AttentionKind, onProgress: FileProgress): Promise<Uint8Array> {
    const spec = decoderFile(id, attention);
    const make = async (): Promise<Uint8Array> => {
      const { makeDecoderModel } = await import('../../models/decoders/decoder-models.ts');
      return makeDecoderModel(id, attention, spec.bytes, (p) =>
        onProgress(p.fraction, p.phase === 'weights' ? 'making seeded weights' : 'encoding'),
      );
    };
    return this.store.load(spec, make, 'made' satisfies AssetSource);
  }

  /** A text file next to the models (the OCR dictionary), verified. */
  async text(file: string): Promise<string> {
    const key = `models/${file}`;
    const site = siteFile(key);
    const bytes = await this.store.load({ key, bytes: site.bytes, sha256: site.sha256 }, () =>
      fetchSiteFile(key, () => {}),
    );
    return new TextDecoder().decode(bytes);
  }
}
