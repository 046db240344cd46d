// Pixels as the browser hands them over (ImageData, OffscreenCanvas.getImageData) without
// needing the DOM type: the lane workers, the Node tests and the benchmarks all pass
// RGBA bytes through the same preprocessing code.

/** RGBA, 8 bits a channel, row-major, like ImageData. */
export interface RgbaImage {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A blank RGBA image of one colour (default opaque white). */
export function createImage(
  width: number,
  height: number,
  rgb: readonly number[] = [255, 255, 255],
): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = rgb[0] ?? 0;
    data[i + 1] = rgb[1] ?? 0;
    data[i + 2] = rgb[2] ?? 0;
    data[i + 3] = 255;
  }
  return { data, width, height };
}

/**
 * Bilinear resize with pixel centres aligned (OpenCV INTER_LINEAR's mapping:
 * src = (dst + 0.5) * scale - 0.5), which is what PaddleOCR and torchvision assume.
 */
export function resizeBilinear(src: RgbaImage, width: number, height: number): RgbaImage {
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = src.width / width;
  const sy = src.height / height;
  const d = src.data;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), src.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, src.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), src.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, src.width - 1);
      const wx = fx - x0;
      const a = (y0 * src.width + x0) * 4;
      const b = (y0 * src.width + x1) * 4;
      const c = (y1 * src.width + x0) * 4;
      const e = (y1 * src.width + x1) * 4;
      const o = (y * width + x) * 4;
      for (let k = 0; k < 4; k++) {
        const top = (d[a + k] ?? 0) * (1 - wx) + (d[b + k] ?? 0) * wx;
        const bottom = (d[c + k] ?? 0) * (1 - wx) + (d[e + k] ?? 0) * wx;
        out[o + k] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return { data: out, width, height };
}

/** The image turned upside down (rotated 180 degrees). */
export function rotate180(src: RgbaImage): RgbaImage {
  const out = new Uint8ClampedArray(src.data.length);
  const pixels = src.width * src.height;
  for (let i = 0; i < pixels; i++) {
    const j = (pixels - 1 - i) * 4;
    for (let k = 0; k < 4; k++) out[i * 4 + k] = src.data[j + k] ?? 0;
  }
  return { data: out, width: src.width, height: src.height };
}

/** A rectangular region [x0,x1) x [y0,y1) of the image, clamped to its bounds. */
export function crop(src: RgbaImage, x0: number, y0: number, x1: number, y1: number): RgbaImage {
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(y0));
  const width = Math.max(1, Math.min(src.width, Math.ceil(x1)) - left);
  const height = Math.max(1, Math.min(src.height, Math.ceil(y1)) - top);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * src.width + left) * 4;
    out.set(src.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { data: out, width, height };
}
