// "Load as a share of capacity" needs a capacity. Here it is the rate (jobs/s) at which the lanes
// would complete the configured job mix serving one job at a time: each lane serves
// `concurrency x 1000 / mean_ms` jobs/s, where `mean_ms` is the mix-weighted mean single-job
// service time of the models on that lane (the service model's batch-1 mean at the lane's kind and
// speed), and the lanes' rates add up. Backup lanes (idle while primaries are up) are left out.
// Batching can push real throughput above this figure when the profile makes batches cheaper per
// job; that is the point of batching, and why loads above 100% can still be served.

import type { Config } from './config.ts';
import { expandLanes } from './config.ts';
import { createServiceModel } from './service.ts';

/** Unbatched capacity of the config's primary lanes for its job mix, jobs/s. */
export function capacityPerS(config: Config): number {
  const models = Object.keys(config.mix.models);
  const weights = Object.values(config.mix.models);
  const total = weights.reduce((a, b) => a + b, 0);
  const service = createServiceModel(config.service, models);
  let rate = 0;
  for (const lane of expandLanes(config)) {
    if (lane.role === 'backup') continue;
    let mean = 0;
    models.forEach((_, m) => {
      mean += (weights[m]! / total) * service.base(m, lane.kind, lane.speed, 1);
    });
    rate += (lane.concurrency * 1000) / mean;
  }
  return rate;
}
