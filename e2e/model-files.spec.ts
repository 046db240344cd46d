// The lanes' files in the browser: the synthetic-weight models are made in the lane worker from
// their seeds, byte for byte the files `npm run models` wrote (the lane checks each against the
// manifest's sha256 before it creates a session, and is down otherwise); files are cached after
// the first load, and a cached copy that was truncated or tampered with is detected and rebuilt,
// never run.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { modelEntry, parseManifest, type ModelId } from '../src/models/manifest.ts';
import type { AssetLoad } from '../src/workers/lanes/verified-assets.ts';

const manifest = parseManifest(JSON.parse(readFileSync('public/models/manifest.json', 'utf8')));

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.__schedlab?.ready === true);
}

/** Start a WASM lane on `models`, wait until it is ready, and return where its files came from. */
async function laneFiles(page: Page, models: ModelId[], warmupRuns = 0): Promise<AssetLoad[]> {
  return page.evaluate(
    async ({ models, warmupRuns }) => {
      const { LaneClient } = await window.__schedlab!.lanes();
      const lane = new LaneClient({
        name: 'files',
        provider: 'wasm',
        threads: 1,
        models,
        allowSoftwareAdapter: true,
        warmupRuns,
      });
      try {
        const status = await lane.ready();
        return status.info.files ?? [];
      } finally {
        lane.terminate();
      }
    },
    { models, warmupRuns },
  );
}

const from = (loads: AssetLoad[]) => Object.fromEntries(loads.map((l) => [l.key, l.from]));

test('a lane makes ResNet-18, ResNet-50 and ViT-S/16 from their seeds, byte for byte the files npm run models wrote', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const ids = ['resnet18', 'resnet50', 'vit_s16'] as const;
  // The files on disk are what `npm run models` wrote; the manifest records their sha256.
  for (const id of ids) {
    const entry = modelEntry(manifest, id);
    const disk = readFileSync(`public/models/${entry.file}`);
    expect(createHash('sha256').update(disk).digest('hex')).toBe(entry.sha256);
  }
  await openApp(page);
  const loads = await laneFiles(page, [...ids]);
  // Ready means every made file passed the lane's sha256 check against that manifest.
  for (const id of ids) {
    const load = loads.find((l) => l.key === `models/${id}.onnx`);
    expect(load).toMatchObject({ from: 'made' });
    expect(load?.rejected).toBeUndefined();
    console.log(
      `${id}: weights made and encoded in the lane worker in ${(load!.obtainMs! / 1000).toFixed(2)} s; with the sha256 check ${(load!.ms / 1000).toFixed(2)} s (${(modelEntry(manifest, id).bytes / 1e6).toFixed(1)} MB)`,
    );
  }
});

test('a truncated or tampered cached file is detected and rebuilt, never run', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  const models: ModelId[] = ['ppocr_cls', 'resnet18'];
  const first = await laneFiles(page, models, 1);
  expect(from(first)).toEqual({
    'runtime/ort-wasm-simd-threaded.wasm': 'network',
    'models/ppocr_cls.onnx': 'network',
    'models/resnet18.onnx': 'made',
  });

  // Spoil two cache entries: cut ResNet-18 short, flip one byte of the classifier.
  const spoiled = await page.evaluate(async () => {
    const cache = await caches.open('schedlab-files-v1');
    const out: string[] = [];
    for (const req of await cache.keys()) {
      const bytes = new Uint8Array(await (await cache.match(req))!.arrayBuffer());
      let bad: Uint8Array<ArrayBuffer> | undefined;
      if (req.url.includes('/models/resnet18.onnx?')) bad = bytes.slice(0, bytes.length >> 2);
      if (req.url.includes('/models/ppocr_cls.onnx?')) {
        bad = bytes.slice();
        bad[bad.length >> 1]! ^= 0x40;
      }
      if (bad) {
        await cache.put(req, new Response(bad));
        out.push(new URL(req.url).pathname);
      }
    }
    return out.sort();
  });
  expect(spoiled).toEqual([
    '/__schedlab-files__/models/ppocr_cls.onnx',
    '/__schedlab-files__/models/resnet18.onnx',
  ]);

  // The next lane rejects both copies, fetches and makes them again, and runs (warm-up) fine.
  const second = await laneFiles(page, models, 1);
  console.log(`after spoiling: ${JSON.stringify(second)}`);
  expect(from(second)).toEqual({
    'runtime/ort-wasm-simd-threaded.wasm': 'cache',
    'models/ppocr_cls.onnx': 'network',
    'models/resnet18.onnx': 'made',
  });
  const why = Object.fromEntries(second.map((l) => [l.key, l.rejected]));
  expect(why['models/ppocr_cls.onnx']).toMatch(/cached copy rejected: sha256 /);
  expect(why['models/resnet18.onnx']).toMatch(
    /cached copy rejected: \d+ bytes, expected \d+ \(truncated\)/,
  );

  // The rebuilt copies are good: the third lane takes everything from the cache.
  const third = await laneFiles(page, models, 0);
  expect(Object.values(from(third))).toEqual(['cache', 'cache', 'cache']);
});
