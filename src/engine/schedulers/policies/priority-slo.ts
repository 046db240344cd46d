// priority_slo: interactive jobs strictly before batch jobs; earliest deadline first within a class.

import { INTERACTIVE } from '../../job-table.ts';
import { centralScheduler } from '../central.ts';
import { definePolicy } from '../policy.ts';

export const prioritySlo = definePolicy({
  name: 'priority_slo',
  title: 'Interactive first',
  description: 'Interactive before batch, earliest deadline first within each class.',
  create: (o) =>
    centralScheduler(
      'priority_slo',
      {
        // Within a class every job has the same SLO, so deadline order is arrival order: the tie.
        rank: (jobs, slot) => (jobs.cls[slot] === INTERACTIVE ? 0 : 1),
        lanes: 'index',
        classPriority: true,
      },
      o,
    ),
});
