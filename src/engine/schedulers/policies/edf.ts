// edf: one queue, earliest deadline (arrival + the class's SLO) first; lanes in config order.

import { centralScheduler } from '../central.ts';
import { definePolicy } from '../policy.ts';

export const edf = definePolicy({
  name: 'edf',
  title: 'Earliest deadline first',
  description: 'Earliest deadline first over one queue.',
  create: (o) =>
    centralScheduler(
      'edf',
      // Interactive jobs have the shorter SLO, so they go ahead of batch work that arrived together.
      { rank: (jobs, slot) => jobs.deadline[slot]!, lanes: 'index', classPriority: true },
      o,
    ),
});
