// The app's settings: what the controls edit, what the URL carries, and how they become an engine
// config. Settings are a small flat object a person can read in a link; the engine config (zod
// schema in src/engine/config.ts) is built from them, on top of an optional imported base config
// that supplies what the controls do not show (service model, SLOs, a replayed trace...).

import type { ConfigInput } from '../../src/engine/config.ts';
import type { SchedulerName } from '../../src/engine/schedulers/registry.ts';
import type { AutoscalerName } from '../../src/engine/autoscalers/registry.ts';
import { dayShapeConfig, DAILY_PERIOD_S, isDayShape } from './load-shape.ts';

/** Models the mix control offers: the source systems' image models (published architectures with
 * seeded synthetic weights) and two light pretrained ones, the PP-OCR direction classifier and
 * Silero VAD. Every one of them runs on a live lane too. */
export const MODEL_IDS = ['resnet18', 'resnet50', 'vit_s16', 'ppocr_cls', 'silero_vad'] as const;
export type ModelId = (typeof MODEL_IDS)[number];
/** The first three: links from before the light models carry three weights. */
export const CLASSIC_MODELS = 3;
export const MODEL_LABELS: Record<ModelId, string> = {
  resnet18: 'ResNet-18',
  resnet50: 'ResNet-50',
  vit_s16: 'ViT-S/16',
  ppocr_cls: 'PP-OCR direction',
  silero_vad: 'Silero VAD',
};

export interface Settings {
  /** Mean arrival rate, jobs per simulated second. */
  rate: number;
  /** Share of arrivals that are interactive (100 ms SLO); the rest are batch (1 s SLO). */
  interactiveRatio: number;
  /** Relative weight of each model in the arrivals. */
  mix: Record<ModelId, number>;
  scheduler: SchedulerName;
  batching: { enabled: boolean; windowMs: number; maxBatch: number };
  gpuLanes: number;
  cpuLanes: number;
  /** GPU-class backup lanes: they take work only while a primary lane is down. */
  backupLanes: number;
  /** Autoscale the CPU lanes between `min` and `max` (the CPU count is where the pool starts), with
   * `policy` (an autoscaler of src/engine/autoscalers/), a replica's cold start and the target
   * utilisation that the HPA and the predictive policy size for. */
  autoscale: AutoscaleSettings;
  /** The arrivals' shape: a steady Poisson rate, or a day compressed into DAILY_PERIOD_S seconds
   * whose noon peak is `rate`, or a Twitter-like day whose evening peak is `rate` (load-shape.ts). */
  loadShape: LoadShape;
  /** What a replica-hour costs, USD, by lane kind (the engine's `cost.price_per_hour`): the
   * autoscaling panel's cost per 1,000 requests and the summary's cost use it. Shared by both
   * sides of a comparison (a price is the market's, not a side's). */
  prices: Prices;
  /** Memory per lane, MiB (used by the engine's memory model where it has one). */
  memoryMiB: number;
  seed: number;
  /** Simulated ms per wall ms. */
  speed: number;
}

export type LoadShape = 'steady' | 'daily' | 'twitter';
export const LOAD_SHAPES: readonly LoadShape[] = ['steady', 'daily', 'twitter'];

/** USD per replica-hour of a CPU-class and a GPU-class lane. */
export interface Prices {
  cpu: number;
  gpu: number;
}

export interface AutoscaleSettings {
  enabled: boolean;
  min: number;
  max: number;
  policy: AutoscalerName;
  /** A new replica's cold start (model load, session creation, warm-up), ms. */
  coldStartMs: number;
  /** Target utilisation of the HPA (and the predictive policy's forecast and floor), 0..1. */
  target: number;
}

export const LIMITS = {
  rate: { min: 1, max: 20_000 },
  speed: { min: 0.1, max: 1000 },
  lanes: { min: 0, max: 32 },
  backupLanes: { min: 0, max: 8 },
  autoscaleLanes: { min: 0, max: 32 },
  coldStartMs: { min: 0, max: 600_000 },
  autoscaleTarget: { min: 0.05, max: 1 },
  /** USD per replica-hour (the engine accepts up to 1e6; a page field this wide is a typo). */
  pricePerHour: { min: 0, max: 10_000 },
  memoryMiB: { min: 256, max: 81_920 },
  windowMs: { min: 0, max: 100 },
  maxBatch: { min: 1, max: 64 },
  seed: { min: 0, max: 2 ** 32 - 1 },
} as const;

export const DEFAULT_SETTINGS: Settings = {
  rate: 200,
  interactiveRatio: 0.5,
  mix: { resnet18: 1, resnet50: 1, vit_s16: 1, ppocr_cls: 0, silero_vad: 0 },
  scheduler: 'fifo',
  batching: { enabled: false, windowMs: 5, maxBatch: 8 },
  gpuLanes: 1,
  cpuLanes: 2,
  backupLanes: 0,
  autoscale: {
    enabled: false,
    min: 1,
    max: 8,
    policy: 'reactive',
    coldStartMs: 500,
    target: 0.7,
  },
  loadShape: 'steady',
  prices: { cpu: 0.1, gpu: 1 },
  memoryMiB: 8192,
  seed: 7,
  speed: 1,
};

/**
 * Mean service time per model on a CPU-class lane (ms); GPU-class lanes are GPU_SPEEDUP times
 * faster. With the default equal mix a CPU lane serves ~52 jobs/s and a GPU lane ~207 jobs/s, so the
 * default 1 GPU + 2 CPU lanes saturate near 310 jobs/s.
 */
export const MODEL_MS: Record<ModelId, number> = {
  resnet18: 8,
  resnet50: 20,
  vit_s16: 30,
  ppocr_cls: 1.5,
  silero_vad: 0.5,
};
export const GPU_SPEEDUP = 4;
/** Jobs that find this many queued are rejected: keeps an overloaded run's memory bounded. */
export const QUEUE_CAPACITY = 20_000;
/** Arrivals in an interactive run never stop on their own. */
export const ENDLESS_JOBS = 1_000_000_000;

/** Capacity (jobs/s) of the primary lanes for the mix, by the mean service times above (backup
 * lanes add none while every primary is up). */
export function capacityPerS(s: Settings): number {
  const total = MODEL_IDS.reduce((a, m) => a + s.mix[m], 0);
  if (total <= 0) return 0;
  const meanMs = MODEL_IDS.reduce((a, m) => a + (s.mix[m] / total) * MODEL_MS[m], 0);
  return (1000 / meanMs) * (s.cpuLanes + GPU_SPEEDUP * s.gpuLanes);
}

/** A lane as the capacity estimate needs it (the frames' LaneState has these fields). */
export interface ServingLane {
  kind: 'gpu' | 'cpu';
  role?: 'primary' | 'backup';
  up: boolean;
  pool?: 'warming' | 'draining' | 'parked';
}

/**
 * What the lanes that serve now can do (jobs/s) for the mix: primary lanes that are up and in the
 * pool, and backup lanes (up) while any primary is down, as the engine hands them work. A failed
 * GPU lane takes its share of capacity with it, so the load hint says what the run really faces.
 */
export function servingCapacityPerS(s: Settings, lanes: readonly ServingLane[]): number {
  const total = MODEL_IDS.reduce((a, m) => a + s.mix[m], 0);
  if (total <= 0) return 0;
  const meanMs = MODEL_IDS.reduce((a, m) => a + (s.mix[m] / total) * MODEL_MS[m], 0);
  const primaryDown = lanes.some((l) => l.role !== 'backup' && !l.up);
  let units = 0;
  for (const l of lanes) {
    if (!l.up || l.pool === 'parked' || l.pool === 'warming') continue;
    if (l.role === 'backup' && !primaryDown) continue;
    units += l.kind === 'gpu' ? GPU_SPEEDUP : 1;
  }
  return (1000 / meanMs) * units;
}

/** The engine config for these settings, over `base` (an imported config) when given. */
export function buildConfig(s: Settings, base?: ConfigInput): ConfigInput {
  const lanes: { kind: 'gpu' | 'cpu'; count: number; role?: 'backup' }[] = [];
  if (s.gpuLanes > 0) lanes.push({ kind: 'gpu', count: s.gpuLanes });
  // Autoscaled, the CPU pool starts at the CPU count, within [min, max].
  const scale = s.autoscale;
  const cpu = scale.enabled ? Math.min(s.cpuLanes, Math.max(scale.min, scale.max)) : s.cpuLanes;
  if (cpu > 0) lanes.push({ kind: 'cpu', count: cpu });
  if (s.backupLanes > 0) lanes.push({ kind: 'gpu', count: s.backupLanes, role: 'backup' });
  const arrivals: ConfigInput['arrivals'] =
    base?.arrivals.process === 'trace'
      ? base.arrivals
      : isDayShape(s.loadShape)
        ? dayShapeConfig(s.loadShape, s.rate)
        : { process: 'poisson', rate_per_s: s.rate };
  const models: Record<string, number> = {};
  // The light models join the config only when they have a weight (earlier configs are unchanged).
  MODEL_IDS.forEach((m, i) => {
    if (i < CLASSIC_MODELS || s.mix[m] > 0) models[m] = s.mix[m];
  });
  const config: ConfigInput = {
    ...(base ?? {}),
    seed: s.seed,
    jobs: base?.jobs ?? ENDLESS_JOBS,
    arrivals,
    mix: { interactive_ratio: s.interactiveRatio, models },
    lanes,
    service: base?.service ?? {
      dist: 'lognormal',
      mean_ms: MODEL_MS.resnet18,
      cv: 0.5,
      gpu_speedup: GPU_SPEEDUP,
      model_ms: { ...MODEL_MS },
    },
    scheduler: { name: s.scheduler },
    batching: {
      ...(base?.batching ?? {}),
      enabled: s.batching.enabled,
      window_ms: s.batching.windowMs,
      max_batch: s.batching.maxBatch,
    },
    memory: {
      ...(base?.memory ?? { calibration: 'bytes' }),
      enabled: true,
      capacity_per_lane: s.memoryMiB,
    },
    queue: base?.queue ?? { capacity: QUEUE_CAPACITY },
    cost: { currency: 'USD', price_per_hour: { cpu: s.prices.cpu, gpu: s.prices.gpu } },
  };
  if (base?.duration_s !== undefined) config.duration_s = base.duration_s;
  if (scale.enabled) {
    config.autoscale = {
      ...(base?.autoscale ?? {}),
      enabled: true,
      kind: 'cpu',
      min: Math.max(0, Math.min(scale.min, scale.max)),
      max: Math.max(1, scale.min, scale.max),
      policy: scale.policy,
      startup_ms: scale.coldStartMs,
    };
    // The target: what the HPA and the predictive policy (forecast and floor) size for; their
    // other knobs keep their documented defaults (or the imported config's).
    const b = base?.autoscale;
    if (scale.policy === 'hpa') {
      config.autoscale.hpa = { ...(b?.hpa ?? {}), metric: 'utilisation', target: scale.target };
    } else if (scale.policy === 'predictive') {
      config.autoscale.predictive = {
        ...(b?.predictive ?? {}),
        target_utilisation: scale.target,
        floor_metric: 'utilisation',
        floor_target: scale.target,
        // A daily shape's period is the forecast's season; a buffer of two cold starts.
        ...(isDayShape(s.loadShape)
          ? { season_s: DAILY_PERIOD_S, buffer_s: Math.max(15, (2 * scale.coldStartMs) / 1000) }
          : {}),
      };
    }
  } else if (base?.autoscale !== undefined) {
    config.autoscale = { ...base.autoscale, enabled: false };
  }
  return config;
}
