// The box a text mark covers, estimated as the layouts estimate text widths (scene.ts textWidth), so
// a layout can keep its labels apart and a test can check that no two labels of a scene overlap.

import { textWidth, type Mark } from './scene.ts';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

type TextMark = Extract<Mark, { type: 'text' }>;

/** The box of a text mark (a rotated one is its box turned by 90°). */
export function textBox(m: TextMark): Box {
  const w = textWidth(m.text, m.size);
  const h = m.size;
  const along0 = m.anchor === 'start' ? 0 : m.anchor === 'middle' ? -w / 2 : -w;
  const across0 = m.baseline === 'top' ? 0 : m.baseline === 'middle' ? -h / 2 : -h;
  if (m.rotate === -90) {
    // Rotated -90° (reads upwards): the text's own +x runs to -y on the page, its +y (down) to +x.
    return { x0: m.x + across0, y0: m.y - along0 - w, x1: m.x + across0 + h, y1: m.y - along0 };
  }
  return { x0: m.x + along0, y0: m.y + across0, x1: m.x + along0 + w, y1: m.y + across0 + h };
}

export function boxesOverlap(a: Box, b: Box, pad = 0): boolean {
  return a.x0 < b.x1 + pad && b.x0 < a.x1 + pad && a.y0 < b.y1 + pad && b.y0 < a.y1 + pad;
}

/** Pairs of a scene's labels whose boxes overlap (by their text), for tests. */
export function overlappingLabels(marks: readonly Mark[]): [string, string][] {
  const texts = marks.filter((m): m is TextMark => m.type === 'text' && m.text !== '');
  const boxes = texts.map(textBox);
  const out: [string, string][] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (boxesOverlap(boxes[i]!, boxes[j]!)) out.push([texts[i]!.text, texts[j]!.text]);
    }
  }
  return out;
}
