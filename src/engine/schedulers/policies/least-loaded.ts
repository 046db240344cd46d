// least_loaded: bind each job on arrival to the lane with the least outstanding work per unit of
// capacity (a load balancer's join-the-shortest-queue, weighted by lane speed).

import type { LanePicker } from '../binding.ts';
import { bindingScheduler } from '../bound.ts';
import { definePolicy } from '../policy.ts';

/** Join the lane with the least outstanding work per unit of capacity; ties to the lower index. */
export const pickLeastLoaded: LanePicker = (lanes) => {
  let best = -1;
  let bestLoad = Infinity;
  for (let lane = 0; lane < lanes.count; lane++) {
    if (!lanes.eligible(lane)) continue;
    const load = lanes.load(lane);
    if (load < bestLoad) {
      best = lane;
      bestLoad = load;
    }
  }
  return best;
};

export const leastLoaded = definePolicy({
  name: 'least_loaded',
  title: 'Least-loaded lane',
  description: 'Bind each job on arrival to the lane with the least outstanding work per capacity.',
  create: (o) => bindingScheduler('least_loaded', () => pickLeastLoaded, o),
});
