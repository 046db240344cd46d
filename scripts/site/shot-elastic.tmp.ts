import { chromium } from '@playwright/test';
import { serveStatic } from './static-server.ts';
const server = await serveStatic('dist', { prefix: '/schedlab/' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    const page = await browser.newPage({ viewport });
    await page.goto(`${server.url}`);
    await page.waitForFunction(() => crossOriginIsolated && window.__schedlab?.ready === true);
    await page.getByTestId('autoscaler-compare-preset').click();
    const panel = page.getByTestId('autoscale-panel');
    await page.getByTestId('autoscale-verdict').waitFor();
    await page.waitForFunction(() => (window.__schedlab!.snapshot()?.time ?? 0) > 700_000, null, { timeout: 120_000 });
    await page.waitForSelector('[data-testid="autoscale-verdict"][data-status="ready"]', { timeout: 180_000 });
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `/tmp/i25/shots/autoscale-${viewport.width}.png` });
    await page.screenshot({ path: `/tmp/i25/shots/page-${viewport.width}.png` });
    const lt = page.getByTestId('loadtest-panel');
    await lt.getByTestId('lt-repeats').fill('1');
    await lt.getByTestId('lt-repeats').press('Enter');
    await lt.getByTestId('lt-duration').fill('5');
    await lt.getByTestId('lt-duration').press('Enter');
    await lt.getByTestId('lt-run').click();
    await page.waitForSelector('[data-testid="loadtest-panel"][data-status="done"]', { timeout: 120_000 });
    await lt.scrollIntoViewIfNeeded();
    await lt.screenshot({ path: `/tmp/i25/shots/loadtest-${viewport.width}.png` });
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
