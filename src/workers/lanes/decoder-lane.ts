// A decoder lane: ONNX Runtime Web for one provider, a decoder made from its seed on the device
// (checked against the size and sha256 `npm run models` recorded, cached after the first visit),
// one session, and a DecoderRunner over it. The API object a decoder lane worker exposes
// (decoder-worker.ts, over comlink), and what Node tests drive directly.
//
// The WASM lane runs the standard-operator graph; the WebGPU lane runs the GroupQueryAttention
// graph with the present keys and values kept in GPU buffers between steps. A software WebGPU
// adapter (SwiftShader) is refused unless allowed, and reported either way: its timings are a CPU
// emulation's, not a GPU's.

import { noCache, VerifiedAssets, type AssetLoad } from './verified-assets.ts';
import { decoderFile } from '../../models/decoders/decoder-files.ts';
import type { OrtModule } from './session-feeds.ts';
import {
  DECODERS,
  decoderParameters,
  kvBytesPerToken,
  type AttentionKind,
  type DecoderId,
} from '../../models/decoders/decoder-config.ts';
import {
  DecoderRunner,
  decoderSessionOptions,
  type BlockUsage,
  type DecoderBatching,
  type SeqId,
  type StepRequest,
  type StepResult,
} from './decoder-runner.ts';
import type { FileProgress, LaneEnvironment } from './lane-env.ts';
import type { LaneProvider, LaneRuntimeInfo } from './lane-protocol.ts';
import { inProcessOrt, message } from './ort-runtime.ts';

/** What a decoder lane needs from where it runs (the browser's lane worker, or Node). */
export interface DecoderLaneEnv extends Pick<
  LaneEnvironment,
  'loadRuntime' | 'isolated' | 'probeWebGpu'
> {
  /** The decoder's ONNX bytes, made from its seed and verified. */
  decoder(id: DecoderId, attention: AttentionKind, onProgress: FileProgress): Promise<Uint8Array>;
  /** Where each file came from so far. */
  loads(): AssetLoad[];
  /** Resolves once every cache write has finished. */
  written(): Promise<void>;
}

export interface DecoderLaneInit {
  model: DecoderId;
  provider: LaneProvider;
  /** Default: 'gqa' on WebGPU, 'standard' on WASM. */
  attention?: AttentionKind;
  /** WASM threads (clamped to 1 without cross-origin isolation). */
  threads: number;
  /** Accept a software WebGPU adapter (SwiftShader). */
  allowSoftwareAdapter: boolean;
  batching?: DecoderBatching;
  blockTokens?: number;
  numBlocks?: number;
  kvBudgetBytes?: number;
  keepLogits?: boolean;
}

export interface DecoderLaneReady {
  info: LaneRuntimeInfo;
  model: DecoderId;
  attention: AttentionKind;
  parameters: number;
  kvBytesPerToken: number;
  /** Making (or reading from the cache) and checking the file, and creating the session, in ms. */
  fileMs: number;
  sessionMs: number;
  blocks: BlockUsage;
}

/** Progress while the lane starts: 0..1 over the runtime and the model, and what is happening. */
export type DecoderLaneProgress = (fraction: number, detail: string) => void;

export class DecoderLane {
  private runner: DecoderRunner | undefined;
  private release: (() => Promise<void>) | undefined;

  constructor(private readonly env: DecoderLaneEnv) {}

  async init(
    o: DecoderLaneInit,
    onProgress: DecoderLaneProgress = () => {},
  ): Promise<DecoderLaneReady> {
    if (this.runner) throw new Error('this decoder lane is already started');
    const attention = o.attention ?? (o.provider === 'webgpu' ? 'gqa' : 'standard');
    let adapter: LaneRuntimeInfo['adapter'];
    if (o.provider === 'webgpu') {
      const probe = await this.env.probeWebGpu();
      if (!probe.ok) throw new Error(probe.reason);
      adapter = probe.adapter;
      if (probe.adapter.software && !o.allowSoftwareAdapter) {
        throw new Error(
          `WebGPU adapter is software (${probe.adapter.description || probe.adapter.vendor || 'unnamed'}): refused by this lane's policy`,
        );
      }
    }
    const { ort, info } = await this.env.loadRuntime(o.provider, o.threads, (f, doing) =>
      onProgress(0.1 * f, `ONNX Runtime: ${doing}`),
    );
    const t0 = performance.now();
    const bytes = await this.env.decoder(o.model, attention, (f, doing) =>
      onProgress(0.1 + 0.8 * f, `${o.model}: ${doing}`),
    );
    const t1 = performance.now();
    onProgress(0.9, `creating the ${o.model} session`);
    const config = DECODERS[o.model].config;
    let session;
    try {
      session = await ort.InferenceSession.create(bytes, decoderSessionOptions(o.provider, config));
    } catch (e) {
      throw new Error(`${o.model}: session failed to load on ${o.provider}: ${message(e)}`);
    }
    const sessionMs = performance.now() - t1;
    await this.env.written();
    this.release = () => session.release();
    this.runner = new DecoderRunner({
      Tensor: ort.Tensor,
      session,
      config,
      attention,
      ...(o.batching === undefined ? {} : { batching: o.batching }),
      ...(o.blockTokens === undefined ? {} : { blockTokens: o.blockTokens }),
      ...(o.numBlocks === undefined ? {} : { numBlocks: o.numBlocks }),
      ...(o.kvBudgetBytes === undefined ? {} : { kvBudgetBytes: o.kvBudgetBytes }),
      keepLogits: o.keepLogits === true,
    });
    onProgress(1, `${o.model} ready`);
    return {
      info: { ...info, ...(adapter ? { adapter } : {}), files: this.env.loads() },
      model: o.model,
      attention,
      parameters: decoderParameters(config),
      kvBytesPerToken: kvBytesPerToken(config),
      fileMs: t1 - t0,
      sessionMs,
      blocks: this.runner.usage(),
    };
  }

  step(req: StepRequest): Promise<StepResult> {
    return this.require().step(req);
  }

  drop(seq: SeqId): void {
    this.require().drop(seq);
  }

  async swapOut(seq: SeqId): Promise<{ ms: number }> {
    return this.require().swapOut(seq);
  }

  swapIn(seq: SeqId): { ms: number } {
    return this.require().swapIn(seq);
  }

  usage(): BlockUsage {
    return this.require().usage();
  }

  /** Frees the KV tensors and the session. */
  async close(): Promise<void> {
    this.runner?.close();
    this.runner = undefined;
    await this.release?.();
    this.release = undefined;
  }

  private require(): DecoderRunner {
    if (!this.runner) throw new Error('the decoder lane is not started');
    return this.runner;
  }
}

/**
 * A decoder lane's environment where ONNX Runtime is already loaded (Node: onnxruntime-web's WASM
 * backend): decoders made in memory from their seeds, checked like the page's, no cache, no WebGPU.
 */
export function memoryDecoderEnv(ort: OrtModule): DecoderLaneEnv {
  const store = new VerifiedAssets(noCache, (_name, task) => task());
  return {
    loadRuntime: (provider, threads) => Promise.resolve(inProcessOrt(ort, provider, threads)),
    isolated: () => true,
    probeWebGpu: () => Promise.resolve({ ok: false, reason: 'Node has no WebGPU' }),
    decoder(id, attention) {
      return store.load(
        decoderFile(id, attention),
        async () => {
          const { makeDecoderModel } = await import('../../models/decoders/decoder-models.ts');
          return makeDecoderModel(id, attention, 0);
        },
        'made',
      );
    },
    loads: () => [...store.loads],
    written: () => store.written(),
  };
}
