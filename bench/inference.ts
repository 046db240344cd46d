// `npm run bench:inference`: how fast each zoo model runs on the CPU-class lane's
// runtime (onnxruntime-web, WASM backend, here in Node) against native onnxruntime-node
// with the same thread count. Reports p50/p95 latency at batch 1 and the best throughput
// over batch sizes 1..32, and the WASM/native latency ratio the issue targets (<= 2x).
// The machine is shared: runs are few and short, and a batch sweep stops once a single
// run passes --max-run-ms or throughput has fallen twice in a row.
//
//   npm run bench:inference -- [--threads 2] [--runs 15] [--models resnet18,vit_s16]
//                              [--providers native,wasm] [--max-run-ms 1500] [--out bench/INFERENCE.md]
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { parseManifest, type ModelEntry } from '../src/models/manifest.ts';
import { generate, MODELS_DIR } from '../scripts/models/generate.ts';

type Provider = 'native' | 'wasm';

interface Options {
  threads: number;
  runs: number;
  warmup: number;
  models: string[] | undefined;
  providers: Provider[];
  batches: number[];
  maxRunMs: number;
  out: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    threads: Number(get('--threads') ?? 2),
    runs: Number(get('--runs') ?? 15),
    warmup: Number(get('--warmup') ?? 3),
    models: get('--models')?.split(','),
    providers: (get('--providers') ?? 'native,wasm').split(',') as Provider[],
    batches: (get('--batches') ?? '1,2,4,8,16,32').split(',').map(Number),
    maxRunMs: Number(get('--max-run-ms') ?? 1500),
    out: get('--out') ?? 'bench/INFERENCE.md',
  };
}

/** The two runtimes behind one shape: build feeds, run once. */
interface Runner {
  run(batch: number): Promise<void>;
  release(): Promise<void>;
}

/** Deterministic pseudo-random input values in [-1, 1] (zeros could flatter some kernels). */
function noise(length: number): Float32Array {
  const out = new Float32Array(length);
  let s = 12345;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

/** Input shapes at batch `b`: the profile shapes with the batch axis ('N') set to b. */
function shapesAt(entry: ModelEntry, b: number): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const spec of entry.inputs) {
    const profile = entry.profileShapes[spec.name] ?? [];
    shapes.set(
      spec.name,
      spec.shape.map((d, i) => (d === 'N' ? b : (profile[i] ?? (typeof d === 'number' ? d : 1)))),
    );
  }
  return shapes;
}

async function createRunner(
  entry: ModelEntry,
  provider: Provider,
  threads: number,
): Promise<Runner> {
  const path = join(MODELS_DIR, entry.file);
  const ort = provider === 'native' ? ortNode : ortWeb;
  const session =
    provider === 'native'
      ? await ortNode.InferenceSession.create(path, {
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
        })
      : await ortWeb.InferenceSession.create(readFileSync(path), {
          executionProviders: ['wasm'],
          graphOptimizationLevel: 'all',
        });
  const feedsByBatch = new Map<number, Record<string, ortWeb.Tensor>>();
  const feeds = (b: number) => {
    let f = feedsByBatch.get(b);
    if (!f) {
      f = {};
      for (const [name, dims] of shapesAt(entry, b)) {
        const spec = entry.inputs.find((s) => s.name === name);
        f[name] =
          spec?.dtype === 'int64'
            ? new ort.Tensor('int64', BigInt64Array.from([16000n]), dims)
            : new ort.Tensor(
                'float32',
                name === 'state'
                  ? new Float32Array(dims.reduce((a, c) => a * c, 1))
                  : noise(dims.reduce((a, c) => a * c, 1)),
                dims,
              );
      }
      feedsByBatch.set(b, f);
    }
    return f;
  };
  return {
    run: async (b) => {
      // Both runtimes' Tensor classes are structurally the same onnxruntime-common Tensor.
      await session.run(feeds(b) as Record<string, ortNode.Tensor & ortWeb.Tensor>);
    },
    release: () => session.release(),
  };
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function timeRuns(
  runner: Runner,
  batch: number,
  warmup: number,
  runs: number,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await runner.run(batch);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await runner.run(batch);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

interface ProviderResult {
  p50: number;
  p95: number;
  /** samples/s at each measured batch size. */
  throughput: Map<number, number>;
}

async function measure(entry: ModelEntry, provider: Provider, o: Options): Promise<ProviderResult> {
  const runner = await createRunner(entry, provider, o.threads);
  try {
    const b1 = await timeRuns(runner, 1, o.warmup, o.runs);
    const throughput = new Map<number, number>([[1, 1000 / quantile(b1, 0.5)]]);
    if (entry.dynamicBatch) {
      let best = throughput.get(1) ?? 0;
      let falls = 0;
      for (const b of o.batches.filter((x) => x > 1)) {
        const once = await timeRuns(runner, b, 1, 1);
        if ((once[0] ?? Infinity) > o.maxRunMs) break;
        const times = await timeRuns(
          runner,
          b,
          0,
          Math.max(3, Math.min(8, Math.floor(o.runs / 2))),
        );
        const perSecond = (1000 * b) / quantile(times, 0.5);
        throughput.set(b, perSecond);
        falls = perSecond < best ? falls + 1 : 0;
        best = Math.max(best, perSecond);
        if (falls >= 2) break;
      }
    }
    return { p50: quantile(b1, 0.5), p95: quantile(b1, 0.95), throughput };
  } finally {
    await runner.release();
  }
}

const bestOf = (r: ProviderResult | undefined): [number, number] => {
  let best: [number, number] = [NaN, 0];
  for (const [b, t] of r?.throughput ?? []) if (!(t <= best[1])) best = [b, t];
  return best;
};

const ms = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(1);

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  await generate(false, () => {});
  ortWeb.env.wasm.numThreads = o.threads;
  ortWeb.env.logLevel = 'error';
  const manifest = parseManifest(
    JSON.parse(readFileSync(join(MODELS_DIR, 'manifest.json'), 'utf8')),
  );
  const entries = manifest.models.filter((m) => !o.models || o.models.includes(m.id));

  const header =
    '| model | GMACs/sample | native p50 ms | native p95 ms | WASM p50 ms | WASM p95 ms | WASM/native (p50, b=1) | native best samples/s (batch) | WASM best samples/s (batch) | WASM gain from batching |';
  const rows: string[] = [];
  console.log(
    `threads=${o.threads}, batch-1 runs=${o.runs} after ${o.warmup} warm-ups, providers=${o.providers.join(',')}`,
  );
  console.log(header);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const entry of entries) {
    const results: Partial<Record<Provider, ProviderResult>> = {};
    for (const provider of o.providers) results[provider] = await measure(entry, provider, o);
    const n = results.native;
    const w = results.wasm;
    const [nb, nt] = bestOf(n);
    const [wb, wt] = bestOf(w);
    const wasmB1 = w?.throughput.get(1);
    const row = `| ${entry.id} | ${(entry.macsPerSample / 1e9).toFixed(3)} | ${ms(n?.p50)} | ${ms(n?.p95)} | ${ms(w?.p50)} | ${ms(w?.p95)} | ${n && w ? (w.p50 / n.p50).toFixed(2) + 'x' : '-'} | ${n ? `${nt.toFixed(1)} (${nb})` : '-'} | ${w ? `${wt.toFixed(1)} (${wb})` : '-'} | ${w && wasmB1 ? (wt / wasmB1).toFixed(2) + 'x' : '-'} |`;
    rows.push(row);
    console.log(row);
  }

  if (o.out) {
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const text = [
      '# Inference benchmark',
      '',
      'Written by `npm run bench:inference` (bench/inference.ts). Native = onnxruntime-node (CPU EP);',
      "WASM = onnxruntime-web's WASM backend (SIMD, multi-threaded build) running in Node, the runtime of",
      'the CPU-class lanes. Latency at batch 1 over the profile shapes in public/models/manifest.json',
      '(224x224 images, OCR det 640x640, rec 48x320, cls 48x192, VAD 576 samples); throughput is the best',
      'over the batch sizes tried (sweep stops when one run exceeds the time cap or throughput falls twice).',
      '',
      `Machine: ${cpu}, ${cpus().length} logical cores, shared with other work while measuring;`,
      `Node ${process.version}; onnxruntime-node and -web ${ortWeb.env.versions.web ?? '?'}; ${o.threads} threads for both`,
      `runtimes (intraOpNumThreads / env.wasm.numThreads); ${o.warmup} warm-ups then ${o.runs} runs at batch 1.`,
      '',
      header,
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n');
    writeFileSync(o.out, text);
    console.log(`wrote ${o.out}`);
  }
}

await main();
