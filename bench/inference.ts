// `npm run bench:inference`: how fast each zoo model runs on the CPU-class lane's
// runtime (onnxruntime-web, WASM backend, here in Node) against native onnxruntime-node
// with the same thread count. Reports p50/p95 latency at batch 1, the WASM/native latency
// ratio the issue targets (<= 2x), and the best throughput over a batch sweep. Then the
// decoders, token by token (bench/decoders.ts: prefill against prompt length, decode against
// batch size and context, WASM both ways of batching against native).
//
// The machine is shared, so the two runtimes are measured side by side, never one after
// the other: per model both sessions are created and warmed up, then R rounds alternate
// native and WASM (order flipped every round) with k runs each. The ratio is the median
// over rounds of (WASM round median / native round median), so a load spike that hits
// one round hits both runtimes. The 1-minute load average is printed next to each row.
//
// WASM code tiering: V8 first runs WebAssembly through its baseline compiler (Liftoff)
// and recompiles hot functions with TurboFan in the background; on a loaded machine that
// takes tens of runs (ResNet-18: ~20 runs at ~1.5x the steady latency), so a few warm-ups
// measured Liftoff code. By default the bench sets --no-liftoff before onnxruntime-web
// compiles its module, so WASM is measured in steady state (module compile ~5 s, once);
// `--tiering lazy` keeps V8's default to show what a freshly started lane sees.
//
//   npm run bench:inference -- [--threads 2] [--rounds 7] [--per-round 3] [--warmup 5]
//     [--models resnet18,vit_s16] [--batches 1,2,4,8] [--max-run-ms 1500]
//     [--tiering eager|lazy] [--long] [--out bench/INFERENCE.md]
//     [--decoders decoder_tiny,gpt2_small|none] [--only zoo|decoders]
//     [--prompt-lengths 16,64] [--decode-batches 1,16] [--contexts 32,512] [--page]
// --page: the decoders in Chromium too, against dist/ (npm run build first).
// Models under ~8 ms get more runs per round (about 25 ms of work each, at most 50).
// Decoders: decoder_tiny by default (a few minutes); gpt2_small adds about half an hour here.
// --long: 15 rounds, batches up to 32, 5 s run cap (about 10 minutes).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { DECODER_IDS, isDecoderId, type DecoderId } from '../src/models/decoders/decoder-config.ts';
import { benchDecoders } from './decoders.ts';
import { benchDecodersInPage } from './decoders-page.ts';
import { writeSection } from './md-section.ts';
import { parseManifest, type ModelEntry } from '../src/models/manifest.ts';
import { generate, MODELS_DIR } from '../scripts/models/generate.ts';

type Provider = 'native' | 'wasm';
const PROVIDERS: Provider[] = ['native', 'wasm'];

interface Options {
  threads: number;
  rounds: number;
  perRound: number;
  warmup: number;
  models: string[] | undefined;
  batches: number[];
  maxRunMs: number;
  tiering: 'eager' | 'lazy';
  out: string | undefined;
  /** Decoders to measure (bench/decoders.ts); none with `--decoders none`. */
  decoders: DecoderId[];
  /** Measure only the zoo models or only the decoders. */
  only: 'zoo' | 'decoders' | undefined;
  /** The decoders' sweeps, in place of bench/decoders.ts's defaults. */
  promptLengths: number[] | undefined;
  decodeBatches: number[] | undefined;
  contexts: number[] | undefined;
  /** Also in Chromium against dist/ (bench/decoders-page.ts). */
  page: boolean;
}

function parseArgs(argv: string[]): Options {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const long = argv.includes('--long');
  return {
    threads: Number(get('--threads') ?? 2),
    rounds: Number(get('--rounds') ?? (long ? 15 : 7)),
    perRound: Number(get('--per-round') ?? 3),
    warmup: Number(get('--warmup') ?? 5),
    models: get('--models')?.split(','),
    batches: (get('--batches') ?? (long ? '1,2,4,8,16,32' : '1,2,4,8')).split(',').map(Number),
    maxRunMs: Number(get('--max-run-ms') ?? (long ? 5000 : 1500)),
    tiering: get('--tiering') === 'lazy' ? 'lazy' : 'eager',
    out: get('--out') ?? 'bench/INFERENCE.md',
    decoders: decodersArg(get('--decoders')),
    only: onlyArg(get('--only')),
    promptLengths: get('--prompt-lengths')?.split(',').map(Number),
    decodeBatches: get('--decode-batches')?.split(',').map(Number),
    contexts: get('--contexts')?.split(',').map(Number),
    page: argv.includes('--page'),
  };
}

function decodersArg(v: string | undefined): DecoderId[] {
  if (v === 'none') return [];
  const ids = (v ?? 'decoder_tiny').split(',');
  const bad = ids.find((id) => !isDecoderId(id));
  if (bad !== undefined) {
    throw new Error(`--decoders: ${bad} is not a decoder (${DECODER_IDS.join(', ')}, or none)`);
  }
  return ids as DecoderId[];
}

function onlyArg(v: string | undefined): Options['only'] {
  if (v === undefined || v === 'zoo' || v === 'decoders') return v;
  throw new Error(`--only: ${v} is neither zoo nor decoders`);
}

/** One runtime's session behind one shape: run once at a batch size, release. */
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

/** Session options shared by both runtimes. Measured without effect on WASM (within
 * noise, see INFERENCE.md): freeDimensionOverrides, enableMemPattern/CpuMemArena off,
 * 'extended' vs 'all'. Intra-op threads: native takes them per session; WASM has one
 * global pool sized by env.wasm.numThreads (set in main) and ignores per-session ones. */
const SESSION_OPTIONS = {
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  enableCpuMemArena: true,
  enableMemPattern: true,
} as const;

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
          ...SESSION_OPTIONS,
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
        })
      : await ortWeb.InferenceSession.create(readFileSync(path), {
          ...SESSION_OPTIONS,
          executionProviders: ['wasm'],
        });
  // Input tensors are built once per batch size and reused: only session.run is timed.
  const feedsByBatch = new Map<number, Record<string, ortWeb.Tensor>>();
  const feeds = (b: number) => {
    let f = feedsByBatch.get(b);
    if (!f) {
      f = {};
      for (const [name, dims] of shapesAt(entry, b)) {
        const spec = entry.inputs.find((s) => s.name === name);
        const size = dims.reduce((a, c) => a * c, 1);
        f[name] =
          spec?.dtype === 'int64'
            ? new ort.Tensor('int64', BigInt64Array.from([16000n]), dims)
            : new ort.Tensor(
                'float32',
                name === 'state' ? new Float32Array(size) : noise(size),
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

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const quantile = (xs: number[], q: number): number =>
  sorted(xs)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const median = (xs: number[]): number => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

/** Process CPU time (all threads, user + system) in ms. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU ms of the most recent timeRun: the compute a run costs, which (unlike wall time)
 * does not grow while the run waits for a core on a loaded machine. Includes the
 * spin-waiting of idle pool threads when threads > 1. */
let lastCpuMs = NaN;

async function timeRun(runner: Runner, batch: number): Promise<number> {
  const c = cpuMs();
  const t = performance.now();
  await runner.run(batch);
  const wall = performance.now() - t;
  lastCpuMs = cpuMs() - c;
  return wall;
}

/** `rounds` alternating rounds of `perRound` runs per runner (order flipped each round).
 * Returns every sample and each round's median, per runner. */
async function interleaved(
  runners: Map<Provider, Runner>,
  batch: number,
  rounds: number,
  perRound: number,
): Promise<Map<Provider, { samples: number[]; cpu: number[]; roundMedians: number[] }>> {
  const out = new Map(
    [...runners.keys()].map((p) => [
      p,
      { samples: [] as number[], cpu: [] as number[], roundMedians: [] as number[] },
    ]),
  );
  const order = [...runners.entries()];
  for (let r = 0; r < rounds; r++) {
    for (const [p, runner] of r % 2 ? [...order].reverse() : order) {
      const times: number[] = [];
      const acc = out.get(p);
      for (let i = 0; i < perRound; i++) {
        times.push(await timeRun(runner, batch));
        acc?.cpu.push(lastCpuMs);
      }
      acc?.samples.push(...times);
      acc?.roundMedians.push(median(times));
    }
  }
  return out;
}

interface ModelResult {
  p50: Map<Provider, number>;
  p95: Map<Provider, number>;
  /** Median over rounds of WASM/native round medians (paired, so shared load cancels). */
  ratio: number;
  /** Median process CPU ms per batch-1 run. */
  cpu: Map<Provider, number>;
  /** samples/s at each batch size measured, per provider. */
  throughput: Map<Provider, Map<number, number>>;
  /** Samples per CPU-second at each batch size: throughput on an otherwise idle machine
   * (with threads = 1 exactly; with more threads idle pool threads' spinning counts too). */
  cpuThroughput: Map<Provider, Map<number, number>>;
  load: [number, number];
}

async function measure(entry: ModelEntry, o: Options): Promise<ModelResult> {
  const load0 = loadavg()[0] ?? NaN;
  const runners = new Map<Provider, Runner>();
  for (const p of PROVIDERS) runners.set(p, await createRunner(entry, p, o.threads));
  // The sweep drops runners from `runners`; all of them are released at the end.
  const all = [...runners.values()];
  try {
    const warm = new Map<Provider, number[]>(PROVIDERS.map((p) => [p, []]));
    for (let i = 0; i < o.warmup; i++) {
      for (const [p, r] of runners) warm.get(p)?.push(await timeRun(r, 1));
    }
    // Sub-millisecond models get more runs a round (about 25 ms of work, at most 50).
    const fastest = Math.min(...[...warm.values()].map(median));
    const perRound = Math.min(50, Math.max(o.perRound, Math.ceil(25 / fastest)));
    const b1 = await interleaved(runners, 1, o.rounds, perRound);
    const res: ModelResult = {
      p50: new Map(),
      p95: new Map(),
      cpu: new Map(),
      ratio: NaN,
      throughput: new Map(),
      cpuThroughput: new Map(),
      load: [load0, NaN],
    };
    for (const [p, { samples, cpu }] of b1) {
      res.cpu.set(p, median(cpu));
      res.p50.set(p, median(samples));
      res.p95.set(p, quantile(samples, 0.95));
      res.throughput.set(p, new Map([[1, 1000 / median(samples)]]));
      res.cpuThroughput.set(p, new Map([[1, 1000 / median(cpu)]]));
    }
    const n = b1.get('native')?.roundMedians ?? [];
    const w = b1.get('wasm')?.roundMedians ?? [];
    res.ratio = median(w.map((x, i) => x / (n[i] ?? NaN)));

    // Batch sweep: a provider leaves once one run passes the cap or its samples per
    // CPU-second (steadier than wall time under load) have fallen twice in a row; the
    // others go on, still interleaved.
    if (entry.dynamicBatch) {
      const falls = new Map<Provider, number>(PROVIDERS.map((p) => [p, 0]));
      for (const b of o.batches.filter((x) => x > 1)) {
        for (const [p, r] of [...runners]) {
          if ((await timeRun(r, b)) > o.maxRunMs) runners.delete(p);
        }
        if (runners.size === 0) break;
        // Small models keep several runs a round here too (sub-ms single runs are noise).
        const rounds = await interleaved(runners, b, 3, Math.max(1, Math.floor(perRound / b)));
        for (const [p, { samples, cpu }] of rounds) {
          res.throughput.get(p)?.set(b, (1000 * b) / median(samples));
          const tp = res.cpuThroughput.get(p) ?? new Map<number, number>();
          const best = Math.max(...tp.values());
          const perCpuSecond = (1000 * b) / median(cpu);
          tp.set(b, perCpuSecond);
          falls.set(p, perCpuSecond < best ? (falls.get(p) ?? 0) + 1 : 0);
          if ((falls.get(p) ?? 0) >= 2) runners.delete(p);
        }
      }
    }
    res.load[1] = loadavg()[0] ?? NaN;
    return res;
  } finally {
    for (const r of all) await r.release();
  }
}

const bestOf = (tp: Map<number, number> | undefined): [number, number] => {
  let best: [number, number] = [NaN, 0];
  for (const [b, t] of tp ?? []) if (!(t <= best[1])) best = [b, t];
  return best;
};

const ms = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(1);

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  // Must precede the first WASM session: that is when onnxruntime-web compiles its module.
  if (o.tiering === 'eager') setFlagsFromString('--no-liftoff');
  await generate(false, () => {});
  ortWeb.env.wasm.numThreads = o.threads;
  ortWeb.env.logLevel = 'error';
  const manifest = parseManifest(
    JSON.parse(readFileSync(join(MODELS_DIR, 'manifest.json'), 'utf8')),
  );
  const entries = manifest.models.filter((m) => !o.models || o.models.includes(m.id));
  if (o.only !== 'decoders') await benchZoo(o, entries);
  if (o.only !== 'zoo' && o.decoders.length > 0) await decoderPart(o);
}

const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');

/** Where and under what load a part ran, for its section's first lines. */
const context = (what: string, settings: string, elapsed: number, l0: number[], l1: number[]) => [
  `Written by \`npm run bench:inference\` (${what}) on ${new Date().toISOString().slice(0, 16)}Z: ${cpus()[0]?.model ?? 'unknown CPU'},`,
  `${cpus().length} logical cores; Node ${process.version}; onnxruntime-node and -web ${ortWeb.env.versions.web ?? '?'};`,
  `${settings}; ${elapsed.toFixed(0)} s. Load average (1, 5, 15 min): ${fmtLoad(l0)} at`,
  `start, ${fmtLoad(l1)} at end.`,
];

/** Each decoder gets a section of its own (GPT-2 small's half hour need not rerun with the tiny
 * decoder's minutes), and so do the page's figures. */
async function decoderPart(o: Options): Promise<void> {
  const settings = `threads=${o.threads}, tiering=${o.tiering}, ${o.rounds} alternating rounds x ${o.perRound} steps per variant`;
  console.log(`decoders: ${o.decoders.join(', ')}; ${settings}`);
  const section = async (name: string, title: string, measure: () => Promise<string[]>) => {
    const started = performance.now();
    const loadStart = loadavg();
    const md = await measure();
    const elapsed = (performance.now() - started) / 1000;
    if (!o.out) return;
    const head = context(name, settings, elapsed, loadStart, loadavg());
    await writeSection(
      o.out,
      `bench:inference ${name}`,
      [title, '', ...head, '', ...md].join('\n'),
    );
    console.log(`wrote ${o.out} (${name})`);
  };
  for (const id of o.decoders) {
    await section(id, `## Decoder ${id}: latest run`, () =>
      benchDecoders({
        decoders: [id],
        threads: o.threads,
        rounds: o.rounds,
        perRound: o.perRound,
        ...(o.promptLengths ? { prefill: o.promptLengths } : {}),
        ...(o.decodeBatches ? { batches: o.decodeBatches } : {}),
        ...(o.contexts ? { contexts: o.contexts } : {}),
      }),
    );
  }
  if (o.page) {
    await section('decoders in the page', '## Decoders in the page: latest run', () =>
      benchDecodersInPage(o.decoders),
    );
  }
}

async function benchZoo(o: Options, entries: ModelEntry[]): Promise<void> {
  const started = performance.now();
  const loadStart = loadavg();

  const settings = `threads=${o.threads}, tiering=${o.tiering}, ${o.warmup} warm-ups, ${o.rounds} alternating rounds x ${o.perRound}+ runs at batch 1, batches ${o.batches.join(',')}, run cap ${o.maxRunMs} ms`;
  console.log(settings);
  const latency: string[] = [
    '| model | GMACs/sample | native p50 ms | native p95 ms | WASM p50 ms | WASM p95 ms | WASM/native p50 (paired) | native CPU ms/run | WASM CPU ms/run | WASM/native CPU | load avg (start→end) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const throughput: string[] = [
    '| model | native samples/CPU-s by batch | WASM samples/CPU-s by batch | WASM gain from batching (CPU) | native best samples/s wall (batch) | WASM best samples/s wall (batch) | WASM gain from batching (wall) |',
    '|---|---|---|---:|---:|---:|---:|',
  ];
  const perBatch = (tp: Map<number, number> | undefined) =>
    [...(tp ?? [])].map(([b, t]) => `${b}: ${t < 100 ? t.toFixed(1) : t.toFixed(0)}`).join(', ');
  for (const entry of entries) {
    const r = await measure(entry, o);
    const [nb, nt] = bestOf(r.throughput.get('native'));
    const [wb, wt] = bestOf(r.throughput.get('wasm'));
    const wasmB1 = r.throughput.get('wasm')?.get(1);
    const [, wct] = bestOf(r.cpuThroughput.get('wasm'));
    const wasmCpuB1 = r.cpuThroughput.get('wasm')?.get(1);
    const nc = r.cpu.get('native') ?? NaN;
    const wc = r.cpu.get('wasm') ?? NaN;
    const row = `| ${entry.id} | ${(entry.macsPerSample / 1e9).toFixed(3)} | ${ms(r.p50.get('native'))} | ${ms(r.p95.get('native'))} | ${ms(r.p50.get('wasm'))} | ${ms(r.p95.get('wasm'))} | ${r.ratio.toFixed(2)}x | ${ms(nc)} | ${ms(wc)} | ${(wc / nc).toFixed(2)}x | ${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)} |`;
    latency.push(row);
    console.log(row);
    throughput.push(
      `| ${entry.id} | ${perBatch(r.cpuThroughput.get('native'))} | ${perBatch(r.cpuThroughput.get('wasm'))} | ${wasmCpuB1 ? (wct / wasmCpuB1).toFixed(2) + 'x' : '-'} | ${nt.toFixed(1)} (${nb}) | ${wt.toFixed(1)} (${wb}) | ${wasmB1 ? (wt / wasmB1).toFixed(2) + 'x' : '-'} |`,
    );
  }
  console.log(throughput.join('\n'));
  const loadEnd = loadavg();
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `${elapsed.toFixed(0)} s; load average (1, 5, 15 min) ${fmtLoad(loadStart)} at start, ${fmtLoad(loadEnd)} at end`,
  );

  if (o.out) {
    const text = [
      '## Latest run',
      '',
      ...context('zoo models', settings, elapsed, loadStart, loadEnd),
      '',
      'Latency at batch 1:',
      '',
      ...latency,
      '',
      'Throughput (the sweep stops at the run cap or after two falls in samples/CPU-s):',
      '',
      ...throughput,
      '',
    ].join('\n');
    await writeSection(o.out, 'bench:inference latest run', text);
    console.log(`wrote ${o.out}`);
  }
}

await main();
