// The tensor shape that preprocessing returns: plain data + dims, no onnxruntime types,
// so this folder stays importable from anywhere (wrap with `new ort.Tensor('float32',
// t.data, t.dims)` at the call site).

/** A float32 tensor's contents and shape (row-major). */
export interface TensorData {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/**
 * Writes an RGBA image into `out` as one NCHW sample at `offset`: each channel scaled
 * to [0,1], then (x - mean) / std. `order` picks which RGBA byte feeds tensor channel
 * 0, 1, 2 ([0,1,2] = RGB, [2,1,0] = BGR). Pixels right of `image.width` (padding) are
 * left as they are in `out` (zero for a fresh array).
 */
export function writeChw(
  out: Float32Array,
  offset: number,
  image: { data: ArrayLike<number>; width: number; height: number },
  tensorWidth: number,
  order: readonly [number, number, number],
  mean: readonly number[],
  std: readonly number[],
): void {
  const plane = tensorWidth * image.height;
  for (let c = 0; c < 3; c++) {
    const src = order[c] ?? c;
    const m = mean[c] ?? 0;
    const s = 1 / (255 * (std[c] ?? 1));
    const shift = m / (std[c] ?? 1);
    const base = offset + c * plane;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        out[base + y * tensorWidth + x] =
          (image.data[(y * image.width + x) * 4 + src] ?? 0) * s - shift;
      }
    }
  }
}
