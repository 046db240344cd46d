// The page offline after one visit, and a new deployment taken up cleanly. A copy of dist/ on a
// plain static server under a sub-path: one visit (the service worker installs and precaches the
// page's own files); then the site is gone (server closed, browser offline) and a reload still opens
// the page, which runs its engine and opens its lessons; then a new version is deployed (a changed
// entry chunk and page, and the service worker the build makes for them): the open page says a new
// version is ready, a reload shows it, and only the newest two versions stay cached.

import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { serveStatic, type StaticServer } from '../scripts/site/static-server.ts';
import { precacheFiles, serviceWorkerSource } from '../scripts/site/service-worker.ts';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const PREFIX = '/course/schedlab/';

function filesOf(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel)).flatMap((name) => {
    const p = join(rel, name);
    return statSync(join(dir, p)).isDirectory() ? filesOf(dir, p) : [p];
  });
}

/** Deploy a new version into `dir`: the entry chunk changes (so its name does), the page points at
 * it, and the service worker is rebuilt for the new files, as `npm run build` would. */
function deployNewVersion(dir: string, mark: string): string {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const entry = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('no entry chunk in index.html');
  const next = entry.replace(/\.js$/, `-${mark}.js`);
  renameSync(join(dir, entry), join(dir, next));
  writeFileSync(
    join(dir, next),
    `${readFileSync(join(dir, next), 'utf8')}\n// deployment ${mark}\n`,
  );
  writeFileSync(
    join(dir, 'index.html'),
    html
      .replace(entry, next)
      .replace('<title>', `<meta name="deployment" content="${mark}" />\n    <title>`),
  );
  const template = readFileSync(
    fileURLToPath(new URL('../public/coi-sw.js', import.meta.url)),
    'utf8',
  );
  const files = filesOf(dir).map((path) => ({ path, content: readFileSync(join(dir, path)) }));
  writeFileSync(
    join(dir, 'coi-sw.js'),
    serviceWorkerSource(
      template,
      files.filter((f) => f.path !== 'coi-sw.js'),
    ),
  );
  return next;
}

/** The page's caches of its own files (not the lanes' runtime/model cache). */
function pageCaches(page: Page): Promise<{ name: string; entries: number }[]> {
  return page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith('schedlab-page-')) continue;
      out.push({ name, entries: (await (await caches.open(name)).keys()).length });
    }
    return out;
  });
}

let site: string;
let server: StaticServer;
test.beforeAll(() => {
  site = mkdtempSync(join(tmpdir(), 'schedlab-site-'));
  cpSync(DIST, site, { recursive: true });
});
test.afterAll(async () => {
  await server?.close();
  rmSync(site, { recursive: true, force: true });
});

test('after one visit the page opens and runs offline, and takes up a new deployment cleanly', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  server = await serveStatic(site, { prefix: PREFIX });
  const port = Number(new URL(server.origin).port);

  // One visit: the service worker isolates the page (one reload) and precaches its files.
  await page.goto(`${server.url}?rate=250&speed=4`);
  await page.waitForFunction(() => window.__schedlab?.ready === true && crossOriginIsolated);
  const precached = precacheFiles(filesOf(site));
  await expect
    .poll(async () => (await pageCaches(page)).map((c) => c.entries), { timeout: 30_000 })
    // Every file of the page's own, and the marker of when this version was installed.
    .toEqual([precached.length + 1]);
  const built = JSON.parse(
    /const BUILD = (\{.*\}); \/\/ written by the build/.exec(
      readFileSync(join(site, 'coi-sw.js'), 'utf8'),
    )![1]!,
  ) as { files: string[] };
  expect(built.files).toEqual(precached);

  // The site goes away: the server is closed and the browser is offline.
  await server.close();
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  await page.waitForFunction(() => (window.__schedlab!.snapshot()?.ledger.completed ?? 0) > 200);
  expect(new URL(page.url()).searchParams.get('rate')).toBe('250');
  await expect(page.getByTestId('narration')).toContainText('jobs/s arrive');
  // A lazy chunk (the lessons) comes from the cache too.
  await page.getByRole('button', { name: 'Lessons' }).click();
  await expect(page.getByRole('button', { name: /^Start lesson 1: Little's law/ })).toBeVisible();
  await page.getByRole('button', { name: 'Close lessons' }).click();

  // A new version is deployed and the site is back: the open page hears of it.
  const entry2 = deployNewVersion(site, 'v2');
  await context.setOffline(false);
  server = await serveStatic(site, { prefix: PREFIX, port });
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
  await expect(page.getByTestId('notice')).toContainText('A new version of SchedLab is ready');
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  await expect(page.locator('meta[name="deployment"]')).toHaveAttribute('content', 'v2');
  expect(await page.locator('script[type="module"]').getAttribute('src')).toContain(entry2);
  expect(await pageCaches(page)).toHaveLength(2);

  // A third version: still only the newest two kept; offline, the page is the newest.
  const before = new Set((await pageCaches(page)).map((c) => c.name));
  deployNewVersion(site, 'v3');
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
  await expect
    .poll(
      async () => {
        const names = (await pageCaches(page)).map((c) => c.name);
        return { kept: names.length, fresh: names.filter((n) => !before.has(n)).length };
      },
      { timeout: 30_000 },
    )
    .toEqual({ kept: 2, fresh: 1 });
  await server.close();
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  await expect(page.locator('meta[name="deployment"][content="v3"]')).toHaveCount(1);
  await context.setOffline(false);
});
