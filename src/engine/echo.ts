// User text quoted back in messages: a bad token of a trace, a config value, a URL parameter. A
// message must stay readable whatever the input held (a 100 KB parameter, a line of binary), so the
// echo is cut to a few dozen characters and control characters are shown escaped. `escapeControls`
// is the one escape: `quote` uses it for echoed values, and the CLI passes every line it prints
// through it (cli/io/terminal.ts), so no ESC, BEL or CR from a file name, a parse error or a
// policy's message reaches a terminal.

/** Characters of user text a message echoes before cutting it with "…". */
export const ECHO_CHARS = 80;

/** `text` cut to `max` characters (code points), with "…" when cut. */
export function clip(text: string, max = ECHO_CHARS): string {
  if (text.length <= max) return text;
  // Cut on a code point boundary, never inside a surrogate pair.
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

// C0 and C1 control characters, DEL, and the invisible characters that reorder or hide text
// (bidi overrides and isolates, the byte-order mark): a terminal acts on the first two kinds (ESC
// starts a control sequence, CSI is 0x9b), the last kind makes a message lie about what it quotes.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escapeOne(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character shown as an escape (`\u001b`, `\n`): the one escape for
 * text echoed back to a person. `keep` lists characters to leave as they are (a printed message
 * keeps its own line breaks and tabs).
 */
export function escapeControls(text: string, keep = ''): string {
  return text.replace(CONTROL, (ch) => (keep.includes(ch) ? ch : escapeOne(ch)));
}

/** `text` in double quotes, cut to `max` characters, with control characters escaped. */
export function quote(text: string, max = ECHO_CHARS): string {
  const shown = escapeControls(clip(text, max).replace(/["\\]/g, (ch) => `\\${ch}`));
  return `"${shown}"`;
}

/** What a value is, for "expected X, found Y" messages: `the string "x"`, `the number 5`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value, 40)}`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    case 'object':
      // YAML's typed collections and scalars arrive as these (`!!omap`, `!!set`, `!!binary`,
      // `!!timestamp`): name them, or "expected an object, found an object" says nothing.
      if (value instanceof Map) return 'an ordered map (YAML !!omap): write a plain mapping';
      if (value instanceof Set) return 'a set (YAML !!set)';
      if (value instanceof Date) return 'a date-time';
      if (ArrayBuffer.isView(value)) return 'binary data (YAML !!binary)';
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return `a ${typeof value}`;
  }
}
