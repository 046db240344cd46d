// `npm run profile`: measure inference latency per model x batch size on this machine and write a
// profile that the engine's `profile` service model reads, so simulations are calibrated to this
// device. Runs onnxruntime-web's WASM backend in Node (the CPU-class lanes' runtime) and, with
// `--runtime native|both`, onnxruntime-node. Node has no WebGPU: GPU-class rows are derived from
// the CPU rows by `--gpu-speedup` (and say so), or measured for real with the page's Calibrate.
//
//   npm run profile                       # short: ppocr_cls, silero_vad, resnet18 at batch 1..8
//   npm run profile -- --full             # every model, batch 1, 2, 4, 8, 16, 32
//   npm run profile -- --models resnet18,vit_s16 --batches 1,4,16 --runs 7 --threads 2
//                      [--runtime web|native|both] [--gpu-speedup 4|0] [--max-run-ms 3000]
//                      [--out out/profile.json] [--config examples/contract.json]
//
// Writes `--out` (the `service` block: paste it into a config) and, with `--config`, that config
// with its service replaced, next to it as calibrated-config.json.

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { readInputText } from './io/input-file.ts';
import { OptionError, parseOptions } from './io/options.ts';
import { PROFILE_OPTIONS as OPTIONS } from './profile-options.ts';
import { OutputError, OutputFolder } from './io/output-folder.ts';
import { warn } from './io/terminal.ts';
import { parseConfigText } from './load-config.ts';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { parseManifest, type ModelEntry } from '../src/models/manifest.ts';
import { FeedCache, type OrtModule } from '../src/workers/lanes/session-feeds.ts';
import { nodeSamples } from './node-samples.ts';
import {
  deriveCurves,
  formatProfile,
  FULL_BATCHES,
  median,
  profileService,
  type ProfileCurve,
} from '../src/profiler/profile-table.ts';
import { checkConfig } from '../src/engine/config.ts';
import { generate, MODELS_DIR } from '../scripts/models/generate.ts';

type Runtime = 'web' | 'native';

interface Options {
  models: string[];
  batches: number[];
  runs: number;
  threads: number;
  runtimes: Runtime[];
  gpuSpeedup: number;
  maxRunMs: number;
  out: string;
  config: string | undefined;
}

const SHORT_MODELS = ['ppocr_cls', 'silero_vad', 'resnet18'];

/** Options (cli/io/options.ts: strict, exit 2 on a bad one). */
function parseProfileArgs(argv: string[]): Options {
  const { values: v } = parseOptions(argv, OPTIONS);
  const full = v.full;
  const batches = (v.batches ?? (full ? FULL_BATCHES.join(',') : '1,2,4,8')).split(',');
  if (!batches.every((b) => /^\d{1,4}$/.test(b) && Number(b) >= 1)) {
    throw new OptionError([`--batches: "${v.batches}" is not a list of batch sizes like 1,4,16`]);
  }
  return {
    models: v.models?.split(',') ?? (full ? [] : SHORT_MODELS),
    batches: batches.map(Number),
    runs: v.runs ?? (full ? 9 : 5),
    threads: v.threads,
    runtimes: v.runtime === 'both' ? ['web', 'native'] : [v.runtime as Runtime],
    gpuSpeedup: v['gpu-speedup'],
    maxRunMs: v['max-run-ms'] ?? (full ? 10_000 : 3000),
    out: v.out,
    config: v.config,
  };
}

async function profileModel(
  entry: ModelEntry,
  runtime: Runtime,
  o: Options,
  onBatch: (batch: number, ms: number) => void,
): Promise<{ ms: Record<string, number>; coldStartMs: number }> {
  const path = join(MODELS_DIR, entry.file);
  // The cold start a new replica pays for this model: read it, create its session, run it once.
  const coldStarted = performance.now();
  // Both runtimes' sessions and tensors are the same onnxruntime-common classes at run time;
  // FeedCache is typed against onnxruntime-web's module.
  const ort = (runtime === 'web' ? ortWeb : ortNode) as unknown as OrtModule;
  const session =
    runtime === 'web'
      ? await ortWeb.InferenceSession.create(readFileSync(path), {
          executionProviders: ['wasm'],
          graphOptimizationLevel: 'all',
        })
      : await ortNode.InferenceSession.create(path, {
          intraOpNumThreads: o.threads,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
        });
  const feeds = new FeedCache(ort, nodeSamples(), 1);
  const ms: Record<string, number> = {};
  let coldStartMs = NaN;
  try {
    await session.run(feeds.get(entry, 1) as Record<string, ortNode.Tensor & ortWeb.Tensor>);
    coldStartMs = performance.now() - coldStarted;
    const batches = entry.dynamicBatch ? o.batches : [1];
    for (const batch of batches) {
      const run = async (): Promise<number> => {
        const t = performance.now();
        await session.run(
          feeds.get(entry, batch) as Record<string, ortNode.Tensor & ortWeb.Tensor>,
        );
        return performance.now() - t;
      };
      const first = await run();
      const times = first > o.maxRunMs ? [first] : [];
      for (let i = 0; i < o.runs && first <= o.maxRunMs; i++) times.push(await run());
      ms[String(batch)] = median(times);
      onBatch(batch, ms[String(batch)]!);
      if (first > o.maxRunMs) break;
    }
  } finally {
    await session.release();
  }
  return { ms, coldStartMs };
}

async function main(): Promise<void> {
  let o: Options;
  let outDir: OutputFolder;
  try {
    o = parseProfileArgs(process.argv.slice(2));
    // Before minutes of measuring: a place that cannot hold the profile is said now.
    outDir = OutputFolder.check(dirname(o.out));
  } catch (e) {
    if (!(e instanceof OptionError || e instanceof OutputError)) throw e;
    warn(`profile: ${e instanceof OptionError ? e.problems.join('\nprofile: ') : e.message}`);
    process.exit(2);
  }
  await generate(false, () => {});
  ortWeb.env.wasm.numThreads = o.threads;
  ortWeb.env.logLevel = 'error';
  const manifest = parseManifest(
    JSON.parse(readFileSync(join(MODELS_DIR, 'manifest.json'), 'utf8')),
  );
  const entries = manifest.models.filter((m) => o.models.length === 0 || o.models.includes(m.id));
  const unknown = o.models.filter((m) => !manifest.models.some((e) => e.id === m));
  if (unknown.length > 0) throw new Error(`unknown models: ${unknown.join(', ')}`);

  const started = performance.now();
  const curves: ProfileCurve[] = [];
  for (const runtime of o.runtimes) {
    const label =
      runtime === 'web'
        ? `onnxruntime-web ${ortWeb.env.versions.web ?? '?'} wasm, ${o.threads} threads, Node`
        : `onnxruntime-node, ${o.threads} threads`;
    for (const entry of entries) {
      process.stderr.write(`${entry.id} (${runtime}):`);
      const { ms, coldStartMs } = await profileModel(entry, runtime, o, (b, t) =>
        process.stderr.write(` b${b}=${t.toFixed(1)}ms`),
      );
      process.stderr.write(` cold start ${coldStartMs.toFixed(0)} ms\n`);
      // The CPU-class lanes run onnxruntime-web; native figures are kept only when asked for alone.
      if (runtime === 'web' || !o.runtimes.includes('web')) {
        curves.push({ model: entry.id, kind: 'cpu', runtime: label, ms, coldStartMs });
      } else {
        console.log(
          formatProfile([{ model: entry.id, kind: 'cpu', runtime: label, ms }], o.batches),
        );
      }
    }
  }
  const all =
    o.gpuSpeedup > 0 ? [...curves, ...deriveCurves(curves, 'cpu', 'gpu', o.gpuSpeedup)] : curves;
  const service = profileService(all);

  outDir.write(basename(o.out), JSON.stringify(service, null, 2) + '\n');
  console.log(formatProfile(all, o.batches));
  console.log(JSON.stringify(service, null, 2));
  console.log(
    `wrote ${o.out} in ${((performance.now() - started) / 1000).toFixed(1)} s (${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores).` +
      (o.gpuSpeedup > 0
        ? ` GPU rows are derived (CPU / ${o.gpuSpeedup}): Node has no WebGPU; measure them with Calibrate in the page.`
        : ''),
  );

  if (o.config) {
    const base = parseConfigText(readInputText(o.config, '--config', 'config'), o.config) as Record<
      string,
      unknown
    >;
    const calibrated = { ...base, service };
    const checked = checkConfig(calibrated);
    if (!checked.ok)
      throw new Error(`the calibrated config is invalid:\n  ${checked.problems.join('\n  ')}`);
    const path = outDir.write('calibrated-config.json', JSON.stringify(calibrated, null, 2) + '\n');
    console.log(`wrote ${path} (${o.config} with this profile as its service model)`);
  }
}

await main();
