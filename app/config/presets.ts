// Presets: common scenarios, each a complete Settings object loaded in one click.

import { DEFAULT_SETTINGS, type Settings } from './settings.ts';

export interface Preset {
  id: string;
  label: string;
  description: string;
  settings: Settings;
}

const base = DEFAULT_SETTINGS;

export const PRESETS: Preset[] = [
  {
    id: 'default',
    label: 'Steady',
    description: '200 jobs/s on 1 GPU + 2 CPU lanes (~65 % load), FIFO.',
    settings: base,
  },
  {
    id: 'mixed-overload',
    label: 'Mixed overload',
    description:
      '30 % interactive at ~100 % load: FIFO makes interactive jobs miss their 100 ms SLO; switch the scheduler to EDF or priority_slo.',
    settings: { ...base, rate: 305, interactiveRatio: 0.3, scheduler: 'fifo' },
  },
  {
    id: 'gpu-first',
    label: 'GPU first',
    description: 'Light load where placing work on the fast GPU lane first pays off.',
    settings: { ...base, rate: 120, gpuLanes: 1, cpuLanes: 4, scheduler: 'greedy_gpu_first' },
  },
  {
    id: 'batching',
    label: 'Micro-batching',
    description: 'Batches of up to 8 with a 5 ms window, ResNet-50-heavy mix.',
    settings: {
      ...base,
      rate: 400,
      mix: { ...base.mix, resnet18: 1, resnet50: 3, vit_s16: 1 },
      batching: { enabled: true, windowMs: 5, maxBatch: 8 },
      scheduler: 'batch_aware',
    },
  },
  {
    id: 'failover',
    label: 'Failover',
    description:
      '380 jobs/s on 2 GPU + 2 CPU lanes (~75 % load) with one backup GPU lane that takes work only while a primary is down. Fail gpu0 in the Lanes controls: its running jobs are re-queued (red bars) and the backup steps in.',
    settings: {
      ...base,
      rate: 380,
      gpuLanes: 2,
      cpuLanes: 2,
      backupLanes: 1,
      scheduler: 'least_loaded',
    },
  },
  {
    id: 'high-throughput',
    label: '5k jobs/s',
    description: '5,000 jobs/s on 24 GPU + 16 CPU lanes (~85 % load): the UI benchmark scenario.',
    settings: { ...base, rate: 5000, gpuLanes: 24, cpuLanes: 16, scheduler: 'least_loaded' },
  },
];
