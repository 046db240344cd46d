// The driver's side of a decoder lane: a lane worker (lane-worker.ts) driven over comlink on a port
// of its own, serving a DecoderLane: start one, talk to it, stop it. Used by the browser tests and benchmarks today, and by the
// live LLM mode (issue 23's part B) later. Loaded lazily: the page imports it on first use.

import * as Comlink from 'comlink';
import type { DecoderLane, DecoderLaneInit, DecoderLaneReady } from './decoder-lane.ts';

export { checkConsistency, maxLogitDiff, runScript, scriptPrompt } from './decoder-scenarios.ts';
export { shapeRunner } from './decoder-shapes.ts';
export { tokenWord, tokensText } from '../../models/decoders/vocabulary.ts';
export type { ConsistencyReport, ScriptedSeq, ScriptResult } from './decoder-scenarios.ts';

/** A started decoder lane: its API (every call a promise), what it loaded, and how to stop it. */
export interface DecoderLaneHandle {
  lane: Comlink.Remote<DecoderLane>;
  ready: DecoderLaneReady;
  terminate(): void;
}

/** Starts a decoder lane worker and waits until its session is ready; `onProgress` hears the
 * loading (0..1 and what is happening). A lane that cannot start is terminated and its reason
 * thrown. */
export async function startDecoderLane(
  name: string,
  init: DecoderLaneInit,
  onProgress?: (fraction: number, detail: string) => void,
): Promise<DecoderLaneHandle> {
  const worker = new Worker(new URL('../lane-worker.ts', import.meta.url), {
    type: 'module',
    name: `schedlab-decoder-${name}`,
  });
  const channel = new MessageChannel();
  worker.postMessage({ decoderPort: channel.port2 }, [channel.port2]);
  const lane = Comlink.wrap<DecoderLane>(channel.port1);
  try {
    const ready = await lane.init(init, onProgress ? Comlink.proxy(onProgress) : undefined);
    return { lane, ready, terminate: () => worker.terminate() };
  } catch (e) {
    worker.terminate();
    throw e;
  }
}
