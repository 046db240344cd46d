// The Gantt chart's bars as pixels: whole-pixel rects (BarBatch's output) written straight into a
// 32-bit pixel buffer, which the painter hands to the canvas in one putImageData and one drawImage.
// Why: a 2D canvas rasterises every fillRect on the page's main thread when compositing is in
// software, at a cost per call more than per pixel. At 5,000 jobs/s a side, compare mode's two
// stacked charts (80 lanes) made ~2x the single chart's rects, and the bars alone took ~15 ms of
// main-thread CPU a frame (measured with the bars switched off: 4.4 ms a frame left). Filling a
// typed array costs one store per pixel, and the bars cover at most the plot once.
//
// Pure: no DOM here (the buffer becomes ImageData in the component), so it is unit-tested.

/** A colour "#rrggbb" as one pixel of an RGBA byte buffer read as a little-endian Uint32. */
export function packColour(hex: string, alpha = 255): number {
  const v = parseInt(hex.slice(1), 16);
  const r = (v >> 16) & 255;
  const g = (v >> 8) & 255;
  const b = v & 255;
  // Little-endian: the first byte in memory (R) is the least significant.
  return ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export class BarRaster {
  width = 0;
  height = 0;
  /** RGBA bytes, row-major, and the same memory as one Uint32 per pixel. */
  bytes = new Uint8ClampedArray(0);
  private pixels = new Uint32Array(0);

  /** Size the buffer (device px) and clear it to transparent. */
  reset(width: number, height: number): void {
    const w = Math.max(1, Math.round(width));
    const h = Math.max(1, Math.round(height));
    if (w * h > this.pixels.length) {
      this.bytes = new Uint8ClampedArray(w * h * 4);
      this.pixels = new Uint32Array(this.bytes.buffer);
    }
    this.width = w;
    this.height = h;
    this.pixels.fill(0, 0, w * h);
  }

  /** The bytes of the current size (an ImageData needs exactly width x height x 4). */
  view(): Uint8ClampedArray<ArrayBuffer> {
    return new Uint8ClampedArray(this.bytes.buffer as ArrayBuffer, 0, this.width * this.height * 4);
  }

  /**
   * Fill the rect (x, y, w, h), in css px, scaled by `scale` (device pixels per css px) and
   * rounded to whole device pixels, clipped to the buffer.
   */
  fill(colour: number, x: number, y: number, w: number, h: number, scale = 1): void {
    const x0 = Math.max(0, Math.round(x * scale));
    const x1 = Math.min(this.width, Math.round((x + w) * scale));
    const y0 = Math.max(0, Math.round(y * scale));
    const y1 = Math.min(this.height, Math.round((y + h) * scale));
    if (x1 <= x0 || y1 <= y0) return;
    const px = this.pixels;
    const stride = this.width;
    for (let row = y0; row < y1; row++) px.fill(colour, row * stride + x0, row * stride + x1);
  }

  /** The pixel at (x, y) in device px (tests). */
  at(x: number, y: number): number {
    return this.pixels[y * this.width + x]!;
  }
}
