// Decoder lanes in Chromium, against the built site: a lane worker makes the tiny decoder from its
// seed (checked against the sha256 `npm run models` recorded) and serves a continuously batched
// script (sequences joining, a prompt fed in chunks beside the others' decodes, sequences leaving).
// On the WASM lane every token matches the same sequence alone and recomputed without the cache,
// and the logits match Node's (onnxruntime-web's WASM backend, this test's own process). On the
// WebGPU lane (SwiftShader here: a CPU emulation, so correctness only) the GroupQueryAttention
// graph keeps its keys and values on the GPU between steps and matches WASM within a stated
// tolerance, fed the same tokens.

import * as ort from 'onnxruntime-web';
import { expect, test, type Page } from '@playwright/test';
import { DecoderLane, memoryDecoderEnv } from '../src/workers/lanes/decoder-lane.ts';
import { runScript, scriptPrompt } from '../src/workers/lanes/decoder-scenarios.ts';
import type { DecoderLaneInit } from '../src/workers/lanes/decoder-lane.ts';

const VOCAB = 2048;
const SCRIPT = [
  { prompt: scriptPrompt(5, 1, VOCAB), joinAt: 0, outputs: 6 },
  { prompt: scriptPrompt(3, 3, VOCAB), joinAt: 0, outputs: 4 },
  { prompt: scriptPrompt(20, 2, VOCAB), joinAt: 1, outputs: 5, chunk: 8 },
];
/** WebGPU (SwiftShader) against WASM, |logit difference| at most (logits are of order 1). */
const WEBGPU_TOL = 1e-4;

interface Reference {
  tokens: number[][];
  logits: number[][][];
}

let reference: Reference;

test.beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  const lane = new DecoderLane(memoryDecoderEnv(ort));
  await lane.init({
    model: 'decoder_tiny',
    provider: 'wasm',
    threads: 1,
    allowSoftwareAdapter: false,
    keepLogits: true,
  });
  const r = await runScript(lane, SCRIPT);
  reference = { tokens: r.tokens, logits: r.logits.map((s) => s.map((l) => Array.from(l))) };
  await lane.close();
});

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.__schedlab?.ready === true);
}

const maxDiff = (a: number[][][], b: number[][][]): number => {
  let m = 0;
  a.forEach((seq, k) =>
    seq.forEach((l, t) => {
      const o = b[k]?.[t];
      if (!o) m = Infinity;
      else l.forEach((x, i) => (m = Math.max(m, Math.abs(x - o[i]!))));
    }),
  );
  return m;
};

const LANE: Omit<DecoderLaneInit, 'provider'> = {
  model: 'decoder_tiny',
  threads: 1,
  allowSoftwareAdapter: true,
  keepLogits: true,
};

test('a WASM decoder lane makes the tiny decoder from its seed and serves a batched script as each sequence alone, recomputed, and in Node', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  const out = await page.evaluate(
    async ({ script, init }) => {
      const d = await window.__schedlab!.decoders();
      const { lane, ready, terminate } = await d.startDecoderLane('wasm', {
        ...init,
        provider: 'wasm',
      });
      try {
        const r = await d.checkConsistency(lane, script);
        return {
          ready,
          report: { ...r, batched: undefined },
          tokens: r.batched.tokens,
          logits: r.batched.logits.map((s) => s.map((l) => Array.from(l))),
          kv: r.batched.steps.map((s) => s.kvLocation),
          words: d.tokensText(r.batched.tokens[0]!),
        };
      } finally {
        terminate();
      }
    },
    { script: SCRIPT, init: LANE },
  );
  const file = out.ready.info.files?.find((f) => f.key === 'models/decoder_tiny.standard.onnx');
  expect(file?.from).toBe('made');
  console.log(
    `WASM lane: decoder_tiny made in ${(file!.obtainMs! / 1000).toFixed(2)} s; batched vs alone ${out.report.batchedVsAlone.toExponential(2)}, chunked vs whole ${out.report.chunkedVsWhole.toExponential(2)}, cached vs recomputed ${out.report.cachedVsRecomputed.toExponential(2)}, vs Node ${maxDiff(out.logits, reference.logits).toExponential(2)}; seq 0 says "${out.words}"`,
  );
  expect(out.ready.attention).toBe('standard');
  expect(out.report.tokensAgree).toBe(true);
  expect(out.report.mixedSteps).toBeGreaterThan(0);
  expect(
    Math.max(out.report.batchedVsAlone, out.report.chunkedVsWhole, out.report.cachedVsRecomputed),
  ).toBeLessThan(1e-4);
  expect(out.kv.every((l) => l === 'cpu')).toBe(true);
  expect(out.tokens).toEqual(reference.tokens);
  expect(maxDiff(out.logits, reference.logits)).toBeLessThan(1e-5);
});

test('a WebGPU decoder lane (SwiftShader) runs GroupQueryAttention with its KV on the GPU and matches WASM', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openApp(page);
  const out = await page.evaluate(
    async ({ script, init, forced }) => {
      const d = await window.__schedlab!.decoders();
      const { lane, ready, terminate } = await d.startDecoderLane('webgpu', {
        ...init,
        provider: 'webgpu',
      });
      try {
        const r = await d.runScript(lane, script, forced);
        return {
          ready,
          tokens: r.tokens,
          logits: r.logits.map((s) => s.map((l) => Array.from(l))),
          kv: r.steps.map((s) => s.kvLocation),
          ms: r.steps.map((s) => s.ms),
        };
      } finally {
        terminate();
      }
    },
    { script: SCRIPT, init: LANE, forced: reference.tokens },
  );
  const diff = maxDiff(out.logits, reference.logits);
  const adapter = out.ready.info.adapter;
  console.log(
    `WebGPU lane (${adapter?.software ? 'software adapter: ' : ''}${adapter?.vendor} ${adapter?.description}): ${out.ready.attention} graph, KV ${[...new Set(out.kv)].join()}, vs WASM max |logit diff| ${diff.toExponential(2)}; steps ${out.ms.map((m) => m.toFixed(0)).join(', ')} ms`,
  );
  expect(out.ready.attention).toBe('gqa');
  expect(out.kv.every((l) => l === 'gpu-buffer')).toBe(true);
  expect(diff).toBeLessThan(WEBGPU_TOL);
  // Greedy picks agree wherever WASM's top two logits are further apart than the tolerance.
  reference.logits.forEach((seq, k) =>
    seq.forEach((l, t) => {
      const sorted = [...l].sort((a, b) => b - a);
      if (sorted[0]! - sorted[1]! > 2 * WEBGPU_TOL)
        expect(out.tokens[k]![t]).toBe(reference.tokens[k]![t]);
    }),
  );
});
