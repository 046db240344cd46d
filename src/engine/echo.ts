// User text quoted back in messages: a bad token of a trace, a config value, a URL parameter. A
// message must stay readable whatever the input held (a 100 KB parameter, a line of binary), so the
// echo is cut to a few dozen characters and control characters are shown escaped.

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

/** `text` in double quotes, cut to `max` characters, with control characters escaped. */
export function quote(text: string, max = ECHO_CHARS): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  const shown = clip(text, max).replace(/[\u0000-\u001f\u007f"\\]/g, (ch) => {
    if (ch === '"') return '\\"';
    if (ch === '\\') return '\\\\';
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
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
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return `a ${typeof value}`;
  }
}
