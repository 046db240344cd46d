// Proof that inference is real: lane workers (the same ones live mode uses) read back a text line
// rendered on an OffscreenCanvas with PP-OCR detection + recognition, tell an upside-down line with
// the direction classifier, and Silero VAD hears recorded speech but not silence. Each check reads
// the model's output; nothing here could pass without the models running.

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readWav } from '../scripts/models/wav.ts';
import type {
  LaneProvider,
  LaneRuntimeInfo,
  OcrReading,
} from '../src/workers/lanes/lane-protocol.ts';

const TEXT = 'SCHEDLAB 2026';

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.__schedlab?.ready === true);
}

async function readLine(
  page: Page,
  provider: LaneProvider,
  detect: boolean,
): Promise<{ upright: OcrReading; rotated: OcrReading; info: LaneRuntimeInfo | undefined }> {
  return page.evaluate(
    async ({ provider, text, detect }) => {
      const { LaneClient } = await window.__schedlab!.lanes();
      const lane = new LaneClient({
        name: `ocr-${provider}`,
        provider,
        threads: 1,
        models: detect ? ['ppocr_det', 'ppocr_cls', 'ppocr_rec'] : ['ppocr_cls', 'ppocr_rec'],
        allowSoftwareAdapter: true,
        warmupRuns: 0,
      });
      try {
        await lane.ready();
        const upright = await lane.ocr(text, false, detect);
        const rotated = await lane.ocr(text, true, detect);
        return { upright, rotated, info: lane.last?.info };
      } finally {
        lane.terminate();
      }
    },
    { provider, text: TEXT, detect },
  );
}

// The detector at 640x640 takes about a minute a run on SwiftShader (a CPU emulation of a GPU), so
// on WebGPU the line is read as rendered (classifier + recogniser) unless SCHEDLAB_SLOW_WEBGPU=1.
const CASES = [
  { provider: 'wasm', detect: true },
  { provider: 'webgpu', detect: process.env['SCHEDLAB_SLOW_WEBGPU'] === '1' },
] as const;

for (const { provider, detect } of CASES) {
  const what = detect ? 'finds and reads a rendered line' : 'reads a rendered line';
  test(`PP-OCR on ${provider} ${what} and tells when it is upside down`, async ({ page }) => {
    test.setTimeout(detect && provider === 'webgpu' ? 600_000 : 240_000);
    await openApp(page);
    const { upright, rotated, info } = await readLine(page, provider, detect);
    console.log(provider, JSON.stringify({ upright, rotated, info }));
    expect(info?.provider).toBe(provider);
    expect(upright.boxes).toBeGreaterThanOrEqual(1);
    expect(upright.angle).toBe(0);
    expect(upright.text).toBe(TEXT);
    expect(rotated.angle).toBe(180);
    expect(rotated.angleScore).toBeGreaterThan(0.5);
    // Turned upright by the classifier's verdict, the rotated line reads the same.
    expect(rotated.text).toBe(TEXT);
  });
}

test('Silero VAD on wasm hears recorded speech and not silence', async ({ page }) => {
  await openApp(page);
  const wav = readWav(readFileSync('scripts/models/fixtures/speech-16k.wav'));
  expect(wav.sampleRate).toBe(16000);
  const speech = Array.from(wav.samples);
  const { speechProbs, silenceProbs } = await page.evaluate(async (speech) => {
    const { LaneClient } = await window.__schedlab!.lanes();
    const lane = new LaneClient({
      name: 'vad',
      provider: 'wasm',
      threads: 1,
      models: ['silero_vad'],
      allowSoftwareAdapter: true,
      warmupRuns: 0,
    });
    try {
      await lane.ready();
      const speechProbs = await lane.vad(Float32Array.from(speech));
      const silenceProbs = await lane.vad(new Float32Array(16000));
      return { speechProbs, silenceProbs };
    } finally {
      lane.terminate();
    }
  }, speech);
  const max = (a: number[]) => Math.max(...a);
  const share = (a: number[]) => a.filter((p) => p > 0.5).length / a.length;
  console.log(
    `VAD speech: max ${max(speechProbs).toFixed(3)}, ${(100 * share(speechProbs)).toFixed(0)}% of ${speechProbs.length} frames > 0.5; silence: max ${max(silenceProbs).toFixed(3)}`,
  );
  expect(max(speechProbs)).toBeGreaterThan(0.9);
  expect(share(speechProbs)).toBeGreaterThan(0.3);
  expect(max(silenceProbs)).toBeLessThan(0.1);
});
