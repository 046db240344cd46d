// Lane options the page starts live mode's lanes with: WASM threads per CPU lane and whether a
// software WebGPU adapter may serve (the engine worker passes them on to its lane workers). What a
// live run serves (rate, models, lanes) is the page's settings, kept within live limits by
// app/config/live-settings.ts.

import type { LiveOptions } from '../../src/workers/protocol.ts';

/** The default WASM threads per CPU lane: a core left for the page and the engine, at most 4. */
export function defaultLiveThreads(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/** Lane options for the page: `threads` WASM threads per CPU lane (the page's control; clamped to
 * 1 in the lanes without cross-origin isolation), software WebGPU accepted (and labelled as such),
 * and a drift probe when the lanes are ready (what "Check the simulation" measures drift from). */
export function liveOptions(threads = defaultLiveThreads()): LiveOptions {
  return {
    threadsPerCpuLane: Math.max(1, Math.floor(threads)),
    allowSoftwareAdapter: true,
    driftProbe: true,
  };
}
