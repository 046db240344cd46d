// Renders a line of text into RGBA pixels without a DOM or a font file: a classic 5x7
// bitmap font (upper-case letters, digits, a few marks), scaled up and softened with a
// box blur so edges look anti-aliased. The OCR tests render known text with it and check
// that PP-OCR reads the same string back.
import { createImage, type RgbaImage } from '../../src/models/rgba-image.ts';

// 7 rows of 5 columns each; '#' is ink.
const GLYPHS: Record<string, string> = {
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '####. #...# #...# #...# #...# #...# ####.',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# #...# ##..# #.#.# #..## #...# #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  '0': '.###. #...# #..## #.#.# ##..# #...# .###.',
  '1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  '2': '.###. #...# ....# ...#. ..#.. .#... #####',
  '3': '##### ...#. ..#.. ...#. ....# #...# .###.',
  '4': '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  '5': '##### #.... ####. ....# ....# #...# .###.',
  '6': '..##. .#... #.... ####. #...# #...# .###.',
  '7': '##### ....# ...#. ..#.. .#... .#... .#...',
  '8': '.###. #...# #...# .###. #...# #...# .###.',
  '9': '.###. #...# #...# .#### ....# ...#. .##..',
  '-': '..... ..... ..... .###. ..... ..... .....',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  ' ': '..... ..... ..... ..... ..... ..... .....',
};

export interface TextOptions {
  /** Pixels per font dot (the glyph is 5x7 dots). */
  scale?: number;
  /** Blank margin around the text, in pixels. */
  margin?: number;
}

/** Renders `text` (characters from GLYPHS) black on white. */
export function renderText(text: string, { scale = 4, margin = 12 }: TextOptions = {}): RgbaImage {
  const advance = 6 * scale; // 5 dots + 1 dot of spacing
  const width = text.length * advance - scale + 2 * margin;
  const height = 7 * scale + 2 * margin;
  const ink = new Float32Array(width * height);
  [...text].forEach((ch, index) => {
    const glyph = GLYPHS[ch.toUpperCase()];
    if (!glyph) throw new Error(`no glyph for ${JSON.stringify(ch)}`);
    glyph.split(' ').forEach((row, gy) => {
      [...row].forEach((dot, gx) => {
        if (dot !== '#') return;
        for (let y = 0; y < scale; y++) {
          for (let x = 0; x < scale; x++) {
            ink[(margin + gy * scale + y) * width + margin + index * advance + gx * scale + x] = 1;
          }
        }
      });
    });
  });
  const image = createImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // 3x3 box blur of the ink mask: soft, anti-aliased edges.
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) sum += ink[(y + dy) * width + x + dx] ?? 0;
      }
      const v = 255 * (1 - sum / 9);
      const o = (y * width + x) * 4;
      image.data[o] = v;
      image.data[o + 1] = v;
      image.data[o + 2] = v;
    }
  }
  return image;
}
