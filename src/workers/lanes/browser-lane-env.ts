// A lane worker's environment in the browser (and a decoder lane worker's): files from the site it
// was served by (gzip copies expanded, synthetic models and decoders made from their seeds, all
// checked against the build's sha256 and kept in Cache Storage: site-assets.ts,
// verified-assets.ts), ONNX Runtime's WASM binary handed over as bytes (ort-runtime.ts), samples
// drawn on an OffscreenCanvas (canvas-samples.ts).

import { canvasSamples, renderLine, renderPage } from './canvas-samples.ts';
import type { DecoderLaneEnv } from './decoder-lane.ts';
import type { LaneEnvironment } from './lane-env.ts';
import { loadOrt, probeWebGpu } from './ort-runtime.ts';
import { SiteAssets, siteManifest, siteRuntimeBytes } from './site-assets.ts';
import { cacheStorage, noCache, VerifiedAssets } from './verified-assets.ts';

export function browserLaneEnv(): LaneEnvironment {
  // Every file the lane runs passes this check (and its cache).
  const store = new VerifiedAssets(cacheStorage(self.location.origin) ?? noCache);
  const assets = new SiteAssets(store);
  return {
    files: {
      manifest: siteManifest,
      runtimeBytes: siteRuntimeBytes,
      model: (entry, onProgress) => assets.model(entry, onProgress),
      text: (file) => assets.text(file),
      loads: () => [...store.loads],
      written: () => store.written(),
    },
    async loadRuntime(provider, threads, onProgress) {
      const wasm = await assets.runtime(provider, onProgress);
      return loadOrt(provider, threads, wasm);
    },
    isolated: () => self.crossOriginIsolated === true,
    probeWebGpu,
    samples: () => canvasSamples(),
    drawLine: renderLine,
    drawPage: renderPage,
  };
}

/** A decoder lane worker's environment: the same runtime files, the decoder made from its seed. */
export function browserDecoderEnv(): DecoderLaneEnv {
  const store = new VerifiedAssets(cacheStorage(self.location.origin) ?? noCache);
  const assets = new SiteAssets(store);
  return {
    async loadRuntime(provider, threads, onProgress) {
      return loadOrt(provider, threads, await assets.runtime(provider, onProgress));
    },
    isolated: () => self.crossOriginIsolated === true,
    probeWebGpu,
    decoder: (id, attention, onProgress) => assets.decoder(id, attention, onProgress),
    loads: () => [...store.loads],
    written: () => store.written(),
  };
}
