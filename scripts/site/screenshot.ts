// `npm run screenshot`: a picture of the page for the README, taken from the BUILT app (dist/) on
// the plain static server under a sub-path, as a visitor sees it: the mixed-overload scenario with
// EDF after some simulated seconds. Writes docs/screenshot.png (1280x860, a few hundred kB).
//
//   npm run build && npm run screenshot

import { chromium } from '@playwright/test';
import { serveStatic } from './static-server.ts';

const OUT = 'docs/screenshot.png';
const server = await serveStatic('dist', { prefix: '/schedlab/' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`${server.url}?rate=305&ir=0.3&sched=edf&speed=4`);
  await page.waitForFunction(() => crossOriginIsolated && window.__schedlab?.ready === true);
  await page.waitForFunction(() => (window.__schedlab!.snapshot()?.time ?? 0) > 20_000, null, {
    timeout: 60_000,
  });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => window.__schedlab!.snapshot()?.playing === false);
  // Let the charts paint the paused frame.
  const frames = await page.evaluate(() => window.__schedlab!.rafFrames());
  await page.waitForFunction((n) => window.__schedlab!.rafFrames() > n + 2, frames);
  await page.screenshot({ path: OUT });
  console.log(`screenshot: wrote ${OUT}`);
} finally {
  await browser.close();
  await server.close();
}
