// The decoder part of `npm run bench:inference -- --page`: the same decoders in Chromium, against
// the built site on a plain static server, in a decoder lane worker as the page runs one. For each
// decoder: how long the lane takes to make its file from the seed (and check its sha256), to
// create the session, and its decode steps at a short context for a batch of one and of eight.
// The tiny decoder also on the WebGPU lane, which here is SwiftShader (a CPU emulation): those
// figures say nothing about a GPU and are labelled so. Needs `npm run build` first.

import { launchChromium } from '../scripts/site/chromium.ts';
import { serveStatic } from '../scripts/site/static-server.ts';
import type { DecoderId } from '../src/models/decoders/decoder-config.ts';
import type { LaneProvider } from '../src/workers/lanes/lane-protocol.ts';

interface PageFigures {
  adapter: string;
  from: string;
  makeMs: number;
  fileMs: number;
  sessionMs: number;
  /** Median ms per decode step, by batch size. */
  stepMs: Record<number, number>;
}

const BATCHES = [1, 8];
const CONTEXT = 32;
const STEPS = 5;

export async function benchDecodersInPage(
  decoders: DecoderId[],
  log: (s: string) => void = console.log,
): Promise<string[]> {
  const server = await serveStatic('dist', { prefix: '/a/b/schedlab/' });
  const browser = await launchChromium();
  const md: string[] = [
    `In Chromium ${browser.version()} (the built site on a static server; a decoder lane worker, 1 WASM thread; context ${CONTEXT}, median of ${STEPS} steps):`,
    '',
    '| decoder | lane | file | making it from the seed s | with the sha256 check s | session s | decode ms/step by batch |',
    '|---|---|---|---:|---:|---:|---|',
  ];
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__schedlab?.ready === true, null, { timeout: 60_000 });
    const runs: [DecoderId, LaneProvider][] = decoders.map((id) => [id, 'wasm']);
    if (decoders.includes('decoder_tiny')) runs.push(['decoder_tiny', 'webgpu']);
    for (const [model, provider] of runs) {
      const f: PageFigures = await page.evaluate(
        async ({ model, provider, batches, context, steps }) => {
          const d = await window.__schedlab!.decoders();
          const { lane, ready, terminate } = await d.startDecoderLane(provider, {
            model,
            provider,
            threads: 1,
            allowSoftwareAdapter: true,
          });
          try {
            const file = ready.info.files?.find((x) => x.key.startsWith(`models/${model}.`));
            const stepMs: Record<number, number> = {};
            const vocab = model === 'decoder_tiny' ? 2048 : 50257;
            for (const b of batches) {
              const shape = d.shapeRunner(lane, { decodeSeqs: b, context }, vocab);
              await shape.setUp();
              await shape.step();
              const ms: number[] = [];
              for (let i = 0; i < steps; i++) ms.push((await shape.step()).ms);
              await shape.close();
              ms.sort((a, z) => a - z);
              stepMs[b] = ms[ms.length >> 1]!;
            }
            const a = ready.info.adapter;
            return {
              adapter: a
                ? `${a.software ? 'software adapter (SwiftShader)' : `${a.vendor} ${a.description}`}`
                : '',
              from: file?.from ?? '?',
              makeMs: file?.obtainMs ?? NaN,
              fileMs: file?.ms ?? NaN,
              sessionMs: ready.sessionMs,
              stepMs,
            };
          } finally {
            terminate();
          }
        },
        { model, provider, batches: BATCHES, context: CONTEXT, steps: STEPS },
      );
      const s = (ms: number) => (ms / 1000).toFixed(2);
      const lane = provider === 'webgpu' ? `WebGPU, ${f.adapter}` : 'WASM';
      const row = `| ${model} | ${lane} | ${f.from} | ${s(f.makeMs)} | ${s(f.fileMs)} | ${s(f.sessionMs)} | ${BATCHES.map((b) => `${b}: ${f.stepMs[b]!.toFixed(1)}`).join(', ')} |`;
      md.push(row);
      log(`page ${row}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  md.push('');
  return md;
}
