// A decoder lane in headless Chromium, driven from Node: `npm run validate -- --llm --lane webgpu`
// runs the GPU-class lane the page runs (a decoder lane worker on onnxruntime-web's WebGPU
// provider, the GroupQueryAttention graph, present keys and values kept in GPU buffers between
// steps) and hands each step to it from here, so calibration, drift probes and the live runs use
// the very code they use on WASM. The built site (dist/) is served as users get it; the lane is
// started through the page's test hooks (window.__schedlab.decoders()). Without a GPU, Chromium's
// WebGPU adapter is SwiftShader, a CPU emulation: correct, slow, and labelled so.

import type { Browser, Page } from '@playwright/test';
import type { DecoderId } from '../../src/models/decoders/decoder-config.ts';
import type { DecoderLaneReady } from '../../src/workers/lanes/decoder-lane.ts';
import type { SeqId, StepRequest, StepResult } from '../../src/workers/lanes/decoder-runner.ts';
import type { DecoderLaneHandle } from '../../src/workers/llm-executor.ts';
import type { LaneProvider } from '../../src/workers/lanes/lane-protocol.ts';

/** What the page keeps of the lane it started (window.__validateLane). */
interface PageLaneSlot {
  __validateLane?: {
    lane: { step(r: StepRequest): Promise<StepResult>; drop(s: SeqId): Promise<void> };
    terminate(): void;
  };
}

/** A lane in a page, as the live executor and the calibration drive one. */
export interface PageLane {
  handle: DecoderLaneHandle;
  ready: DecoderLaneReady;
  /** The adapter in words ("SwiftShader (software adapter)", or the GPU's vendor and name). */
  adapter: string;
  /** Drops every sequence the lane was given, so the next user starts with an empty cache. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Words for a lane's WebGPU adapter. */
export function adapterWords(a: DecoderLaneReady['info']['adapter']): string {
  if (!a) return 'no WebGPU adapter';
  const name = [a.vendor, a.architecture, a.description].filter((s) => s !== '').join(' ');
  return a.software ? `${name || 'SwiftShader'} (software adapter: a CPU emulation)` : name;
}

/**
 * Starts a decoder lane worker for `model` on `provider` in `page` (which has the built site
 * open and ready) and returns a handle whose every call runs there. A software adapter is
 * accepted and named: the figures are then SwiftShader's.
 */
export async function openPageLane(
  page: Page,
  model: DecoderId,
  provider: LaneProvider,
): Promise<PageLane> {
  const ready = await page.evaluate(
    async ({ model, provider }) => {
      const d = await window.__schedlab!.decoders();
      const h = await d.startDecoderLane(`validate-${provider}`, {
        model,
        provider,
        threads: 1,
        allowSoftwareAdapter: true,
      });
      (window as PageLaneSlot).__validateLane = h;
      return h.ready;
    },
    { model, provider },
  );
  const seen = new Set<SeqId>();
  const handle: DecoderLaneHandle = {
    step: (req) => {
      for (const s of req.seqs) seen.add(s.seq);
      return page.evaluate((r) => (window as PageLaneSlot).__validateLane!.lane.step(r), req);
    },
    drop: (seq) => {
      seen.delete(seq);
      return page.evaluate((s) => (window as PageLaneSlot).__validateLane!.lane.drop(s), seq);
    },
  };
  return {
    handle,
    ready,
    adapter: adapterWords(ready.info.adapter),
    reset: async () => {
      for (const s of [...seen]) await handle.drop(s);
    },
    close: () =>
      page.evaluate(() => {
        const w = window as PageLaneSlot;
        w.__validateLane?.terminate();
        delete w.__validateLane;
      }),
  };
}

/**
 * Serves dist/ (the built site, `npm run build` first), opens it in headless Chromium and starts
 * the lane there; `close` stops the lane, the browser and the server.
 */
export async function launchPageLane(model: DecoderId, provider: LaneProvider): Promise<PageLane> {
  const { existsSync } = await import('node:fs');
  if (!existsSync('dist/index.html')) {
    throw new Error('--lane webgpu runs the built site in Chromium: run npm run build first');
  }
  const { serveStatic } = await import('../../scripts/site/static-server.ts');
  const { launchChromium } = await import('../../scripts/site/chromium.ts');
  const server = await serveStatic('dist', { prefix: '/validate/schedlab/' });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__schedlab?.ready === true, null, { timeout: 60_000 });
    const lane = await openPageLane(page, model, provider);
    const b = browser;
    return {
      ...lane,
      close: async () => {
        await lane.close().catch(() => {});
        await b.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}
