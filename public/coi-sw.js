// SchedLab's service worker, served from the site's base path (its scope is the site and nothing
// else on the origin). Two jobs:
//
// 1. Cross-origin isolation, for static hosts that cannot send COOP/COEP headers (project pages on
//    code hosts, plain file servers): every response in scope gets
//      Cross-Origin-Opener-Policy: same-origin
//      Cross-Origin-Embedder-Policy: require-corp
//    (the same headers as public/_headers and deploy/nginx.conf), which makes the page cross-origin
//    isolated after one reload, so ONNX Runtime's WASM lanes can use threads (SharedArrayBuffer).
//    app/isolation.ts registers it and reloads at most once per tab session (no reload loops).
//
// 2. The page offline after one visit. The build writes the list of the page's own files (HTML,
//    scripts, styles, the icon: everything in dist/ but the runtime and model .gz files, which the
//    lanes keep in Cache Storage themselves) and a version into this file (scripts/site/
//    service-worker.ts). Installing precaches them in a cache of that version; pages are fetched
//    network first (always the latest when online) and fall back to the cached page offline; the
//    page's files come from the cache first (their names carry their hash, so a cached copy is the
//    right one). A new deployment is a new version of this file: it installs beside the old one,
//    takes over at once, keeps the previous version's files for pages still open on it (their lazy
//    chunks), deletes anything older, and tells open pages, which offer a reload.
//
// The site loads nothing from other origins, so require-corp costs nothing here. In the spirit of
// coi-serviceworker (MIT, Guido Zuidhof), kept small and specific to this site.

/* eslint-env serviceworker */
const BUILD = { version: 'dev', files: [] }; // the build writes the real list here
const PREFIX = 'schedlab-page-';
const CACHE = `${PREFIX}${BUILD.version}`;
/** When this version was installed (a marker entry), to keep the newest older version only. */
const INSTALLED = '__schedlab_installed__';

const scoped = (path) => new URL(path, self.registration.scope).href;

/** Put this version's files that are not cached yet into its cache (a failed fetch is tried again
 * next time). Files whose names carry no hash (the page, the icon) are fetched past the HTTP cache,
 * so the cache holds exactly this version. */
async function precache() {
  if (BUILD.files.length === 0) return;
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((r) => r.url));
  await Promise.all(
    BUILD.files
      .filter((f) => !have.has(scoped(f)))
      .map(async (f) => {
        try {
          const request = new Request(scoped(f), {
            cache: f.startsWith('assets/') ? 'default' : 'reload',
          });
          const response = await fetch(request);
          if (response.ok) await cache.put(scoped(f), response);
        } catch {
          // Offline or refused: the next visit tries again.
        }
      }),
  );
  if (!have.has(scoped(INSTALLED))) {
    await cache.put(scoped(INSTALLED), new Response(String(Date.now())));
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // An update precaches before it takes over (pages open on the old version keep working, and
      // offline use never finds a half-cached version). A first install takes over at once: the
      // page is waiting for it to be cross-origin isolated, and asks for the precache once it has
      // loaded (the message below).
      if (self.registration.active) await precache();
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'schedlab-precache') event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Keep this version and the newest older one (pages still open on it need its files).
      const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE);
      const when = await Promise.all(
        names.map(async (n) => {
          const hit = await (await caches.open(n)).match(scoped(INSTALLED));
          return { n, t: hit ? Number(await hit.text()) : 0 };
        }),
      );
      when.sort((a, b) => b.t - a.t);
      await Promise.all(when.slice(1).map(({ n }) => caches.delete(n)));
      const updated = when.length > 0;
      await self.clients.claim();
      if (updated) {
        for (const client of await self.clients.matchAll({ type: 'window' })) {
          client.postMessage({
            type: 'schedlab-updated',
            version: BUILD.version,
            files: BUILD.files,
          });
        }
      }
    })(),
  );
});

/** A response with the isolation headers. */
function isolated(response) {
  // Opaque responses (other origins, no-cors) cannot be changed; none are the site's own.
  if (response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** The cached copy of `request` in this version's cache, else in an older one kept. */
async function cached(request) {
  const own = await (await caches.open(CACHE)).match(request);
  if (own) return own;
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX)) continue;
    const hit = await (await caches.open(name)).match(request);
    if (hit) return hit;
  }
  return undefined;
}

async function page(request) {
  try {
    // Revalidated: online, a page is always the latest deployment's.
    const response = await fetch(request, { cache: 'no-cache' });
    // A followed redirect on navigation keeps its final URL only as a redirect.
    if (response.redirected) return Response.redirect(response.url, 302);
    return isolated(response);
  } catch (e) {
    // Offline: this version's page (any query string: the settings live there).
    const copy = (await cached(scoped('index.html'))) ?? (await cached(scoped('./')));
    if (copy) return isolated(copy);
    throw e;
  }
}

async function file(request) {
  const copy = await cached(request);
  return isolated(copy ?? (await fetch(request)));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // A request only the HTTP cache may answer, for another origin's resource, cannot be re-fetched.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  const url = new URL(request.url);
  const inScope = url.href.startsWith(self.registration.scope);
  if (request.method === 'GET' && inScope && request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (request.method === 'GET' && inScope) {
    event.respondWith(file(request));
  } else {
    event.respondWith(fetch(request).then(isolated));
  }
});
