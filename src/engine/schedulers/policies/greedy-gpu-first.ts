// greedy_gpu_first: first in, first out, filling the fastest lanes (GPU-class) before the others.

import { centralScheduler } from '../central.ts';
import { definePolicy } from '../policy.ts';

export const greedyGpuFirst = definePolicy({
  name: 'greedy_gpu_first',
  title: 'GPU first',
  description: 'First in, first out; fill the fastest (GPU) lanes first, then CPU.',
  create: (o) =>
    centralScheduler(
      'greedy_gpu_first',
      { rank: 'arrival', lanes: 'fastest', classPriority: false },
      o,
    ),
});
