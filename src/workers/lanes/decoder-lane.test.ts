// A decoder lane as the page starts one, in Node: the tiny decoder made from its seed and checked
// against its record, a WASM session, and a continuously batched script whose every token matches
// the same sequence alone and recomputed from scratch (checkConsistency, which the browser tests
// run on the page's WASM and WebGPU lanes too).
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { DecoderLane, memoryDecoderEnv } from './decoder-lane.ts';
import { checkConsistency, scriptPrompt } from './decoder-scenarios.ts';

const VOCAB = 2048;
/** Three sequences: a long prompt fed in chunks of 8 beside the other two's decodes. */
const SCRIPT = [
  { prompt: scriptPrompt(5, 1, VOCAB), joinAt: 0, outputs: 6 },
  { prompt: scriptPrompt(3, 3, VOCAB), joinAt: 0, outputs: 4 },
  { prompt: scriptPrompt(20, 2, VOCAB), joinAt: 1, outputs: 5, chunk: 8 },
];

describe('a decoder lane in Node', () => {
  it.each(['standard', 'gqa'] as const)(
    'makes the tiny decoder (%s graph) from its seed and serves a batched script as each sequence alone and recomputed',
    async (attention) => {
      const lane = new DecoderLane(memoryDecoderEnv(ort));
      const ready = await lane.init({
        model: 'decoder_tiny',
        provider: 'wasm',
        attention,
        threads: 1,
        allowSoftwareAdapter: false,
        keepLogits: true,
      });
      expect(ready.info.files?.[0]).toMatchObject({
        key: `models/decoder_tiny.${attention}.onnx`,
        from: 'made',
      });
      expect(ready.parameters).toBe(3_945_984);
      const r = await checkConsistency(lane, SCRIPT);
      console.log(
        `${attention}: batched vs alone ${r.batchedVsAlone.toExponential(2)}, chunked vs whole ${r.chunkedVsWhole.toExponential(2)}, cached vs recomputed ${r.cachedVsRecomputed.toExponential(2)}, ${r.mixedSteps} steps with a prefill beside a batch`,
      );
      expect(r.tokensAgree).toBe(true);
      expect(r.mixedSteps).toBeGreaterThan(0);
      expect(Math.max(r.batchedVsAlone, r.chunkedVsWhole, r.cachedVsRecomputed)).toBeLessThan(1e-4);
      expect(r.batched.steps.every((s) => s.kvLocation === 'cpu')).toBe(true);
      expect(lane.usage().used).toBe(0);
      await lane.close();
    },
  );

  it('refuses WebGPU where there is none, saying why', async () => {
    const lane = new DecoderLane(memoryDecoderEnv(ort));
    await expect(
      lane.init({
        model: 'decoder_tiny',
        provider: 'webgpu',
        threads: 1,
        allowSoftwareAdapter: true,
      }),
    ).rejects.toThrow(/Node has no WebGPU/);
    expect(() => lane.usage()).toThrow(/not started/);
  });
});
