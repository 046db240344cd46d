// Lesson files are YAML for their authors; the page gets them as JSON. A module id ending in
// `.yaml?lesson` loads as `export default <the document as JSON>`, parsed here at build time, so the
// lessons chunk carries no YAML parser (the page validates the value with zod, as it does an
// imported lesson). A file that is not valid YAML fails the build, naming it.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Plugin } from 'vite';

const SUFFIX = '?lesson';

export function lessonYamlPlugin(): Plugin {
  return {
    name: 'schedlab-lesson-yaml',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith(SUFFIX)) return null;
      const file = id.slice(0, -SUFFIX.length);
      this.addWatchFile(file);
      const value: unknown = parse(readFileSync(file, 'utf8'));
      return `export default ${JSON.stringify(value)};`;
    },
  };
}
