// Input tensors for the PP-OCR models, following PaddleOCR's own preprocessing
// (tools/infer/predict_det.py, predict_rec.py, predict_cls.py): BGR channel order, the
// detector normalised with ImageNet statistics at a size that is a multiple of 32, the
// recogniser and the direction classifier at height 48 scaled to [-1,1] and padded right.
import { resizeBilinear, type RgbaImage } from './rgba-image.ts';
import { writeChw, type TensorData } from './tensor-data.ts';

const BGR = [2, 1, 0] as const;
const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];
const HALF = [0.5, 0.5, 0.5];

/** Detector input plus the factors that map map-pixels back to image pixels. */
export interface DetInput extends TensorData {
  /** Image x = map x * scaleX; image y = map y * scaleY. */
  readonly scaleX: number;
  readonly scaleY: number;
}

const roundTo32 = (v: number): number => Math.max(32, Math.round(v / 32) * 32);

/**
 * PP-OCR detector input [1,3,H,W]: the longest side limited to `limitSide` (PaddleOCR's
 * det_limit_side_len, 960), both sides rounded to multiples of 32. Pass `size` to force a
 * fixed [size,size] input (the lanes use 640 so requests can share a batch).
 */
export function ocrDetInput(image: RgbaImage, limitSide = 960, size?: number): DetInput {
  let w: number;
  let h: number;
  if (size !== undefined) {
    w = size;
    h = size;
  } else {
    const ratio = Math.min(1, limitSide / Math.max(image.width, image.height));
    w = roundTo32(image.width * ratio);
    h = roundTo32(image.height * ratio);
  }
  const resized = resizeBilinear(image, w, h);
  const data = new Float32Array(3 * w * h);
  writeChw(data, 0, resized, w, BGR, DET_MEAN, DET_STD);
  return { data, dims: [1, 3, h, w], scaleX: image.width / w, scaleY: image.height / h };
}

/** Height of recogniser and classifier inputs. */
export const OCR_LINE_HEIGHT = 48;

/**
 * One text line at height 48, aspect ratio kept, scaled to [-1,1], BGR, zero-padded on
 * the right to `width`. Lines wider than `width` are squeezed to fit (as PaddleOCR does).
 */
function lineTensor(images: readonly RgbaImage[], width: number): TensorData {
  const h = OCR_LINE_HEIGHT;
  const data = new Float32Array(images.length * 3 * h * width);
  images.forEach((image, n) => {
    const w = Math.min(width, Math.max(1, Math.ceil((h * image.width) / image.height)));
    writeChw(data, n * 3 * h * width, resizeBilinear(image, w, h), width, BGR, HALF, HALF);
  });
  return { data, dims: [images.length, 3, h, width] };
}

/**
 * PP-OCR recogniser input [N,3,48,W] for cropped text lines. W defaults to PaddleOCR's
 * rule: at least 320, wider if the widest line needs it (48 x its aspect ratio).
 */
export function ocrRecInput(lines: readonly RgbaImage[], width?: number): TensorData {
  const widest = Math.max(...lines.map((l) => Math.ceil((OCR_LINE_HEIGHT * l.width) / l.height)));
  return lineTensor(lines, width ?? Math.max(320, widest));
}

/** PP-OCR direction classifier input [N,3,48,192]. */
export function ocrClsInput(lines: readonly RgbaImage[]): TensorData {
  return lineTensor(lines, 192);
}
