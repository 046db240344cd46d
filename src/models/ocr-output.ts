// Turning PP-OCR outputs into answers: CTC greedy decoding for the recogniser, argmax for
// the direction classifier, and a simple DB post-process for the detector (threshold the
// probability map, take connected regions, keep confident ones, grow each box as DB's
// "unclip" does). Pure TypeScript, shared by lane workers and tests.

/** Parses ppocr_keys_v1.txt into the recogniser's class list: index 0 is the CTC blank,
 * then one class per dictionary line, then a space (PaddleOCR's use_space_char). */
export function ocrClasses(keysText: string): string[] {
  const keys = keysText.split(/\r?\n/);
  if (keys[keys.length - 1] === '') keys.pop();
  return ['', ...keys, ' '];
}

export interface RecognisedText {
  text: string;
  /** Mean probability of the kept characters (0 for an empty string). */
  confidence: number;
}

/**
 * CTC greedy decoding of one sample of recogniser output `probs` ([T, C] row-major):
 * argmax per step, merge repeats, drop blanks (class 0).
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  classes: readonly string[],
  offset = 0,
): RecognisedText {
  const c = classes.length;
  let text = '';
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * c;
    let best = 0;
    let bestP = -Infinity;
    for (let k = 0; k < c; k++) {
      const p = probs[base + k] ?? -Infinity;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    if (best !== 0 && best !== previous) {
      text += classes[best] ?? '';
      sum += bestP;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept > 0 ? sum / kept : 0 };
}

/** The direction classifier's labels, in output order. */
export const OCR_DIRECTIONS = [0, 180] as const;

/** Argmax of the classifier's [2] softmax for sample `n`. */
export function ocrDirection(probs: Float32Array, n = 0): { angle: 0 | 180; score: number } {
  const up = probs[n * 2] ?? 0;
  const down = probs[n * 2 + 1] ?? 0;
  return down > up ? { angle: 180, score: down } : { angle: 0, score: up };
}

/** An axis-aligned text box in image pixels. */
export interface TextBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Mean text probability inside the region. */
  score: number;
}

export interface DbOptions {
  /** Pixel threshold on the probability map (PaddleOCR det_db_thresh). */
  threshold?: number;
  /** Minimum mean probability of a region (det_db_box_thresh). */
  boxThreshold?: number;
  /** Box growth: offset = area x ratio / perimeter (det_db_unclip_ratio). */
  unclipRatio?: number;
  /** Regions whose shorter side is below this many map pixels are dropped. */
  minSize?: number;
  /** Map-to-image scale factors (from ocrDetInput). */
  scaleX?: number;
  scaleY?: number;
}

/**
 * DB post-processing for a [H,W] probability map: 4-connected regions above `threshold`,
 * their bounding boxes grown by the unclip offset, scaled to image pixels; sorted top to
 * bottom, then left to right.
 */
export function dbBoxes(
  map: Float32Array,
  width: number,
  height: number,
  options: DbOptions = {},
): TextBox[] {
  const {
    threshold = 0.3,
    boxThreshold = 0.6,
    unclipRatio = 1.5,
    minSize = 3,
    scaleX = 1,
    scaleY = 1,
  } = options;
  const label = new Int32Array(width * height);
  const stack: number[] = [];
  const boxes: TextBox[] = [];
  let next = 0;
  for (let start = 0; start < map.length; start++) {
    if (label[start] !== 0 || (map[start] ?? 0) <= threshold) continue;
    next++;
    label[start] = next;
    stack.push(start);
    let x0 = width;
    let y0 = height;
    let x1 = 0;
    let y1 = 0;
    let sum = 0;
    let count = 0;
    while (stack.length > 0) {
      const i = stack.pop() ?? 0;
      const x = i % width;
      const y = (i - x) / width;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      sum += map[i] ?? 0;
      count++;
      const neighbours = [
        x > 0 ? i - 1 : -1,
        x < width - 1 ? i + 1 : -1,
        y > 0 ? i - width : -1,
        y < height - 1 ? i + width : -1,
      ];
      for (const j of neighbours) {
        if (j >= 0 && label[j] === 0 && (map[j] ?? 0) > threshold) {
          label[j] = next;
          stack.push(j);
        }
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    const score = sum / count;
    if (Math.min(w, h) < minSize || score < boxThreshold) continue;
    const grow = (w * h * unclipRatio) / (2 * (w + h));
    boxes.push({
      x0: Math.max(0, (x0 - grow) * scaleX),
      y0: Math.max(0, (y0 - grow) * scaleY),
      x1: Math.min(width, x1 + 1 + grow) * scaleX,
      y1: Math.min(height, y1 + 1 + grow) * scaleY,
      score,
    });
  }
  return boxes.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}
