// The page's decoder lanes for live LLM mode: one lane worker per lane (lane-worker.ts, serving a
// DecoderLane over comlink: lanes/decoder-client.ts), spawned by the engine worker as the request
// mode's live lanes are. A lazy chunk of the engine worker: loaded on the first Live switch.

import { startDecoderLane } from '../lanes/decoder-client.ts';
import type { LlmLiveOptions, LlmLiveProgress } from '../llm-protocol.ts';
import { LIVE_MODEL, LiveLlmRun, type LaneStarter } from './live-llm-run.ts';

const startLane: LaneStarter = async (name, provider, onProgress) => {
  const h = await startDecoderLane(
    name,
    {
      model: LIVE_MODEL,
      provider,
      // One thread a lane: lanes share the device's cores, and the page may not be isolated.
      threads: 1,
      // A software adapter's timings are a CPU emulation's: such a lane runs on WASM instead.
      allowSoftwareAdapter: false,
      blockTokens: 16,
      numBlocks: 512,
    },
    onProgress,
  );
  const i = h.ready.info;
  const adapter = i.adapter ? `, ${i.adapter.description || i.adapter.vendor || 'adapter'}` : '';
  return {
    handle: h.lane,
    provider,
    detail: `${provider === 'webgpu' ? 'WebGPU' : 'WASM'}, ${i.threads} thread${i.threads === 1 ? '' : 's'}${adapter}, onnxruntime-web ${i.ort}`,
    close: () => h.terminate(),
  };
};

export function startLiveRun(
  options: LlmLiveOptions,
  onProgress?: (p: LlmLiveProgress) => void,
): Promise<LiveLlmRun> {
  return LiveLlmRun.start(options, startLane, onProgress);
}
