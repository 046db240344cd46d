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
  least_loaded: 'Bind each job on arrival to the lane with the least outstanding work per capacity.',
  round_robin: 'Bind each job on arrival to the next lane in turn, whatever its speed.',
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
    default:
      return assertUnreachable(name);
  }
}
