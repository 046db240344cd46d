// The built service worker: it precaches the page's own files (not the runtime and model .gz copies,
// the host's _headers or itself), carries a version that changes with any file, and refuses a
// template that lost its build line. (e2e/offline.spec.ts checks the built dist/'s list.)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_LINE, precacheFiles, serviceWorkerSource } from './service-worker.ts';

const ROOT = join(import.meta.dirname, '../..');
const template = readFileSync(join(ROOT, 'public/coi-sw.js'), 'utf8');

/** The BUILD object a built worker carries. */
function buildOf(source: string): { version: string; files: string[] } {
  const json = /const BUILD = (\{.*\}); \/\/ written by the build/.exec(source)?.[1];
  if (!json) throw new Error('no build line');
  return JSON.parse(json) as { version: string; files: string[] };
}

describe('the service worker build', () => {
  const files = [
    { path: 'index.html', content: '<div id="root"></div>' },
    { path: 'assets/index-abc.js', content: 'console.log(1)' },
    { path: 'assets/ort-wasm.wasm-x.gz', content: 'gz' },
    { path: '_headers', content: '/*' },
    { path: 'favicon.svg', content: '<svg/>' },
  ];

  it("precaches the page's own files only", () => {
    expect(buildOf(serviceWorkerSource(template, files)).files).toEqual([
      'assets/index-abc.js',
      'favicon.svg',
      'index.html',
    ]);
    expect(precacheFiles(['coi-sw.js', 'a.js.map', 'b.js'])).toEqual(['b.js']);
  });

  it('gets a new version when any file changes, the same one otherwise', () => {
    const v1 = buildOf(serviceWorkerSource(template, files)).version;
    expect(buildOf(serviceWorkerSource(template, [...files].reverse())).version).toBe(v1);
    const changed = files.map((f) => (f.path === 'index.html' ? { ...f, content: '<p>' } : f));
    expect(buildOf(serviceWorkerSource(template, changed)).version).not.toBe(v1);
  });

  it('refuses a template without its build line', () => {
    expect(template).toContain(BUILD_LINE);
    expect(() => serviceWorkerSource('self.x = 1;', files)).toThrow(/lost its build line/);
  });
});
