// The scheduler registry: every policy by its config name.

import { assertUnreachable } from '../assert.ts';
import type { SchedulerName } from '../config.ts';
import { BindingScheduler, pickLeastLoaded, roundRobinPicker } from './bound.ts';
import { CentralScheduler, ClassEdfQueue, EdfQueue, FifoQueue } from './central.ts';
import type { Scheduler } from './types.ts';

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

export function createScheduler(name: SchedulerName): Scheduler {
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
    case 'batch_aware':
    case 'dynamic':
      // Placeholder until the grouped scheduler lands (issue 5): a class-EDF central queue.
      return new CentralScheduler(name, new ClassEdfQueue(), 'fastest');
    default:
      return assertUnreachable(name);
  }
}
