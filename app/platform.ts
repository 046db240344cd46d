// What the browser offers the lanes: a WebGPU adapter (real, software SwiftShader, or none),
// cross-origin isolation, and with it WASM threads (SharedArrayBuffer). Shown in the status bar.

export interface Platform {
  /** Adapter description, e.g. "NVIDIA (ampere)", "SwiftShader (software)", or why there is none. */
  webgpu: string;
  webgpuKind: 'hardware' | 'software' | 'none';
  isolated: boolean;
  wasmThreads: boolean;
  cores: number;
}

interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

export async function detectPlatform(): Promise<Platform> {
  const isolated = globalThis.crossOriginIsolated === true;
  const wasmThreads = isolated && typeof SharedArrayBuffer !== 'undefined';
  const cores = navigator.hardwareConcurrency || 1;
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu)
    return {
      webgpu: 'not in this browser',
      webgpuKind: 'none',
      isolated,
      wasmThreads,
      cores,
    };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter)
      return {
        webgpu: 'no adapter',
        webgpuKind: 'none',
        isolated,
        wasmThreads,
        cores,
      };
    const info = adapter.info ?? {};
    const words = [info.vendor, info.architecture, info.device, info.description].filter(
      (w): w is string => !!w && w.trim() !== '',
    );
    const name = words.join(' ') || 'unnamed adapter';
    const software =
      adapter.isFallbackAdapter === true || /swiftshader|software|llvmpipe/i.test(name);
    return {
      webgpu: software ? `${name} (software)` : name,
      webgpuKind: software ? 'software' : 'hardware',
      isolated,
      wasmThreads,
      cores,
    };
  } catch (e) {
    return {
      webgpu: `WebGPU error: ${e instanceof Error ? e.message : String(e)}`,
      webgpuKind: 'none',
      isolated,
      wasmThreads,
      cores,
    };
  }
}
