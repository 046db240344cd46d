// fifo: one queue, first come first served; lanes tried in config order.

import { centralScheduler } from '../central.ts';
import { definePolicy } from '../policy.ts';

export const fifo = definePolicy({
  name: 'fifo',
  title: 'First in, first out',
  description: 'First in, first out; lanes tried in config order.',
  create: (o) =>
    centralScheduler('fifo', { rank: 'arrival', lanes: 'index', classPriority: false }, o),
});
