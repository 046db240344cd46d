// Cross-origin isolation for the page, wherever it is hosted. Threads in the WASM lanes need
// SharedArrayBuffer, which needs the page to be cross-origin isolated (COOP/COEP):
// - a host that sends the headers (vite dev/preview, deploy/nginx.conf, public/_headers) makes the
//   page isolated from the first load, and nothing else happens here;
// - elsewhere, public/coi-sw.js (a service worker at the site's base) adds them: the first visit
//   registers it and reloads once; later visits are isolated from the start;
// - where no service worker can run (insecure origin, private windows of some browsers) or it did
//   not help, the page runs single-threaded and says why (status bar, threads control).
// A reload happens at most once per tab session, so a service worker that cannot isolate the page
// never causes a reload loop. The same service worker keeps the page's files for offline use, so a
// built page registers it even where the host isolates the page (no reload then), and says when a
// newer deployment has taken over (`watchForUpdates`).

/** How the page is (or is not) cross-origin isolated. */
export type IsolationMode = 'headers' | 'service-worker' | 'none';

export interface Isolation {
  mode: IsolationMode;
  /** Why the page is not isolated (mode 'none'). */
  reason?: string;
}

/** What the page can see, for the decision (a pure function, tested without a browser). */
export interface IsolationFacts {
  isolated: boolean;
  /** The page is controlled by a service worker. */
  controlled: boolean;
  serviceWorkers: boolean;
  secure: boolean;
  /** This tab already reloaded once for the service worker. */
  reloadedBefore: boolean;
}

export type IsolationStep =
  | { do: 'nothing'; isolation: Isolation }
  | { do: 'register-and-reload' }
  | { do: 'register'; isolation: Isolation };

export function isolationStep(f: IsolationFacts): IsolationStep {
  if (f.isolated) {
    return { do: 'nothing', isolation: { mode: f.controlled ? 'service-worker' : 'headers' } };
  }
  if (!f.secure) {
    return {
      do: 'nothing',
      isolation: {
        mode: 'none',
        reason: 'not a secure context (https or localhost), so no service worker can add COOP/COEP',
      },
    };
  }
  if (!f.serviceWorkers) {
    return {
      do: 'nothing',
      isolation: {
        mode: 'none',
        reason: 'service workers are unavailable here (a private window?), so no COOP/COEP',
      },
    };
  }
  if (f.reloadedBefore) {
    // Registered (or updated) but the reload did not isolate the page: keep the registration for
    // the next visit, never reload again in this tab.
    return {
      do: 'register',
      isolation: {
        mode: 'none',
        reason: 'the COOP/COEP service worker did not isolate this page after a reload',
      },
    };
  }
  return { do: 'register-and-reload' };
}

const RELOAD_KEY = 'schedlab-coi-reload';
/** How long the first visit waits for the service worker before giving up on threads. */
const ACTIVATE_TIMEOUT_MS = 5000;

let current: Isolation = { mode: 'none', reason: 'not checked yet' };

/** The page's isolation, as found at start-up. */
export function isolation(): Isolation {
  return current;
}

function sessionFlag(): { get(): boolean; set(): void; clear(): void } {
  try {
    const s = window.sessionStorage;
    return {
      get: () => s.getItem(RELOAD_KEY) !== null,
      set: () => s.setItem(RELOAD_KEY, String(Date.now())),
      clear: () => s.removeItem(RELOAD_KEY),
    };
  } catch {
    // Storage blocked: a reload could not be remembered, so never reload.
    return { get: () => true, set: () => {}, clear: () => {} };
  }
}

/**
 * Makes the page cross-origin isolated if it can. Resolves 'reloading' when the page is about to
 * reload for the service worker (start nothing then), else 'ready'.
 */
export async function ensureIsolation(): Promise<'ready' | 'reloading'> {
  const flag = sessionFlag();
  const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
  const step = isolationStep({
    isolated: globalThis.crossOriginIsolated === true,
    controlled: sw?.controller != null,
    serviceWorkers: sw !== undefined,
    secure: globalThis.isSecureContext === true,
    reloadedBefore: flag.get(),
  });
  const script = new URL(`${import.meta.env.BASE_URL}coi-sw.js`, document.baseURI);
  const scope = new URL('./', script);
  if (step.do === 'nothing') {
    current = step.isolation;
    if (current.mode !== 'none') flag.clear();
    // Offline use: the built page's service worker, whether or not it is needed for isolation
    // (not in development, where it would cache the dev server's modules).
    if (import.meta.env.PROD && sw && globalThis.isSecureContext === true) {
      sw.register(script, { scope: scope.pathname }).catch(() => undefined);
    }
    return 'ready';
  }
  const registered = sw!.register(script, { scope: scope.pathname });
  if (step.do === 'register') {
    registered.catch(() => undefined);
    current = step.isolation;
    return 'ready';
  }
  try {
    await registered;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const active = await Promise.race([
      sw!.ready.then(() => true),
      new Promise<false>(
        (resolve) => (timer = setTimeout(() => resolve(false), ACTIVATE_TIMEOUT_MS)),
      ),
    ]);
    clearTimeout(timer);
    if (!active) throw new Error('the service worker did not activate in time');
  } catch (e) {
    current = {
      mode: 'none',
      reason: `the COOP/COEP service worker failed: ${e instanceof Error ? e.message : String(e)}`,
    };
    return 'ready';
  }
  flag.set();
  location.reload();
  return 'reloading';
}

/** Ask the service worker to keep this version's files for offline use (it fetches what it lacks;
 * a first visit's worker takes over before it precaches, so as not to hold up the page). */
export function keepForOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // Once the page has loaded and is idle: the files come from the HTTP cache then, and the first
  // frame never waits for them.
  const ask = (): void =>
    void navigator.serviceWorker.ready
      .then((reg) => reg.active?.postMessage('schedlab-precache'))
      .catch(() => undefined);
  const idle = (): void =>
    void ('requestIdleCallback' in window ? requestIdleCallback(ask) : setTimeout(ask, 1000));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}

/** This page's entry script as the service worker lists it (`assets/index-<hash>.js`): which
 * deployment the open page is. */
function ownEntry(): string {
  const src = document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.src ?? '';
  return src === '' ? '' : new URL(src).pathname.split('/').slice(-2).join('/');
}

/**
 * Call `notify` when a newer deployment's service worker takes over while this page is open (the
 * page keeps working; a reload gets the new version). Not when this page already is that version
 * (it loaded from the network after the deployment).
 */
export function watchForUpdates(notify: () => void): void {
  const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
  sw?.addEventListener('message', (e: MessageEvent<unknown>) => {
    const data = e.data as { type?: unknown; files?: unknown } | null;
    if (data?.type !== 'schedlab-updated' || !Array.isArray(data.files)) return;
    if (!data.files.includes(ownEntry())) notify();
  });
}
