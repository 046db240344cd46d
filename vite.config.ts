// Vite serves and builds the app. The build works from any path: the base is relative ('./') unless
// SCHEDLAB_BASE names one (e.g. SCHEDLAB_BASE=/schedlab/), and every asset, worker, WASM binary and
// model URL resolves against the chunk or page that loads it. Run-time files (ONNX Runtime's WASM,
// the pretrained models) come from the site-files plugin as verified gzip copies; synthetic-weight
// models are made in the lanes, so dist/ holds no model folder. Source maps only with
// SCHEDLAB_SOURCEMAP=1, so dist/ is the site as deployed.
//
// The dev and preview servers send COOP/COEP (scripts/site/isolation-headers.ts; the same as
// public/_headers and deploy/nginx.conf), so the page is cross-origin isolated and the WASM lanes can use threads;
// on hosts that cannot send them, public/coi-sw.js does (app/isolation.ts).

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { siteFilesPlugin } from './scripts/site/site-files-plugin.ts';
import { ISOLATION_HEADERS } from './scripts/site/isolation-headers.ts';

export default defineConfig({
  base: process.env.SCHEDLAB_BASE ?? './',
  plugins: [react(), tailwindcss(), siteFilesPlugin({ emitPublic: true })],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es', plugins: () => [siteFilesPlugin({ emitPublic: false })] },
  build: {
    target: 'es2022',
    sourcemap: process.env.SCHEDLAB_SOURCEMAP === '1',
    // public/ holds the generated models (hundreds of MB); the plugin copies what the site needs.
    copyPublicDir: false,
  },
});
