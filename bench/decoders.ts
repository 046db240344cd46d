// `npm run bench:inference`'s decoder part: how fast the decoders are made from their seeds, and
// how fast they run token by token on the CPU-class lane's runtime (onnxruntime-web's WASM backend
// in Node) against native onnxruntime-node on the same graph (the standard-operator one), through
// the same DecoderRunner the lanes use:
//
// - prefill: one prompt of L tokens (a batch of one), ms and tokens/s against L;
// - decode: a step of B sequences each holding `context` tokens, ms per step and tokens/s against B
//   and context, on WASM both ways a lane can batch (one padded run, or one run per sequence) on
//   the same sequences, and on native padded; the batching gain is tokens/s at the largest B over
//   tokens/s at B = 1;
// - a mixed step: decodes with a prefill chunk beside them, against the two apart.
//
// Paired and alternating as the zoo part is: per shape every variant is set up, then R rounds run
// k timed steps of each in turn (order rotated each round), after one untimed step that moves the
// KV into the variant's layout. Medians over all timed steps. Contexts grow by one per step; the
// table gives the context a shape was set up at.

import { createHash } from 'node:crypto';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import {
  ATTENTION_KINDS,
  DECODERS,
  parametersOf,
  type DecoderId,
} from '../src/models/decoders/decoder-config.ts';
import { decoderFile } from '../src/models/decoders/decoder-files.ts';
import { makeDecoderModel } from '../src/models/decoders/decoder-models.ts';
import {
  DecoderRunner,
  decoderSessionOptions,
  type DecoderBatching,
  type DecoderSession,
  type StepResult,
} from '../src/workers/lanes/decoder-runner.ts';
import { checkConsistency, scriptPrompt } from '../src/workers/lanes/decoder-scenarios.ts';
import {
  shapeRunner,
  type BatchShape,
  type ShapeRunner,
} from '../src/workers/lanes/decoder-shapes.ts';

export interface DecoderBenchOptions {
  decoders: DecoderId[];
  threads: number;
  rounds: number;
  perRound: number;
  /** Prompt lengths, batch sizes and contexts per decoder (defaults by size below). */
  prefill?: number[];
  batches?: number[];
  contexts?: number[];
}

/** Default sweeps: GPT-2 small's are cut so that its part takes minutes, not hours. */
const SWEEP: Record<DecoderId, { prefill: number[]; batches: number[]; contexts: number[] }> = {
  decoder_tiny: {
    prefill: [16, 64, 256, 512],
    batches: [1, 2, 4, 8, 16],
    contexts: [32, 128, 512],
  },
  gpt2_small: { prefill: [16, 64, 256], batches: [1, 4, 16], contexts: [32, 256] },
};

type Variant = 'wasm padded' | 'wasm per-sequence' | 'native padded';
const VARIANTS: Variant[] = ['wasm padded', 'wasm per-sequence', 'native padded'];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const runMs = (r: StepResult): number => r.runs.reduce((a, x) => a + x.ms, 0);
const fmt = (v: number): string => (Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

interface Lanes {
  wasm: DecoderRunner;
  native: DecoderRunner;
  /** On the WASM session too, keeping logits (the consistency check). */
  checked: DecoderRunner;
  release(): Promise<void>;
}

async function lanes(id: DecoderId, bytes: Uint8Array, threads: number): Promise<Lanes> {
  const config = DECODERS[id].config;
  const web = await ortWeb.InferenceSession.create(bytes, decoderSessionOptions('wasm', config));
  const native = await ortNode.InferenceSession.create(bytes, {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const make = (Tensor: typeof ortWeb.Tensor, session: DecoderSession, keepLogits = false) =>
    new DecoderRunner({
      Tensor,
      session,
      config,
      attention: 'standard',
      kvBudgetBytes: 8 * 2 ** 30,
      keepLogits,
    });
  return {
    wasm: make(ortWeb.Tensor, web),
    checked: make(ortWeb.Tensor, web, true),
    // onnxruntime-node's Tensor and session are onnxruntime-common's, as -web's are.
    native: make(
      ortNode.Tensor as unknown as typeof ortWeb.Tensor,
      native as unknown as DecoderSession,
    ),
    release: async () => {
      await web.release();
      await native.release();
    },
  };
}

const batchingOf = (v: Variant): DecoderBatching =>
  v.endsWith('per-sequence') ? 'per-sequence' : 'padded';

/** Process CPU time (user + system, every thread) in ms. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** A variant's timed steps: wall ms of the step, CPU ms of the step (steadier than wall time on a
 * loaded machine, and equal to the work done with one thread), session.run ms, and the packing ms
 * of each block's first (untimed) step, which moved the KV into the variant's layout. */
interface Samples {
  wall: number[];
  cpu: number[];
  run: number[];
  packFirst: number[];
}

/** R rounds of k timed steps per variant (rotating order), each block after one untimed step. */
async function alternate(
  shapes: Map<Variant, ShapeRunner>,
  o: DecoderBenchOptions,
): Promise<Map<Variant, Samples>> {
  const out = new Map<Variant, Samples>(
    [...shapes.keys()].map((v) => [v, { wall: [], cpu: [], run: [], packFirst: [] }]),
  );
  const order = [...shapes.keys()];
  for (let r = 0; r < o.rounds; r++) {
    for (const v of order.map((_, i) => order[(i + r) % order.length]!)) {
      const shape = shapes.get(v)!;
      const acc = out.get(v)!;
      acc.packFirst.push((await shape.step(batchingOf(v))).packMs);
      for (let i = 0; i < o.perRound; i++) {
        await shape.prepare();
        const c0 = cpuMs();
        const res = await shape.step(batchingOf(v));
        acc.cpu.push(cpuMs() - c0);
        acc.wall.push(res.ms);
        acc.run.push(runMs(res));
      }
    }
  }
  return out;
}

/** "wall (CPU)" ms of a variant's median step. */
const msCell = (s: Samples): string => `${fmt(median(s.wall))} (${fmt(median(s.cpu))})`;

async function benchOne(
  id: DecoderId,
  o: DecoderBenchOptions,
  log: (s: string) => void,
): Promise<string[]> {
  const m = DECODERS[id];
  const sweep = {
    prefill: o.prefill ?? SWEEP[id].prefill,
    batches: o.batches ?? SWEEP[id].batches,
    contexts: o.contexts ?? SWEEP[id].contexts,
  };
  const md: string[] = [
    `${m.name} (\`${id}\`, ${parametersOf(id).toLocaleString('en-US')} parameters).`,
    '',
  ];

  // Making the files from the seed, as `npm run models` and the lanes do.
  const made: string[] = [];
  let standard: Uint8Array | undefined;
  for (const kind of ATTENTION_KINDS) {
    const t0 = performance.now();
    const bytes = makeDecoderModel(id, kind, decoderFile(id, kind).bytes);
    const ms = performance.now() - t0;
    const ok = sha256(bytes) === decoderFile(id, kind).sha256;
    made.push(
      `${kind} graph ${(bytes.byteLength / 1e6).toFixed(1)} MB in ${(ms / 1000).toFixed(2)} s (sha256 ${ok ? 'as recorded' : 'DIFFERS from the record'})`,
    );
    if (kind === 'standard') standard = bytes;
  }
  md.push(`Made in Node from seed ${m.seed}: ${made.join('; ')}.`, '');
  log(`${id}: ${made.join('; ')}`);

  const l = await lanes(id, standard!, o.threads);
  const vocab = m.config.vocab;
  try {
    // Is it right? Two sequences, one prompt in chunks beside the other's decodes, then both
    // decoding in one batch, against each alone and every token recomputed without the cache
    // (the tests do this on the tiny decoder).
    const c = await checkConsistency(l.checked, [
      { prompt: scriptPrompt(6, 1, vocab), joinAt: 0, outputs: 6 },
      { prompt: scriptPrompt(9, 2, vocab), joinAt: 0, outputs: 3, chunk: 4 },
    ]);
    const check = `batched vs alone ${c.batchedVsAlone.toExponential(1)}, chunked vs whole prefill ${c.chunkedVsWhole.toExponential(1)}, cached vs recomputed ${c.cachedVsRecomputed.toExponential(1)} (max |logit difference|), greedy tokens ${c.tokensAgree ? 'the same' : 'DIFFERENT'}`;
    const inBatch = c.batched.steps.filter((s) => s.runs.some((r) => r.seqs > 1)).length;
    const beside = c.batched.steps.filter(
      (s) => new Set(s.runs.map((r) => r.kind)).size > 1,
    ).length;
    md.push(
      `Consistency on WASM (${inBatch} steps decoding two sequences in one batch, ${beside} with a prefill chunk beside a decode): ${check}.`,
      '',
    );
    log(`${id}: ${check}`);

    // Prefill: a fresh sequence of L tokens, alone.
    md.push(
      'Prefill of one prompt: ms per step, wall (CPU), median; tokens per CPU-second; WASM over native by CPU time:',
      '',
      '| prompt tokens | WASM ms | WASM tokens/CPU-s | native ms | native tokens/CPU-s | WASM/native |',
      '|---:|---:|---:|---:|---:|---:|',
    );
    for (const L of sweep.prefill) {
      const shape = (r: DecoderRunner): ShapeRunner =>
        shapeRunner(r, { decodeSeqs: 0, context: 1, prefillTokens: L }, vocab);
      const res = await alternate(
        new Map<Variant, ShapeRunner>([
          ['wasm padded', shape(l.wasm)],
          ['native padded', shape(l.native)],
        ]),
        o,
      );
      const w = res.get('wasm padded')!;
      const n = res.get('native padded')!;
      const [wc, nc] = [median(w.cpu), median(n.cpu)];
      const row = `| ${L} | ${msCell(w)} | ${fmt((1000 * L) / wc)} | ${msCell(n)} | ${fmt((1000 * L) / nc)} | ${(wc / nc).toFixed(2)}x |`;
      md.push(row);
      log(`${id} prefill ${row}`);
    }
    md.push('');

    // Decode: B sequences at a context, one token each per step.
    md.push(
      'Decode steps of B sequences each at `context`: ms per step, wall (CPU), median, packing included; tokens per CPU-second (B / CPU time of a step). WASM both ways a lane batches, on the same sequences; native padded. Repack: packing the batch anew when its sequences change (wall ms):',
      '',
      '| context | B | WASM padded ms | tokens/CPU-s | WASM per-sequence ms | tokens/CPU-s | native padded ms | tokens/CPU-s | WASM/native (CPU) | WASM repack ms |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    const gains: string[] = [];
    for (const ctx of sweep.contexts) {
      const tps = new Map<Variant, Map<number, number>>(VARIANTS.map((v) => [v, new Map()]));
      for (const B of sweep.batches) {
        const shapes = new Map<Variant, ShapeRunner>();
        const spec: BatchShape = { decodeSeqs: B, context: ctx };
        const wasmShape = shapeRunner(l.wasm, spec, vocab);
        const nativeShape = shapeRunner(l.native, spec, vocab);
        await wasmShape.setUp();
        await nativeShape.setUp();
        shapes.set('wasm padded', wasmShape);
        shapes.set('wasm per-sequence', wasmShape);
        shapes.set('native padded', nativeShape);
        const res = await alternate(shapes, o);
        await wasmShape.close();
        await nativeShape.close();
        const cpu = (v: Variant) => median(res.get(v)!.cpu);
        for (const v of VARIANTS) tps.get(v)!.set(B, (1000 * B) / cpu(v));
        const cells = VARIANTS.map((v) => `${msCell(res.get(v)!)} | ${fmt((1000 * B) / cpu(v))}`);
        const row = `| ${ctx} | ${B} | ${cells.join(' | ')} | ${(cpu('wasm padded') / cpu('native padded')).toFixed(2)}x | ${fmt(median(res.get('wasm padded')!.packFirst))} |`;
        md.push(row);
        log(`${id} decode ${row}`);
      }
      const bMax = Math.max(...sweep.batches);
      const bMin = Math.min(...sweep.batches);
      gains.push(
        `context ${ctx}: ${VARIANTS.map((v) => `${v} ${((tps.get(v)!.get(bMax) ?? NaN) / (tps.get(v)!.get(bMin) ?? NaN)).toFixed(2)}x`).join(', ')}`,
      );
    }
    md.push(
      '',
      `Batching gain, tokens per CPU-second at B = ${Math.max(...sweep.batches)} over B = ${Math.min(...sweep.batches)}: ${gains.join('; ')}.`,
      '',
    );

    // A step with a prefill chunk beside decodes, against the two apart (WASM, padded).
    const B = Math.min(8, Math.max(...sweep.batches));
    const ctx = sweep.contexts[Math.min(1, sweep.contexts.length - 1)]!;
    const chunk = 64;
    const mixed = new Map<Variant, ShapeRunner>();
    const parts: [string, BatchShape][] = [
      [`${B} decodes at ${ctx}`, { decodeSeqs: B, context: ctx }],
      [
        `prefill chunk of ${chunk} after ${ctx}`,
        { decodeSeqs: 0, context: 1, prefillTokens: chunk, prefillPast: ctx },
      ],
      [`both in one step`, { decodeSeqs: B, context: ctx, prefillTokens: chunk, prefillPast: ctx }],
    ];
    const cells: string[] = [];
    for (const [name, spec] of parts) {
      const s = shapeRunner(l.wasm, spec, vocab);
      await s.setUp();
      mixed.set('wasm padded', s);
      const res = await alternate(mixed, o);
      await s.close();
      cells.push(`${name} ${msCell(res.get('wasm padded')!)} ms`);
    }
    md.push(`A mixed step on WASM (padded), wall (CPU) ms: ${cells.join('; ')}.`, '');
    log(`${id} mixed: ${cells.join('; ')}`);
  } finally {
    l.wasm.close();
    l.native.close();
    l.checked.close();
    await l.release();
  }
  return md;
}

/** Runs the decoder part; returns its Markdown. */
export async function benchDecoders(
  o: DecoderBenchOptions,
  log: (s: string) => void = console.log,
): Promise<string[]> {
  ortWeb.env.wasm.numThreads = o.threads;
  ortWeb.env.logLevel = 'error';
  const md: string[] = [];
  for (const id of o.decoders) md.push(...(await benchOne(id, o, log)));
  return md;
}
