// SchedLab's cross-origin isolation service worker, for static hosts that cannot send COOP/COEP
// headers (project pages on code hosts, plain file servers). It is served from the site's base
// path, so its scope is the site and nothing else on the origin. Every response in scope gets
//   Cross-Origin-Opener-Policy: same-origin
//   Cross-Origin-Embedder-Policy: require-corp
// (the same headers as public/_headers and deploy/nginx.conf), which makes the page cross-origin
// isolated after one reload, so ONNX Runtime's WASM lanes can use threads (SharedArrayBuffer).
// app/isolation.ts registers it and reloads at most once per tab session (no reload loops).
//
// The site loads nothing from other origins, so require-corp costs nothing here. In the spirit of
// coi-serviceworker (MIT, Guido Zuidhof), kept small and specific to this site.

/* eslint-env serviceworker */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // A request only the HTTP cache may answer, for another origin's resource, cannot be re-fetched.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      // Opaque responses (other origins, no-cors) cannot be changed; none are the site's own.
      if (response.status === 0 || response.type === 'opaqueredirect') return response;
      // A followed redirect on navigation keeps its final URL only as a redirect.
      if (request.mode === 'navigate' && response.redirected) {
        return Response.redirect(response.url, 302);
      }
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      headers.set('Cross-Origin-Resource-Policy', 'same-origin');
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }),
  );
});
