// The workload `npm run sim:compare` runs every scheduler on: a mixed interactive/batch load of the
// source systems' three vision models on one GPU-class lane (two runs at once) and four CPU-class
// lanes, with a measured-style latency profile in which batches are much cheaper per job on the GPU
// and barely cheaper on CPU. Every variant shares the seed, so all see the identical arrival
// sequence, classes, models and per-job service multipliers (common random numbers).

import { parseConfig, type Config, type ConfigInput } from '../src/engine/config.ts';
import { capacityPerS } from '../src/engine/capacity.ts';
import { SCHEDULER_NAMES, type SchedulerName } from '../src/engine/schedulers/registry.ts';

/** Latency (ms) per model, lane kind and batch size at speed 1. */
export const COMPARE_PROFILE = {
  resnet18: {
    gpu: { '1': 4, '2': 5, '4': 7, '8': 11, '16': 19 },
    cpu: { '1': 20, '2': 38, '4': 74, '8': 146 },
  },
  resnet50: {
    gpu: { '1': 8, '4': 14, '8': 22, '16': 40 },
    cpu: { '1': 45, '4': 170, '8': 340 },
  },
  vit_s16: {
    gpu: { '1': 10, '4': 18, '8': 30, '16': 56 },
    cpu: { '1': 60, '4': 230, '8': 450 },
  },
};

/** The base config, at an arbitrary rate (each run sets its own). */
export function baseConfig(jobs: number, seed: number): ConfigInput {
  return {
    seed,
    jobs,
    arrivals: { process: 'poisson', rate_per_s: 100 },
    mix: { interactive_ratio: 0.5, models: { resnet18: 0.5, resnet50: 0.3, vit_s16: 0.2 } },
    classes: { interactive: { slo_ms: 100 }, batch: { slo_ms: 1000 } },
    lanes: [
      { kind: 'gpu', count: 1, concurrency: 2, speed: 1 },
      { kind: 'cpu', count: 4, speed: 1 },
    ],
    service: { dist: 'profile', profile: COMPARE_PROFILE, cv: 0.25 },
    batching: {
      enabled: true,
      mode: 'dynamic',
      max_batch: 8,
      preferred_sizes: [4, 8],
      max_queue_delay_ms: 5,
      exempt_interactive: true,
    },
    memory: { enabled: true, calibration: 'tokens' },
  };
}

/** One row of the comparison: a scheduler and what it runs with. */
export interface Variant {
  label: string;
  scheduler: SchedulerName;
  batching: boolean;
  admission: 'off' | 'reject' | 'drop' | 'both';
}

export const VARIANTS: Variant[] = [
  { label: 'fifo (no batching)', scheduler: 'fifo', batching: false, admission: 'off' },
  ...SCHEDULER_NAMES.map((s) => ({
    label: s,
    scheduler: s,
    batching: true,
    admission: 'off' as const,
  })),
  { label: 'dynamic + admission', scheduler: 'dynamic', batching: true, admission: 'both' },
];

export const LOADS = [0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2];

/** The config of one variant at `load` x capacity. */
export function variantConfig(variant: Variant, load: number, jobs: number, seed: number): Config {
  const base = baseConfig(jobs, seed);
  const capacity = capacityPerS(parseConfig(base));
  return parseConfig({
    ...base,
    arrivals: { process: 'poisson', rate_per_s: load * capacity },
    scheduler: { name: variant.scheduler },
    batching: variant.batching ? base.batching : { enabled: false },
    admission: { mode: variant.admission },
  });
}
