// The page's Calibrate action: measure latency per model x batch size on this device, on each
// lane provider (WebGPU for the GPU class, WASM for the CPU class), in the same lane workers live
// mode uses, and turn the curves into the engine's `profile` service block. A provider that is
// unusable here (no WebGPU) is reported, and its rows derived from the other's so the profile still
// covers both lane kinds; the notes say which rows were derived. Each provider's lane is also a
// measured cold start: spawn to its first warm inference (the worker, the runtime, the models and
// their sessions, the warm-up run, then one timed run), stored per lane kind as
// `service.cold_start_ms`, which the simulation's autoscaled replicas wait.

import { LaneClient } from '../workers/lanes/lane-client.ts';
import type { LaneProvider } from '../workers/lanes/lane-protocol.ts';
import type { ModelId } from '../models/manifest.ts';
import {
  deriveCurves,
  profileService,
  type ProfileCurve,
  type ProfileService,
} from './profile-table.ts';

export interface CalibrateOptions {
  models: ModelId[];
  batches: number[];
  /** Timed runs per batch size (after one untimed run). */
  runs: number;
  /** Stop a model's sweep once one run takes longer than this. */
  maxRunMs: number;
  providers: LaneProvider[];
  /** WASM threads for the CPU-class measurement. */
  threads: number;
  /** Speed-up used to derive a provider's rows when it cannot run here. */
  fallbackSpeedup: number;
}

export interface CalibrateProgress {
  /** 0..1 over every (provider, model) step. */
  fraction: number;
  detail: string;
}

/** A lane kind's measured cold start: spawn to ready, then the first warm inference, ms. */
export interface MeasuredColdStart {
  kind: 'gpu' | 'cpu';
  provider: LaneProvider;
  /** Spawn to the first warm inference's answer. */
  ms: number;
  /** Of which: spawn to ready (runtime, models, sessions, warm-up run). */
  readyMs: number;
  /** The models the lane loaded. */
  models: ModelId[];
}

export interface Calibration {
  service: ProfileService;
  curves: ProfileCurve[];
  coldStarts: MeasuredColdStart[];
  /** What could not be measured and why. */
  notes: string[];
}

export const DEFAULT_CALIBRATION: CalibrateOptions = {
  models: ['resnet18', 'resnet50', 'vit_s16'],
  batches: [1, 2, 4, 8],
  runs: 3,
  maxRunMs: 2000,
  providers: ['webgpu', 'wasm'],
  threads: Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1)),
  fallbackSpeedup: 4,
};

const KIND = { webgpu: 'gpu', wasm: 'cpu' } as const;

/** Thrown by `calibrate` when its signal aborts (the lane in use is terminated at once). */
export class CalibrationCancelled extends Error {
  constructor() {
    super('Calibration cancelled');
    this.name = 'AbortError';
  }
}

export async function calibrate(
  options: CalibrateOptions,
  onProgress: (p: CalibrateProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<Calibration> {
  if (signal?.aborted) throw new CalibrationCancelled();
  /** Settle `p`, or reject as soon as the signal aborts. */
  const unlessCancelled = <T>(p: Promise<T>): Promise<T> =>
    signal
      ? Promise.race([
          p,
          new Promise<never>((_, fail) =>
            signal.addEventListener('abort', () => fail(new CalibrationCancelled()), {
              once: true,
            }),
          ),
        ])
      : p;
  const curves: ProfileCurve[] = [];
  const coldStarts: MeasuredColdStart[] = [];
  const notes: string[] = [];
  const steps = options.providers.length * (options.models.length + 1);
  let step = 0;
  for (const provider of options.providers) {
    const spawned = performance.now();
    const lane = new LaneClient(
      {
        name: `calibrate-${provider}`,
        provider,
        threads: options.threads,
        models: options.models,
        allowSoftwareAdapter: true,
        warmupRuns: 1,
      },
      {
        status: (s) =>
          onProgress({ fraction: (step + s.progress) / steps, detail: `${provider}: ${s.detail}` }),
      },
    );
    const stop = (): void => lane.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const status = await unlessCancelled(lane.ready());
      const readyMs = performance.now() - spawned;
      // The first warm inference: the lane is ready and has run each model once.
      await unlessCancelled(lane.timedRun(options.models[0]!, 1));
      coldStarts.push({
        kind: KIND[provider],
        provider,
        ms: round(performance.now() - spawned),
        readyMs: round(readyMs),
        models: [...options.models],
      });
      step++;
      const info = status.info;
      const runtime =
        provider === 'webgpu'
          ? `onnxruntime-web ${info.ort} webgpu on ${info.adapter?.architecture || info.adapter?.vendor || 'adapter'}${info.adapter?.software ? ' (software)' : ''}`
          : `onnxruntime-web ${info.ort} wasm, ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
      for (const model of options.models) {
        onProgress({ fraction: step / steps, detail: `${provider}: timing ${model}` });
        const ms = await unlessCancelled(
          lane.profile(model, options.batches, options.runs, options.maxRunMs),
        );
        curves.push({ model, kind: KIND[provider], runtime, ms });
        step++;
      }
    } catch (e) {
      if (e instanceof CalibrationCancelled || signal?.aborted) throw new CalibrationCancelled();
      notes.push(`${provider}: ${e instanceof Error ? e.message : String(e)}`);
      step =
        options.providers.indexOf(provider) * (options.models.length + 1) +
        options.models.length +
        1;
    } finally {
      signal?.removeEventListener('abort', stop);
      lane.terminate();
    }
  }
  for (const provider of options.providers) {
    const kind = KIND[provider];
    const other = kind === 'gpu' ? 'cpu' : 'gpu';
    if (curves.some((c) => c.kind === kind) || !curves.some((c) => c.kind === other)) continue;
    const speedup = kind === 'gpu' ? options.fallbackSpeedup : 1 / options.fallbackSpeedup;
    curves.push(...deriveCurves(curves, other, kind, speedup));
    notes.push(
      `${kind} rows derived from ${other} (x${(1 / speedup).toFixed(2)}): ${provider} unavailable`,
    );
  }
  onProgress({ fraction: 1, detail: 'done' });
  const service = profileService(curves);
  if (coldStarts.length > 0) {
    service.cold_start_ms = Object.fromEntries(coldStarts.map((c) => [c.kind, c.ms]));
  }
  return { service, curves, coldStarts, notes };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
