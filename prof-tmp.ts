import { chromium } from '@playwright/test';
const cmp = process.argv.includes('--compare');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
const cdp = await page.context().newCDPSession(page);
await page.goto(`http://127.0.0.1:4212/?rate=5000&gpu=24&cpu=16&sched=least_loaded${cmp ? '&cmp=1&b.sched=edf' : ''}`);
await page.waitForFunction(() => window.__schedlab?.ready === true);
if (cmp) await page.waitForFunction(() => window.__schedlab!.compare()?.verdict.status === 'ready', null, { timeout: 300000 });
await page.waitForTimeout(2000);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
const f0 = await page.evaluate(() => window.__schedlab!.rafStats());
await page.waitForTimeout(10000);
const f1 = await page.evaluate(() => window.__schedlab!.rafStats());
const { profile } = await cdp.send('Profiler.stop');
const self = new Map<string, number>();
const dt = profile.timeDeltas ?? [];
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const samples = profile.samples ?? [];
for (let i = 0; i < samples.length; i++) {
  const n = byId.get(samples[i]!)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log('frames', f1.frames - f0.frames, 'rafWork ms', (f1.totalWorkMs - f0.totalWorkMs).toFixed(0), 'profile ms', total.toFixed(0));
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(v.toFixed(0).padStart(7), k);
await browser.close();
