// How deeply a lesson's Markdown nests, found without a Markdown parser. A step of 2,000 `>` (or
// 1,333 list markers), inside the schema's 4,000 characters, overflowed the stack of marked's lexer
// and of the renderer, and the page went blank. The schema (schema.ts) refuses text nested deeper
// than MAX_MARKDOWN_DEPTH when a lesson is imported, and the renderer (markdown.tsx) shows such text
// plain, so neither a file nor a future path around the schema can do it again.

/** Deepest nesting of block quotes and lists a lesson's text may have. */
export const MAX_MARKDOWN_DEPTH = 8;

/**
 * An upper bound on the nesting depth of Markdown `text`: per line, the block-quote markers and
 * list markers it opens with, plus one level per two columns of indentation before them (a nested
 * list item is indented at least two columns past its parent). Never less than the real depth.
 */
export function markdownDepth(text: string): number {
  let max = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let depth = 0;
    let indent = 0;
    let leading = true;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 /* space */ || c === 9 /* tab */) {
        if (leading) indent += c === 9 ? 4 : 1;
        i++;
      } else if (c === 62 /* > */) {
        depth++;
        leading = false;
        i++;
      } else if (
        (c === 45 /* - */ || c === 42 /* * */ || c === 43) /* + */ &&
        isGap(text.charCodeAt(i + 1))
      ) {
        depth++;
        leading = false;
        i++;
      } else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < n && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const d = text.charCodeAt(j);
        if ((d === 46 /* . */ || d === 41) /* ) */ && isGap(text.charCodeAt(j + 1))) {
          depth++;
          leading = false;
          i = j + 1;
        } else break;
      } else break;
    }
    max = Math.max(max, depth + Math.floor(indent / 2));
    const end = text.indexOf('\n', i);
    i = end < 0 ? n : end + 1;
  }
  return max;
}

/** A space, a tab, a line end or the end of the text (NaN) after a list marker. */
function isGap(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
}
