// The built dist/ as a visitor gets it in a browser test: on a plain static server (no COOP/COEP,
// no rewrites) under a course's sub-path, started once per test file. The first visit registers the
// service worker and reloads once for cross-origin isolation; `open` waits through it.

import { fileURLToPath } from 'node:url';
import { test, type Page } from '@playwright/test';
import {
  serveStatic,
  type ServedRequest,
  type StaticServer,
} from '../scripts/site/static-server.ts';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

export interface HostedSite {
  /** The site's sub-path, with slashes at both ends. */
  readonly prefix: string;
  /** The site's URL (origin and sub-path). */
  readonly url: string;
  /** Every request the server answered, in order. */
  readonly requests: readonly ServedRequest[];
  /** Open the site with `query`, optionally with the dashboard shown (a returning user's choice). */
  open(page: Page, query?: string, options?: { dashboard?: boolean }): Promise<void>;
}

/** Serve dist/ under `prefix` for this test file's tests. */
export function hostedSite(prefix = '/course/week-3/schedlab/'): HostedSite {
  let server: StaticServer | undefined;
  test.beforeAll(async () => {
    server = await serveStatic(DIST, { prefix });
  });
  test.afterAll(() => server?.close());
  const started = (): StaticServer => {
    if (!server) throw new Error('the hosted site starts in beforeAll');
    return server;
  };
  return {
    prefix,
    get url() {
      return started().url;
    },
    get requests() {
      return started().requests;
    },
    async open(page, query = '', options = {}) {
      if (options.dashboard) {
        await page.addInitScript(() => localStorage.setItem('schedlab-dashboard', '1'));
      }
      await page.goto(`${started().url}${query}`);
      await page.waitForFunction(() => window.__schedlab?.ready === true && crossOriginIsolated);
    },
  };
}
