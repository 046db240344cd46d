// Loads ONNX Runtime Web inside a lane worker for one execution provider. Its WASM binary comes
// from our own site (no CDN), fetched, expanded and verified by site-assets.ts (and cached after
// the first visit), and is handed to ORT as bytes (`env.wasm.wasmBinary`). The GPU lane uses the
// WebGPU (asyncify) build, the CPU lanes the plain WASM build, each imported lazily so a lane only
// loads the runtime it runs.
//
// Also the WebGPU probe: before ORT touches the GPU the lane asks for an adapter itself, so it can
// say exactly why WebGPU is unusable (no navigator.gpu, no adapter, a software adapter) instead of
// relaying an opaque session error.

import type { GpuAdapterSummary, LaneProvider, LaneRuntimeInfo } from './lane-protocol.ts';
import type { OrtModule } from './session-feeds.ts';

/** The slice of the WebGPU API the probe needs (TypeScript's DOM lib has no WebGPU types). */
interface GpuAdapterLike {
  readonly info?: {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  readonly isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}
/** A GPUDevice, as far as the lane watches it. */
export interface GpuDeviceLike {
  readonly lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

export type WebGpuProbe =
  | { ok: true; adapter: GpuAdapterSummary }
  | { ok: false; reason: string; adapter?: GpuAdapterSummary };

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|microsoft basic/i;

/** Ask the browser for a WebGPU adapter and describe it. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) {
    return {
      ok: false,
      reason: self.isSecureContext
        ? 'WebGPU is not available in this browser (navigator.gpu is missing)'
        : 'WebGPU needs a secure context (https or localhost); navigator.gpu is missing',
    };
  }
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ok: false, reason: `WebGPU requestAdapter failed: ${message(e)}` };
  }
  if (!adapter) {
    return {
      ok: false,
      reason:
        'WebGPU has no adapter (requestAdapter returned null: GPU blocked, disabled or unsupported)',
    };
  }
  const info = adapter.info ?? {};
  const summary: GpuAdapterSummary = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    software: false,
  };
  summary.software =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    SOFTWARE.test(`${summary.vendor} ${summary.architecture} ${summary.description}`);
  return { ok: true, adapter: summary };
}

/** Import the provider's ORT build and configure it with its WASM binary (`wasmBinary`, verified
 * by the caller); returns the module and what is in effect. */
export async function loadOrt(
  provider: LaneProvider,
  threadsRequested: number,
  wasmBinary: Uint8Array,
): Promise<{ ort: OrtModule; info: LaneRuntimeInfo }> {
  const ort: OrtModule =
    provider === 'webgpu'
      ? await import('onnxruntime-web/webgpu')
      : await import('onnxruntime-web/wasm');
  const isolated = self.crossOriginIsolated === true;
  // Threads need SharedArrayBuffer, which needs cross-origin isolation (COOP/COEP headers).
  const threads = isolated ? Math.max(1, Math.floor(threadsRequested)) : 1;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.wasmBinary = wasmBinary;
  ort.env.logLevel = 'error';
  return {
    ort,
    info: { provider, ort: ort.env.versions.web ?? '?', isolated, threadsRequested, threads },
  };
}

/** ONNX Runtime Web already loaded in this process (Node: its WASM backend, the same binary as the
 * browser's CPU lanes) set to `threads` threads; there is no WebGPU here. */
export function inProcessOrt(
  ort: OrtModule,
  provider: LaneProvider,
  threads: number,
): { ort: OrtModule; info: LaneRuntimeInfo } {
  if (provider !== 'wasm') throw new Error('Node has no WebGPU: only WASM lanes run here');
  const n = Math.max(1, Math.floor(threads));
  ort.env.wasm.numThreads = n;
  ort.env.logLevel = 'error';
  return {
    ort,
    info: {
      provider,
      ort: ort.env.versions.web ?? '?',
      isolated: true,
      threadsRequested: threads,
      threads: n,
    },
  };
}

/** The GPUDevice ORT created for its WebGPU backend (after the first WebGPU session). */
export async function ortGpuDevice(ort: OrtModule): Promise<GpuDeviceLike | undefined> {
  try {
    return (await ort.env.webgpu.device) as unknown as GpuDeviceLike;
  } catch {
    return undefined;
  }
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
