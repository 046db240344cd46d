// The run live mode starts with: the current config's scheduler, classes, batching and queue, with
// a light model mix at a modest rate on one GPU-class (WebGPU) and one CPU-class (WASM) lane. Real
// inference is slow next to the simulation's defaults (hundreds of jobs/s on ResNets), and in
// headless Chromium the WebGPU lane runs on SwiftShader, a CPU emulation ~15x slower than WASM.

import type { ConfigInput } from '../../engine/config.ts';
import type { ModelId } from '../../models/manifest.ts';
import type { LiveOptions } from './lane-protocol.ts';

/** Light models: the PP-OCR direction classifier (0.6 MB), Silero VAD (2 MB), ResNet-18 (47 MB). */
export const LIVE_MODELS: Partial<Record<ModelId, number>> = {
  ppocr_cls: 2,
  silero_vad: 2,
  resnet18: 1,
};

export const LIVE_RATE_PER_S = 4;

/** `base` turned into a live-mode run (models, rate and lanes replaced; the rest kept). */
export function liveConfig(base: ConfigInput, ratePerS = LIVE_RATE_PER_S): ConfigInput {
  return {
    ...base,
    arrivals: { process: 'poisson', rate_per_s: ratePerS },
    mix: { interactive_ratio: base.mix?.interactive_ratio ?? 0.5, models: { ...LIVE_MODELS } },
    lanes: [
      { kind: 'gpu', count: 1 },
      { kind: 'cpu', count: 1 },
    ],
    // Service times are measured, not drawn; the profile model is not used in live mode.
    service: { dist: 'deterministic', mean_ms: 10 },
  };
}

/** The default WASM threads per CPU lane: a core left for the page and the engine, at most 4. */
export function defaultLiveThreads(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/** Lane options for the page: `threads` WASM threads per CPU lane (the page's control; clamped to
 * 1 in the lanes without cross-origin isolation), software WebGPU accepted (and labelled as such). */
export function liveOptions(threads = defaultLiveThreads()): LiveOptions {
  return { threadsPerCpuLane: Math.max(1, Math.floor(threads)), allowSoftwareAdapter: true };
}
