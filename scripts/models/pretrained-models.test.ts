// The pretrained models really run: PP-OCR reads back a line of text we rendered, finds
// it on a page and tells upright from upside-down; Silero VAD hears speech (an espeak-ng
// recording, scripts/models/fixtures/) and not silence or a hum.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createImage,
  crop,
  ctcGreedyDecode,
  dbBoxes,
  ocrClasses,
  ocrClsInput,
  ocrDetInput,
  ocrDirection,
  ocrRecInput,
  rotate180,
  vadFrames,
  vadStateDims,
  VAD_SAMPLE_RATE,
  type RgbaImage,
} from '../../src/models/inputs.ts';
import { renderText } from './bitmap-text.ts';
import { generate, MODELS_DIR } from './generate.ts';
import { readWav } from './wav.ts';

const session = (file: string) =>
  ort.InferenceSession.create(join(MODELS_DIR, file), { intraOpNumThreads: 2 });

beforeAll(async () => {
  await generate(false, () => {});
}, 60_000);

describe('PP-OCR', () => {
  const LINES = ['SCHEDLAB 2026', 'LATENCY IS REAL', 'QUEUE-7'];

  async function recognise(lines: RgbaImage[]): Promise<string[]> {
    const classes = ocrClasses(readFileSync(join(MODELS_DIR, 'ppocr_keys_v1.txt'), 'utf8'));
    const rec = await session('ppocr_rec.onnx');
    const input = ocrRecInput(lines);
    const out = (await rec.run({ x: new ort.Tensor('float32', input.data, input.dims) }))[
      'softmax_11.tmp_0'
    ];
    const [n = 0, steps = 0, c = 0] = out?.dims ?? [];
    const probs = out?.data as Float32Array;
    return Array.from(
      { length: n },
      (_, i) => ctcGreedyDecode(probs, steps, classes, i * steps * c).text,
    );
  }

  it('recognises rendered text lines exactly (batched)', async () => {
    expect(await recognise(LINES.map((t) => renderText(t)))).toEqual(LINES);
  });

  it('tells upright lines (0) from upside-down ones (180)', async () => {
    const cls = await session('ppocr_cls.onnx');
    const upright = LINES.map((t) => renderText(t));
    const input = ocrClsInput([...upright, ...upright.map(rotate180)]);
    const probs = (await cls.run({ x: new ort.Tensor('float32', input.data, input.dims) }))[
      'softmax_0.tmp_0'
    ]?.data as Float32Array;
    const angles = Array.from({ length: 2 * LINES.length }, (_, i) => ocrDirection(probs, i).angle);
    expect(angles).toEqual([0, 0, 0, 180, 180, 180]);
  });

  it('finds a text line on a page, and the crop reads back as the same text', async () => {
    const page = createImage(640, 480);
    const line = renderText('LATENCY IS REAL');
    const [left, top] = [120, 300];
    for (let y = 0; y < line.height; y++) {
      page.data.set(
        line.data.subarray(y * line.width * 4, (y + 1) * line.width * 4),
        ((top + y) * 640 + left) * 4,
      );
    }
    const det = await session('ppocr_det.onnx');
    const input = ocrDetInput(page);
    const map = (await det.run({ x: new ort.Tensor('float32', input.data, input.dims) }))[
      'sigmoid_0.tmp_0'
    ];
    const [, , h = 0, w = 0] = map?.dims ?? [];
    const boxes = dbBoxes(map?.data as Float32Array, w, h, {
      scaleX: input.scaleX,
      scaleY: input.scaleY,
    });
    expect(boxes).toHaveLength(1);
    const box = boxes[0]!;
    // The ink spans [left+12, left+12+ink width) x [top+12, top+40); the box covers it.
    expect(box.x0).toBeLessThan(left + 14);
    expect(box.x1).toBeGreaterThan(left + line.width - 14);
    expect(box.y0).toBeLessThan(top + 14);
    expect(box.y1).toBeGreaterThan(top + line.height - 14);
    expect(await recognise([crop(page, box.x0, box.y0, box.x1, box.y1)])).toEqual([
      'LATENCY IS REAL',
    ]);
  });
});

describe('Silero VAD', () => {
  /** Speech probability of every 32 ms frame of a 16 kHz stream. */
  async function speechProbabilities(samples: Float32Array): Promise<number[]> {
    const vad = await session('silero_vad.onnx');
    let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(256), vadStateDims(1));
    const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), []);
    const probs: number[] = [];
    for (const frame of vadFrames(samples)) {
      const out = await vad.run({
        input: new ort.Tensor('float32', frame, [1, frame.length]),
        state,
        sr,
      });
      probs.push((out['output']?.data as Float32Array)[0] ?? NaN);
      state = out['stateN'] as ort.Tensor;
    }
    return probs;
  }

  it('hears speech in a recorded sentence', async () => {
    const audio = readWav(readFileSync(join(import.meta.dirname, 'fixtures/speech-16k.wav')));
    expect(audio.sampleRate).toBe(16000);
    const probs = await speechProbabilities(audio.samples);
    const sorted = [...probs].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(0.7); // median frame
    expect(Math.max(...probs)).toBeGreaterThan(0.9);
  });

  it('hears no speech in silence or in a steady 100 Hz hum', async () => {
    const seconds = 2 * VAD_SAMPLE_RATE;
    const silence = new Float32Array(seconds);
    const hum = Float32Array.from(
      { length: seconds },
      (_, i) => 0.3 * Math.sin((2 * Math.PI * 100 * i) / 16000),
    );
    for (const signal of [silence, hum]) {
      expect(Math.max(...(await speechProbabilities(signal)))).toBeLessThan(0.2);
    }
  });
});
