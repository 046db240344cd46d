// Calibration in the page: lane workers time models per batch size on WebGPU (SwiftShader here) and
// WASM, and the result is a `profile` service block the engine accepts for a simulation.

import { expect, test } from '@playwright/test';

test('calibration measures both providers and the engine runs a simulation on the profile', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.waitForFunction(() => window.__schedlab?.ready === true);
  // One click away, under More settings.
  await page.getByRole('button', { name: /^More settings/ }).click();
  await expect(page.getByRole('button', { name: 'Calibrate' })).toBeVisible();

  const { calibration, accepted } = await page.evaluate(async () => {
    const { calibrate } = await window.__schedlab!.calibrator();
    const calibration = await calibrate({
      models: ['ppocr_cls', 'silero_vad'],
      batches: [1, 2, 4],
      runs: 2,
      maxRunMs: 5000,
      providers: ['webgpu', 'wasm'],
      threads: 1,
      fallbackSpeedup: 4,
    });
    const api = await window.__schedlab!.engine();
    const accepted = await api.reset(
      {
        seed: 3,
        jobs: 2000,
        arrivals: { process: 'poisson', rate_per_s: 50 },
        mix: { interactive_ratio: 0.5, models: { ppocr_cls: 1, silero_vad: 1 } },
        lanes: [
          { kind: 'gpu', count: 1 },
          { kind: 'cpu', count: 1 },
        ],
        service: calibration.service,
        scheduler: { name: 'least_loaded' },
      },
      { mode: 'simulated', speed: 100, playing: true },
    );
    return { calibration, accepted };
  });
  console.log(JSON.stringify(calibration.service.profile), calibration.notes);
  expect(calibration.notes).toEqual([]);
  for (const model of ['ppocr_cls', 'silero_vad']) {
    for (const kind of ['gpu', 'cpu'] as const) {
      const row = calibration.service.profile[model]?.[kind];
      expect(Object.keys(row ?? {}).length).toBeGreaterThanOrEqual(1);
      for (const ms of Object.values(row ?? {})) expect(ms).toBeGreaterThan(0);
    }
  }
  expect(calibration.curves.find((c) => c.kind === 'gpu')?.runtime).toMatch(/webgpu/);
  expect(accepted).toMatchObject({ ok: true });
  await page.waitForFunction(() => window.__schedlab!.snapshot()!.ledger.completed >= 2000);
});
