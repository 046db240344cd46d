// A generated section of a hand-written Markdown file (bench/INFERENCE.md): the benchmark rewrites
// what lies between its two markers and keeps the analysis around them, formatted as
// `prettier --check .` expects.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

/** Replaces the text between `<!-- name: start -->` and `<!-- name: end -->` in `doc` with
 * `section` (appended with its markers when they are missing). */
export function spliceSection(doc: string, name: string, section: string): string {
  const start = `<!-- ${name}: start -->`;
  const end = `<!-- ${name}: end -->`;
  const block = `${start}\n\n${section}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) return (doc ? doc.trimEnd() + '\n\n' : '') + block + '\n';
  return doc.slice(0, i) + block + doc.slice(j + end.length);
}

/** Writes `section` into `path` between the markers named `name`. */
export async function writeSection(path: string, name: string, section: string): Promise<void> {
  const doc = spliceSection(existsSync(path) ? readFileSync(path, 'utf8') : '', name, section);
  const config = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(doc, { ...config, filepath: path }));
}
