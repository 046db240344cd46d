// A calm first load: once the controls are on screen nothing moves them (the status bar's pills
// are there from the first paint; WebGPU detection only fills in a value), so a click aimed at the
// Arrival rate slider in the first seconds lands on it.

import { expect, test } from '@playwright/test';

test('the Arrival rate slider does not move after it first appears', async ({ page }) => {
  // Watch from the very first frame: every animation frame, note the slider's position.
  await page.addInitScript(() => {
    const seen: { t: number; x: number; y: number }[] = [];
    (window as unknown as { __sliderTrack: typeof seen }).__sliderTrack = seen;
    const poll = (): void => {
      // The first range input of the controls is Arrival rate.
      const slider = document.querySelector('aside input[type="range"]');
      if (slider) {
        const r = slider.getBoundingClientRect();
        seen.push({ t: performance.now(), x: r.x, y: r.y });
      }
      if (performance.now() < 6000) requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
  await page.goto('/');
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  // WebGPU detection has answered (the pill's value is filled in) and a few seconds have passed.
  await expect(page.getByTestId('status-webgpu')).not.toContainText('detecting');
  await page.waitForFunction(() => performance.now() > 6000);
  const track = await page.evaluate(
    () =>
      (window as unknown as { __sliderTrack: { t: number; x: number; y: number }[] }).__sliderTrack,
  );
  expect(track.length).toBeGreaterThan(10);
  await expect(page.getByLabel('Arrival rate')).toHaveJSProperty('type', 'range');
  const ys = track.map((p) => p.y);
  const xs = track.map((p) => p.x);
  console.log(
    `slider seen from ${track[0]!.t.toFixed(0)} ms in ${track.length} frames; y ${Math.min(...ys)}..${Math.max(...ys)}`,
  );
  expect(Math.max(...ys) - Math.min(...ys)).toBeLessThanOrEqual(1);
  expect(Math.max(...xs) - Math.min(...xs)).toBeLessThanOrEqual(1);
});
