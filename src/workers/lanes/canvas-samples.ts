// Raw samples drawn in the lane worker: text lines rendered with a real font on an OffscreenCanvas
// (what the OCR models read), a page with a line on it (what the detector scans), a photo-like
// picture (what the image classifiers see) and a voiced, syllable-shaped signal (what the VAD hears).
// Worker-only (OffscreenCanvas); the Node profiler draws its samples with the bitmap font instead.

import { rotate180, VAD_SAMPLE_RATE, type RgbaImage } from '../../models/inputs.ts';
import type { SampleSource } from './session-feeds.ts';

const FONT = 'bold 40px "DejaVu Sans", "Liberation Sans", Arial, sans-serif';
const LINE_HEIGHT = 64;
const MARGIN = 4;

function context(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('OffscreenCanvas 2D context unavailable in this worker');
  return ctx;
}

const pixels = (ctx: OffscreenCanvasRenderingContext2D): RgbaImage =>
  ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height);

/** `text` in black on white, one line, tightly framed with a margin. */
export function renderLine(text: string): RgbaImage {
  const probe = context(1, 1);
  probe.font = FONT;
  const textWidth = Math.max(1, Math.ceil(probe.measureText(text).width));
  const ctx = context(textWidth + 2 * MARGIN, LINE_HEIGHT);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.fillStyle = '#000';
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, MARGIN, LINE_HEIGHT / 2);
  return pixels(ctx);
}

/** A white `size` x `size` page with `text` drawn once, left of centre; optionally upside down. */
export function renderPage(text: string, size: number, upsideDown = false): RgbaImage {
  const ctx = context(size, size);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.fillStyle = '#000';
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 48, size * 0.45);
  const page = pixels(ctx);
  return upsideDown ? rotate180(page) : page;
}

/** A 224x224 picture: a sky gradient, a sun and a hill (colours and edges, not noise). */
export function renderPhoto(): RgbaImage {
  const ctx = context(224, 224);
  const sky = ctx.createLinearGradient(0, 0, 0, 224);
  sky.addColorStop(0, '#3b82f6');
  sky.addColorStop(1, '#e0f2fe');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, 224, 224);
  ctx.fillStyle = '#facc15';
  ctx.beginPath();
  ctx.arc(160, 60, 28, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = '#15803d';
  ctx.beginPath();
  ctx.ellipse(90, 230, 160, 90, 0, 0, 2 * Math.PI);
  ctx.fill();
  return pixels(ctx);
}

/**
 * One second of a voiced, speech-shaped signal at 16 kHz: a 120 Hz glottal pulse train through
 * three formant-like resonances, gated into ~4 syllables a second. Only a stand-in input for live
 * runs (the VAD proof test feeds real recorded speech).
 */
export function voicedSignal(seconds = 1): Float32Array {
  const n = Math.floor(seconds * VAD_SAMPLE_RATE);
  const out = new Float32Array(n);
  const formants = [700, 1200, 2600];
  for (let i = 0; i < n; i++) {
    const t = i / VAD_SAMPLE_RATE;
    const f0 = 120 + 15 * Math.sin(2 * Math.PI * 3 * t);
    let v = 0;
    for (let h = 1; h <= 30; h++) {
      const f = h * f0;
      const gain = formants.reduce((g, fc) => g + 1 / (1 + ((f - fc) / 120) ** 2), 0);
      v += (gain / h) * Math.sin(2 * Math.PI * f * t);
    }
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
    out[i] = 0.3 * v * syllable;
  }
  return out;
}

/** The samples lanes feed their models in live runs and calibration. */
export function canvasSamples(text = 'SCHEDLAB 2026'): SampleSource {
  return {
    line: () => renderLine(text),
    page: () => renderPage(text, 640),
    photo: () => renderPhoto(),
    audio: () => voicedSignal(),
  };
}
