// `npm run validate -- --llm --lane webgpu`'s path, short: the GPU-class decoder lane (a decoder
// lane worker on onnxruntime-web's WebGPU provider, the GroupQueryAttention graph, present keys
// and values kept in GPU buffers) started in the built site and driven from Node, step by step, by
// the command's own code: a small calibration, the drift probes, one live run and its simulated
// twin. Here the adapter is SwiftShader (a CPU emulation), and the report must say so beside every
// figure. The run is cut to a few requests and shapes: SwiftShader takes about a second a step.

import { expect, test } from '@playwright/test';
import { openPageLane } from '../cli/validate/page-lane.ts';
import { webGpuLane } from '../cli/validate/llm-lane.ts';
import { parseLlmValidateArgs, runLlmValidate } from '../cli/validate/llm-validate.ts';
import type { BatchShape } from '../src/workers/lanes/decoder-shapes.ts';

/** Decodes by batch and context, prefills with and without a past: every term varies. */
const SHAPES: BatchShape[] = [
  { decodeSeqs: 1, context: 16 },
  { decodeSeqs: 4, context: 16 },
  { decodeSeqs: 2, context: 32 },
  { decodeSeqs: 0, context: 1, prefillTokens: 8 },
  { decodeSeqs: 0, context: 1, prefillTokens: 24, prefillPast: 16 },
];

test('validate --llm --lane webgpu: the WebGPU lane calibrated, served live and compared', async ({
  page,
}) => {
  test.setTimeout(480_000);
  await page.goto('/');
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  const pageLane = await openPageLane(page, 'decoder_tiny', 'webgpu');
  try {
    expect(pageLane.ready.info.provider).toBe('webgpu');
    expect(pageLane.ready.attention).toBe('gqa');
    expect(pageLane.ready.info.adapter?.software).toBe(true);
    expect(pageLane.adapter).toMatch(/swiftshader.*software adapter/i);
    // A step through the handle: the keys and values it computed stay on the GPU.
    const first = await pageLane.handle.step({
      seqs: [{ seq: 99, tokens: [1, 2, 3], position: 0 }],
    });
    expect(first.kvLocation).toBe('gpu-buffer');
    expect(first.outputs[0]!.token).toBeGreaterThanOrEqual(0);
    await pageLane.reset();

    const lane = webGpuLane('decoder_tiny', pageLane);
    const o = {
      ...parseLlmValidateArgs(['--llm', '--lane', 'webgpu', '--loads', '1', '--repeats', '1']),
      requests: 3,
      calibration: { rounds: 1, stepsPerShape: 1, shapes: SHAPES },
      probe: { shapes: [SHAPES[0]!, SHAPES[3]!], steps: 1 },
    };
    const r = await runLlmValidate(o, () => {}, lane);
    expect(r).toMatchObject({ model: 'decoder_tiny', lane: 'webgpu' });
    expect(r.backend).toMatch(/^gpu lane: decoder_tiny \(GroupQueryAttention, KV in GPU buffers\)/);
    expect(r.device).toMatch(/^WebGPU adapter: .*swiftshader.*software adapter/i);
    expect(r.calibration.samples).toHaveLength(SHAPES.length);
    expect(r.calibration.samples.every((s) => s.ms > 0)).toBe(true);
    const [c] = r.cases;
    expect(c!.live[0]!.summary.ledger.completed).toBe(3);
    expect(c!.live[0]!.summary.llm?.token_ledger.balanced).toBe(true);
    expect(c!.twin.ledger.completed).toBe(3);
    // The twin ran on a GPU-class lane with the WebGPU lane's coefficients.
    expect(c!.twin.llm?.lanes?.[0]?.utilisation).toBeGreaterThan(0);
    expect(c!.rows.some((x) => x.metric === 'ttft_p50' && x.class === 'all')).toBe(true);
  } finally {
    await pageLane.close();
  }
});
