// Sample inputs without a DOM, for lanes and profiling in Node: text drawn with the bitmap font,
// a drawn gradient for the image models, recorded speech for the VAD. The browser's lanes draw
// theirs on an OffscreenCanvas (src/workers/lanes/canvas-samples.ts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createImage, rotate180, type RgbaImage } from '../src/models/inputs.ts';
import type { SampleSource } from '../src/workers/lanes/session-feeds.ts';
import { renderText } from '../scripts/models/bitmap-text.ts';
import { readWav } from '../scripts/models/wav.ts';

const ROOT = join(import.meta.dirname, '..');
const TEXT = 'SCHEDLAB 2026';

/** `text` in the bitmap font on a white `size` x `size` page, left of centre. */
export function bitmapPage(text: string, size: number, upsideDown = false): RgbaImage {
  const out = createImage(size, size);
  const line = renderText(text);
  const top = Math.max(0, Math.floor(size * 0.45 - line.height / 2));
  const rows = Math.min(line.height, size - top);
  const width = Math.min(line.width, size - 40);
  for (let y = 0; y < rows; y++) {
    out.data.set(
      line.data.subarray(y * line.width * 4, y * line.width * 4 + width * 4),
      ((top + y) * size + 40) * 4,
    );
  }
  return upsideDown ? rotate180(out) : out;
}

/** A 224x224 gradient picture (colours and edges, not noise). */
export function gradientPhoto(): RgbaImage {
  const img = createImage(224, 224);
  for (let y = 0; y < 224; y++) {
    for (let x = 0; x < 224; x++) {
      const o = (y * 224 + x) * 4;
      img.data[o] = x;
      img.data[o + 1] = y;
      img.data[o + 2] = 255 - ((x + y) >> 1);
    }
  }
  return img;
}

/** Samples without a DOM: the bitmap font for text, a drawn gradient, recorded speech. */
export function nodeSamples(): SampleSource {
  return {
    line: () => renderText(TEXT),
    page: () => bitmapPage(TEXT, 640),
    photo: gradientPhoto,
    audio: () =>
      readWav(readFileSync(join(ROOT, 'scripts/models/fixtures/speech-16k.wav'))).samples,
  };
}
