// Pre/post-processing behaves as the models' own pipelines specify: tensor layout and
// normalisation, CTC decoding rules, DB box extraction, VAD framing with context.
import { describe, expect, it } from 'vitest';
import {
  createImage,
  ctcGreedyDecode,
  dbBoxes,
  imagenetBatch,
  ocrClasses,
  ocrDirection,
  ocrRecInput,
  resizeBilinear,
  rotate180,
  vadFrames,
  VAD_CONTEXT,
  VAD_FRAME,
} from './inputs.ts';

describe('image tensors', () => {
  it('imagenetBatch writes NCHW RGB normalised by mean/std', () => {
    const img = createImage(224, 224, [255, 0, 128]);
    const t = imagenetBatch([img, img], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]);
    expect(t.dims).toEqual([2, 3, 224, 224]);
    const plane = 224 * 224;
    expect(t.data[0]).toBeCloseTo(1); // R = 255
    expect(t.data[plane]).toBeCloseTo(-1); // G = 0
    expect(t.data[2 * plane]).toBeCloseTo(128 / 127.5 - 1); // B
    expect(t.data[3 * plane]).toBeCloseTo(1); // second sample starts over
  });

  it('ocrRecInput keeps the aspect ratio at height 48, BGR, and pads the right with zeros', () => {
    const line = createImage(100, 20, [255, 0, 0]); // red; ratio 5 -> width 240 of 320
    const t = ocrRecInput([line]);
    expect(t.dims).toEqual([1, 3, 48, 320]);
    const plane = 48 * 320;
    expect(t.data[0]).toBeCloseTo(-1); // channel 0 is blue = 0
    expect(t.data[2 * plane]).toBeCloseTo(1); // channel 2 is red = 255
    expect(t.data[2 * plane + 239]).toBeCloseTo(1);
    expect(t.data[2 * plane + 240]).toBe(0); // padding
  });

  it('resizeBilinear keeps a constant image constant and rotate180 is an involution', () => {
    const img = createImage(7, 5, [10, 20, 30]);
    expect([...resizeBilinear(img, 13, 3).data.subarray(0, 4)]).toEqual([10, 20, 30, 255]);
    img.data[0] = 99;
    expect(rotate180(img).data[(7 * 5 - 1) * 4]).toBe(99);
    expect(rotate180(rotate180(img)).data).toEqual(img.data);
  });
});

describe('OCR outputs', () => {
  const classes = ocrClasses('a\nb\nc\n');

  it('ocrClasses puts the CTC blank first and a space last', () => {
    expect(classes).toEqual(['', 'a', 'b', 'c', ' ']);
  });

  it('ctcGreedyDecode merges repeats and drops blanks, but keeps repeats split by a blank', () => {
    const path = [1, 1, 0, 1, 2, 2, 4, 3, 0]; // a a _ a b b ' ' c _
    const probs = new Float32Array(path.length * classes.length);
    path.forEach((k, t) => (probs[t * classes.length + k] = 0.9));
    expect(ctcGreedyDecode(probs, path.length, classes).text).toBe('aab c');
  });

  it('ocrDirection picks the likelier of 0 and 180', () => {
    expect(ocrDirection(new Float32Array([0.2, 0.8, 0.9, 0.1]), 0).angle).toBe(180);
    expect(ocrDirection(new Float32Array([0.2, 0.8, 0.9, 0.1]), 1).angle).toBe(0);
  });

  it('dbBoxes finds one box per confident region, grown and scaled, and drops faint ones', () => {
    const w = 40;
    const h = 20;
    const map = new Float32Array(w * h);
    for (let y = 5; y < 10; y++) for (let x = 4; x < 24; x++) map[y * w + x] = 0.95; // 20x5
    for (let y = 14; y < 18; y++) for (let x = 30; x < 36; x++) map[y * w + x] = 0.4; // faint
    const boxes = dbBoxes(map, w, h, { scaleX: 2, scaleY: 2 });
    expect(boxes).toHaveLength(1);
    const grow = (20 * 5 * 1.5) / (2 * 25); // 3 map pixels
    expect(boxes[0]?.x0).toBeCloseTo((4 - grow) * 2);
    expect(boxes[0]?.x1).toBeCloseTo((24 + grow) * 2);
    expect(boxes[0]?.y0).toBeCloseTo((5 - grow) * 2);
  });
});

describe('VAD frames', () => {
  it('prefixes each 512-sample frame with the previous 64 samples and zero-pads the tail', () => {
    const samples = Float32Array.from({ length: 1100 }, (_, i) => i + 1);
    const frames = vadFrames(samples);
    expect(frames).toHaveLength(3);
    expect(frames[0]?.length).toBe(VAD_CONTEXT + VAD_FRAME);
    expect(frames[0]?.[VAD_CONTEXT]).toBe(1);
    expect(frames[0]?.[0]).toBe(0);
    expect(frames[1]?.[0]).toBe(512 - 64 + 1);
    expect(frames[1]?.[VAD_CONTEXT]).toBe(513);
    expect(frames[2]?.[VAD_CONTEXT + 1100 - 1024]).toBe(0);
  });
});
