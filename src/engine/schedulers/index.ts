// The scheduler registry: every policy by its config name.

import { assertUnreachable } from '../assert.ts';
import type { SchedulerName } from '../config.ts';
import { BindingScheduler, pickLeastLoaded, roundRobinPicker } from './bound.ts';
import { CentralScheduler, ClassEdfQueue, EdfQueue, FifoQueue } from './central.ts';
import type { Scheduler } from './types.ts';
import { GroupedScheduler, type Discipline } from './grouped.ts';
import { BatchPolicy } from '../batching.ts';
import { dynamicWeightsSchema, type DynamicWeights } from '../config.ts';
import type { MemoryModel } from '../memory.ts';
import type { LatencyPredictor } from '../predictor.ts';

export type { Dispatcher, Scheduler } from './types.ts';

/** One line per policy, for help texts and the UI. */
export const SCHEDULER_DESCRIPTIONS: Record<SchedulerName, string> = {
  fifo: 'First in, first out; lanes tried in config order.',
  edf: 'Earliest deadline first over one queue.',
  priority_slo: 'Interactive before batch, earliest deadline first within each class.',
  greedy_gpu_first: 'First in, first out; fill the fastest (GPU) lanes first, then CPU.',
  least_loaded:
    'Bind each job on arrival to the lane with the least outstanding work per capacity.',
  round_robin: 'Bind each job on arrival to the next lane in turn, whatever its speed.',
  batch_aware:
    'Start first the group of compatible jobs (same model and class) that makes the largest batch.',
  dynamic:
    'Score each group by class priority, deadline urgency, batchability, predicted service and memory.',
};

/** What the engine hands a scheduler that batches, places by memory or predicts latency. */
export interface SchedulerOptions {
  policy: BatchPolicy;
  memory: MemoryModel | undefined;
  predictor: LatencyPredictor | undefined;
  weights: DynamicWeights;
  maxServiceShare: number;
  /** SLO (ms) per class. */
  slo: Float64Array;
  models: number;
}

const DISCIPLINES: Record<SchedulerName, Discipline> = {
  fifo: 'fifo',
  edf: 'edf',
  priority_slo: 'priority_slo',
  greedy_gpu_first: 'fifo',
  least_loaded: 'fifo',
  round_robin: 'fifo',
  batch_aware: 'batch_aware',
  dynamic: 'dynamic',
};

/**
 * The scheduler for a policy. With batching or memory on (and always for batch_aware and dynamic)
 * this is a grouped scheduler (grouped.ts); otherwise the plain, faster ones below.
 */
export function createScheduler(name: SchedulerName, options?: SchedulerOptions): Scheduler {
  const grouped =
    name === 'batch_aware' ||
    name === 'dynamic' ||
    (options !== undefined && (options.policy.holds || options.memory !== undefined));
  if (grouped) {
    const o = options ?? {
      policy: new BatchPolicy({
        enabled: false,
        mode: 'window',
        window_ms: 0,
        max_batch: 1,
        exempt_interactive: true,
        preferred_sizes: [],
        max_queue_delay_ms: 0,
      }),
      memory: undefined,
      predictor: undefined,
      weights: dynamicWeightsSchema.parse({}),
      maxServiceShare: 1,
      slo: Float64Array.of(100, 1000),
      models: 255,
    };
    return new GroupedScheduler(name, {
      ...o,
      discipline: DISCIPLINES[name],
      order: name === 'fifo' || name === 'edf' || name === 'priority_slo' ? 'index' : 'fastest',
      picker:
        name === 'least_loaded'
          ? pickLeastLoaded
          : name === 'round_robin'
            ? roundRobinPicker()
            : undefined,
    });
  }
  switch (name) {
    case 'fifo':
      return new CentralScheduler(name, new FifoQueue(), 'index');
    case 'edf':
      return new CentralScheduler(name, new EdfQueue(), 'index');
    case 'priority_slo':
      return new CentralScheduler(name, new ClassEdfQueue(), 'index');
    case 'greedy_gpu_first':
      return new CentralScheduler(name, new FifoQueue(), 'fastest');
    case 'least_loaded':
      return new BindingScheduler(name, pickLeastLoaded);
    case 'round_robin':
      return new BindingScheduler(name, roundRobinPicker());
    default:
      return assertUnreachable(name);
  }
}
