// batch_aware: start first the group of compatible queued jobs (same model and class) that makes the
// largest batch; the earlier deadline breaks ties. Always grouped: it needs the groups to compare.

import { GroupedScheduler } from '../grouped.ts';
import { definePolicy } from '../policy.ts';

export const batchAware = definePolicy({
  name: 'batch_aware',
  title: 'Batch-aware',
  description:
    'Start first the group of compatible jobs (same model and class) that makes the largest batch.',
  create: (o) =>
    new GroupedScheduler('batch_aware', o, {
      order: 'fastest',
      classPriority: false,
      ranker: {
        score(c) {
          c.key1 = c.size;
          c.key2 = -c.jobs.deadline[c.head]!;
          return true;
        },
      },
    }),
});
