// JSON read as strictly as YAML: JSON.parse keeps the last of two equal keys in one object without
// a word (`{"jobs": 10, "jobs": 20}` is 20), while the YAML parser refuses them. The CLI's config
// reader (cli/load-config.ts) and the page's import (app/config/import.ts) both refuse them.

/**
 * The first key given twice in one object of `text` (valid JSON), with its line. One pass over the
 * text: a stack of key sets per open object; a string is a key when it comes first in an object or
 * after a comma in one.
 */
export function duplicateJsonKey(text: string): { key: string; line: number } | undefined {
  const stack: (Set<string> | null)[] = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 123 /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 91 /* [ */) {
      stack.push(null);
      expectKey = false;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 44 /* , */) {
      expectKey = stack[stack.length - 1] instanceof Set;
    } else if (c === 34 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 /* \ */ ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const keys = stack[stack.length - 1] as Set<string>;
        if (keys.has(key)) return { key, line };
        keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return undefined;
}
