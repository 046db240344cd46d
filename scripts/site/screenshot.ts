// `npm run screenshot`: pictures of the page's first look for the README, taken from the BUILT app
// (dist/) on the plain static server under a sub-path, as a visitor sees it, at the three sizes the
// page is checked at: 1440x900 and 1280x720 (a laptop, a projector) and 390x844 (a phone). The
// scenario: 30 % interactive jobs arriving a little faster than the lanes serve them, so the line
// visibly forms and the narration says why, paused after 15 simulated seconds. Writes
// docs/first-look-<width>.png (a few hundred kB each). Then the LLM serving mode, opened from its
// link: the chat preset on a KV cache of 256 blocks, so the block map fills and preemptions show,
// paused after 30 simulated seconds: docs/llm-mode-<width>.png.
//
//   npm run build && npm run screenshot

import { chromium } from '@playwright/test';
import { serveStatic } from './static-server.ts';

export const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
] as const;
const QUERY = '?rate=340&ir=0.3&speed=4';
const LLM_QUERY = '?mode=llm&l.preset=chat&l.blocks=256&l.speed=4';

const server = await serveStatic('dist', { prefix: '/schedlab/' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'],
});
try {
  for (const viewport of VIEWPORTS) {
    const page = await browser.newPage({ viewport });
    await page.goto(`${server.url}${QUERY}`);
    await page.waitForFunction(() => crossOriginIsolated && window.__schedlab?.ready === true);
    await page.waitForFunction(() => (window.__schedlab!.snapshot()?.time ?? 0) > 15_000, null, {
      timeout: 90_000,
    });
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => window.__schedlab!.snapshot()?.playing === false);
    // Let the picture and the figures paint the paused frame, and the last dots land.
    const frames = await page.evaluate(() => window.__schedlab!.rafFrames());
    await page.waitForFunction((n) => window.__schedlab!.rafFrames() > n + 2, frames);
    await page.waitForFunction(() => window.__schedlab!.queueView().dotsInFlight === 0);
    // On a phone Pause sits below the first screen and clicking it scrolled there: the picture is
    // of the first screen, as a visitor opens it.
    await page.evaluate(() => window.scrollTo(0, 0));
    const out = `docs/first-look-${viewport.width}.png`;
    await page.screenshot({ path: out });
    console.log(`screenshot: wrote ${out}`);
    await page.close();
  }
  for (const viewport of VIEWPORTS) {
    const page = await browser.newPage({ viewport });
    await page.goto(`${server.url}${LLM_QUERY}`);
    await page.waitForFunction(() => (window.__schedlabLlm?.snapshot()?.time ?? 0) > 30_000, null, {
      timeout: 120_000,
    });
    // Space pauses the LLM run (the page's own shortcut), from anywhere but a field.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__schedlabLlm!.snapshot()?.playing === false);
    // The canvases draw the paused frame on the next animation frames.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    const out = `docs/llm-mode-${viewport.width}.png`;
    await page.screenshot({ path: out });
    console.log(`screenshot: wrote ${out}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
