// What a lane needs from where it runs. The lane's logic (lane-service.ts: load, warm up, serve
// runs one at a time, measure around session.run, go down with a reason) is the same in a browser
// lane worker and in a Node worker thread (`npm run validate` drives real lanes headless); only
// these differ: where the runtime and the model files come from, how sample inputs are drawn,
// whether WASM threads are possible, and whether WebGPU exists.
//
// The browser's environment is browser-lane-env.ts (site files verified and cached, samples drawn
// on an OffscreenCanvas); Node's is cli/validate/node-lane-env.ts (files from public/models,
// samples from the bitmap font).

import type { Manifest, ModelEntry } from '../../models/manifest.ts';
import type { RgbaImage } from '../../models/rgba-image.ts';
import type { LaneProvider, LaneRuntimeInfo } from './lane-protocol.ts';
import type { OrtModule, SampleSource } from './session-feeds.ts';
import type { AssetLoad } from './verified-assets.ts';
import type { WebGpuProbe } from './ort-runtime.ts';

/** Progress of one file: 0..1 and what is happening ("fetching", "making weights"). */
export type FileProgress = (fraction: number, doing: string) => void;

/** Where a lane's files come from, checked before they run. */
export interface LaneFiles {
  /** The model manifest the lane serves from. */
  manifest(): Manifest;
  /** Bytes of the runtime `provider` loads (weights the loading progress; 0 when not loaded). */
  runtimeBytes(provider: LaneProvider): number;
  /** A model's ONNX bytes. */
  model(entry: ModelEntry, onProgress: FileProgress): Promise<Uint8Array>;
  /** A text file next to the models (the OCR dictionary). */
  text(file: string): Promise<string>;
  /** Where each file came from so far (reported with the lane's runtime info). */
  loads(): AssetLoad[];
  /** Resolves once every cache write has finished. */
  written(): Promise<void>;
}

export interface LaneEnvironment {
  files: LaneFiles;
  /** ONNX Runtime Web for `provider` with `threads` WASM threads asked for: the module and what
   * is in effect (threads clamp to 1 where SharedArrayBuffer is unavailable). */
  loadRuntime(
    provider: LaneProvider,
    threads: number,
    onProgress: FileProgress,
  ): Promise<{ ort: OrtModule; info: LaneRuntimeInfo }>;
  /** WASM threads are possible here (SharedArrayBuffer available). */
  isolated(): boolean;
  /** Ask for a WebGPU adapter and describe it (or why there is none). */
  probeWebGpu(): Promise<WebGpuProbe>;
  /** The raw samples runs and calibration feed the models. */
  samples(): SampleSource;
  /** `text` as one dark-on-light line (OCR requests). */
  drawLine(text: string): RgbaImage;
  /** A `size` x `size` page holding `text`, optionally upside down (OCR requests). */
  drawPage(text: string, size: number, upsideDown: boolean): RgbaImage;
}
