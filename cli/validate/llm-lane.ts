// Which decoder and which lane `npm run validate -- --llm` measures (`--model`, `--lane`), the
// run's size for that pair (a step of GPT-2 small on WASM costs about ten of the tiny decoder's,
// one on SwiftShader's emulated WebGPU about thirty), and the lane itself, opened once for the
// whole command:
//
// - `wasm`: the CPU-class lane's runtime, onnxruntime-web's WASM backend, in this process (the
//   standard-operator graph, 1 thread); each user gets a fresh DecoderRunner on one session.
// - `webgpu`: the GPU-class lane, a decoder lane worker in headless Chromium on the built site
//   (page-lane.ts): the GroupQueryAttention graph with present keys and values kept in GPU buffers
//   (`preferredOutputLocation: 'gpu-buffer'`). Without a GPU the adapter is SwiftShader.
//
// Every figure of the report carries the model, lane, backend and device named here.

import { cpus } from 'node:os';
import * as ort from 'onnxruntime-web';
import {
  DECODERS,
  DECODER_IDS,
  type DecoderConfig,
  type DecoderId,
} from '../../src/models/decoders/decoder-config.ts';
import { decoderFile } from '../../src/models/decoders/decoder-files.ts';
import { makeDecoderModel } from '../../src/models/decoders/decoder-models.ts';
import type { BatchShape } from '../../src/workers/lanes/decoder-shapes.ts';
import { CALIBRATION_SHAPES, PROBE_SHAPES } from '../../src/workers/lanes/decoder-calibration.ts';
import { DecoderRunner, decoderSessionOptions } from '../../src/workers/lanes/decoder-runner.ts';
import type { DecoderLaneHandle } from '../../src/workers/llm-executor.ts';
import type { PageLane } from './page-lane.ts';

export const LLM_MODELS = DECODER_IDS;
export const LLM_LANES = ['wasm', 'webgpu'] as const;
export type LlmLaneKind = (typeof LLM_LANES)[number];

/** How much a run measures: its defaults per model and lane (any may be given on the command
 * line but the calibration's). */
export interface LlmPlan {
  requests: number;
  loads: number[];
  repeats: number;
  /** Calibration: rounds over the designed shapes, steps timed per shape and round. */
  rounds: number;
  stepsPerShape: number;
  shapes: readonly BatchShape[];
  /** A drift probe: its shapes, and steps per shape. */
  probeShapes: readonly BatchShape[];
  probeSteps: number;
}

/** The designed shapes without the longest contexts: on SwiftShader a prefill of 8 x 160 tokens
 * to set up one shape takes minutes. Every term still varies apart. */
const SHORT_SHAPES: readonly BatchShape[] = CALIBRATION_SHAPES.filter(
  (s) => s.context <= 64 && (s.prefillTokens ?? 0) <= 64,
);

/** The probe's shapes at context 32 at most (a decode, a batch of four, a prefill): on SwiftShader
 * the default probe's 4 x 64 tokens of set-up take about as long as a live request. */
const SHORT_PROBE_SHAPES: readonly BatchShape[] = [
  { decodeSeqs: 1, context: 32 },
  { decodeSeqs: 4, context: 16 },
  { decodeSeqs: 0, context: 1, prefillTokens: 16 },
];

/**
 * The defaults of `model` on `lane`. Step costs on this machine (2 cores): the tiny decoder on WASM
 * serves a mean request alone in tens of ms (a --quick run took 3 to 5 minutes at load 5 to 24);
 * GPT-2 small on WASM in about 0.75 s at low load (bench/INFERENCE.md: 8 ms a prompt token, 33 ms
 * a decode step of CPU time), several seconds at load 20 to 30; the tiny decoder on SwiftShader's
 * WebGPU about 1 s a decode step and 3 to 4 s a 32-token prefill at load 16.
 */
export function llmPlan(model: DecoderId, lane: LlmLaneKind, quick: boolean): LlmPlan {
  if (lane === 'webgpu') {
    return {
      requests: quick ? 10 : 40,
      loads: quick ? [0.5] : [0.3, 0.5, 0.7],
      repeats: quick ? 1 : 2,
      rounds: 1,
      stepsPerShape: quick ? 2 : 3,
      shapes: SHORT_SHAPES,
      probeShapes: SHORT_PROBE_SHAPES,
      probeSteps: 2,
    };
  }
  if (model === 'gpt2_small') {
    return {
      requests: quick ? 30 : 100,
      loads: quick ? [0.3, 0.5, 0.7] : [0.3, 0.5, 0.7, 0.85],
      repeats: quick ? 2 : 3,
      rounds: quick ? 2 : 3,
      stepsPerShape: 3,
      shapes: CALIBRATION_SHAPES,
      probeShapes: PROBE_SHAPES,
      probeSteps: 3,
    };
  }
  return {
    requests: quick ? 80 : 200,
    loads: quick ? [0.3, 0.5, 0.7] : [0.3, 0.5, 0.7, 0.85],
    repeats: quick ? 2 : 3,
    rounds: 3,
    stepsPerShape: 3,
    shapes: CALIBRATION_SHAPES,
    probeShapes: PROBE_SHAPES,
    probeSteps: 5,
  };
}

/** A lane for one user (the calibration, a probe, a live repeat): its cache starts empty. */
export interface LlmLaneUse extends DecoderLaneHandle {
  close(): Promise<void>;
}

/** The lane the command measures, opened once. */
export interface LlmLane {
  model: DecoderId;
  lane: LlmLaneKind;
  config: DecoderConfig;
  /** The engine's lane kind it stands for (its coefficients go to `llm.cost.<kind>`). */
  engineKind: 'cpu' | 'gpu';
  use(): LlmLaneUse;
  /** "gpt2_small (standard operators) on onnxruntime-web 1.30.0 WASM, 1 thread, in Node v20" */
  backend: string;
  /** The CPU, or the WebGPU adapter. */
  device: string;
  release(): Promise<void>;
}

async function openWasm(model: DecoderId, log: (s: string) => void): Promise<LlmLane> {
  const config = DECODERS[model].config;
  ort.env.wasm.numThreads = 1;
  const t0 = performance.now();
  const bytes = makeDecoderModel(model, 'standard', decoderFile(model, 'standard').bytes);
  const t1 = performance.now();
  const session = await ort.InferenceSession.create(bytes, decoderSessionOptions('wasm', config));
  log(
    `${model}: made from its seed in ${((t1 - t0) / 1000).toFixed(1)} s (${(bytes.length / 1e6).toFixed(0)} MB), ` +
      `session in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );
  return {
    model,
    lane: 'wasm',
    config,
    engineKind: 'cpu',
    use: () => {
      const runner = new DecoderRunner({
        Tensor: ort.Tensor,
        session,
        config,
        attention: 'standard',
        blockTokens: 16,
        numBlocks: 512,
      });
      return {
        step: (r) => runner.step(r),
        drop: (s) => runner.drop(s),
        swapOut: (s) => runner.swapOut(s),
        swapIn: (s) => runner.swapIn(s),
        close: async () => runner.close(),
      };
    },
    backend: `${model} (standard operators) on onnxruntime-web ${ort.env.versions.web ?? '?'} WASM, 1 thread, in Node ${process.version}`,
    device: `${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores`,
    release: () => session.release(),
  };
}

/** The WebGPU lane of a page (page-lane.ts): the CLI launches its own, a browser test passes its
 * page's. */
export function webGpuLane(model: DecoderId, page: PageLane): LlmLane {
  const r = page.ready;
  return {
    model,
    lane: 'webgpu',
    config: DECODERS[model].config,
    engineKind: 'gpu',
    use: () => ({ ...page.handle, close: () => page.reset() }),
    backend: `${model} (${r.attention === 'gqa' ? 'GroupQueryAttention' : 'standard operators'}, KV in ${r.info.provider === 'webgpu' ? 'GPU buffers' : 'CPU tensors'}) on onnxruntime-web ${r.info.ort} ${r.info.provider === 'webgpu' ? 'WebGPU' : r.info.provider}, a decoder lane worker in headless Chromium`,
    device: `WebGPU adapter: ${page.adapter}`,
    release: () => page.close(),
  };
}

async function openWebGpu(model: DecoderId, log: (s: string) => void): Promise<LlmLane> {
  const { launchPageLane } = await import('./page-lane.ts');
  const t0 = performance.now();
  const page = await launchPageLane(model, 'webgpu');
  log(
    `${model}: WebGPU lane in Chromium ready in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
      `(${page.ready.attention} graph); adapter: ${page.adapter}`,
  );
  return webGpuLane(model, page);
}

/** Opens `model` on `lane` (`log` hears how long it took). */
export function openLlmLane(
  model: DecoderId,
  lane: LlmLaneKind,
  log: (s: string) => void,
): Promise<LlmLane> {
  return lane === 'webgpu' ? openWebGpu(model, log) : openWasm(model, log);
}
