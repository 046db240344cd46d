// The two headers that make the page cross-origin isolated (so the WASM lanes can use threads),
// one definition for the dev/preview servers (vite.config.ts); public/_headers, deploy/nginx.conf
// and the service worker (public/coi-sw.js) spell the same, and deploy-recipes.test.ts checks it.
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
