// round_robin: bind each job on arrival to the next lane that can take work, whatever its speed.

import type { LanePicker } from '../binding.ts';
import { bindingScheduler } from '../bound.ts';
import { definePolicy } from '../policy.ts';

/** Cycle through the lanes that can take work. */
export function roundRobinPicker(): LanePicker {
  let cursor = 0;
  return (lanes) => {
    for (let k = 0; k < lanes.count; k++) {
      const lane = (cursor + k) % lanes.count;
      if (lanes.eligible(lane)) {
        cursor = lane + 1;
        return lane;
      }
    }
    return -1;
  };
}

export const roundRobin = definePolicy({
  name: 'round_robin',
  title: 'Round robin',
  description: 'Bind each job on arrival to the next lane in turn, whatever its speed.',
  create: (o) => bindingScheduler('round_robin', roundRobinPicker, o),
});
