// Vite plugin for the hosted page: serves `virtual:schedlab-site-files` (the model manifest and,
// for every run-time file, the URL of its gzip copy with the size and sha256 of its expanded
// bytes), and writes the few files from public/ the built site needs. `dist/` gets no model
// folder: pretrained models travel as hashed .gz assets, synthetic ones are made in the lanes.
//
// URLs come from Vite's own `?url` asset imports, so they resolve against the importing chunk
// whatever the base (relative by default, or SCHEDLAB_BASE), in the page and in workers alike.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { prepareSiteFiles, readSiteManifest } from './site-files.ts';
import { serviceWorkerSource } from './service-worker.ts';

export const SITE_FILES_MODULE = 'virtual:schedlab-site-files';
const RESOLVED = `\0${SITE_FILES_MODULE}`;

/** Files of public/ that the built site serves at its base, under the same names. */
export const PUBLIC_FILES = ['favicon.svg', 'coi-sw.js', '_headers'] as const;

/** ONNX Runtime's bundles name their .wasm with `new URL('ort-wasm-….wasm', import.meta.url)`, a
 * pattern Vite follows and emits the raw 14 and 27 MB binaries for. The lanes always hand ORT its
 * binary as verified bytes (`env.wasm.wasmBinary`), so those URLs are never fetched: spell them so
 * that Vite leaves them alone. */
function ortWasmUrlsUnfollowed(): Plugin {
  return {
    name: 'schedlab-ort-wasm-urls',
    enforce: 'pre',
    transform(code, id) {
      if (!/onnxruntime-web[\\/]dist[\\/]ort\.[\w.]*\.mjs$/.test(id)) return undefined;
      const out = code.replaceAll('new URL("ort-wasm-', 'new globalThis.URL("ort-wasm-');
      return out === code ? undefined : { code: out, map: null };
    },
  };
}

/** `emitPublic`: write PUBLIC_FILES into the bundle (the page's build, not the workers'). */
export function siteFilesPlugin({ emitPublic }: { emitPublic: boolean }): Plugin[] {
  return [ortWasmUrlsUnfollowed(), siteFiles(emitPublic)];
}

function siteFiles(emitPublic: boolean): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'schedlab-site-files',
    configResolved(resolved) {
      config = resolved;
    },
    resolveId(id) {
      return id === SITE_FILES_MODULE ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return undefined;
      const files = prepareSiteFiles(config.root);
      const imports = files.map((f, i) => `import url${i} from ${JSON.stringify(`/${f.gz}?url`)};`);
      const table = files.map(
        (f, i) =>
          `  ${JSON.stringify(f.key)}: { url: url${i}, bytes: ${f.bytes}, sha256: ${JSON.stringify(f.sha256)}, servedBytes: ${f.servedBytes} },`,
      );
      return [
        ...imports,
        `export const manifest = ${JSON.stringify(readSiteManifest(config.root))};`,
        `export const files = {`,
        ...table,
        `};`,
      ].join('\n');
    },
    generateBundle() {
      if (config.command !== 'build' || !emitPublic) return;
      for (const name of PUBLIC_FILES) {
        // The service worker is written once the bundle is complete (it lists the bundle's files).
        if (name === 'coi-sw.js') continue;
        this.emitFile({
          type: 'asset',
          fileName: name,
          source: readFileSync(join(config.root, 'public', name)),
        });
      }
    },
    writeBundle(options, bundle) {
      if (config.command !== 'build' || !emitPublic || !options.dir) return;
      const files = Object.values(bundle).map((out) => ({
        path: out.fileName,
        content: out.type === 'chunk' ? out.code : out.source,
      }));
      const template = readFileSync(join(config.root, 'public', 'coi-sw.js'), 'utf8');
      writeFileSync(join(options.dir, 'coi-sw.js'), serviceWorkerSource(template, files));
    },
  };
}
