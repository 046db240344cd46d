// The engine benchmarks' workload, shared by bench/engine.ts and bench/policy-realm.ts: 16 lanes of
// 1 ms mean service (capacity 16,000/s), Poisson arrivals at 14,000/s (87.5 % load).

import { parseConfig, type Config } from '../src/engine/config.ts';
import type { SchedulerName } from '../src/engine/schedulers/registry.ts';

export function benchConfig(jobs: number, scheduler: SchedulerName = 'fifo'): Config {
  return parseConfig({
    seed: 1,
    jobs,
    arrivals: { process: 'poisson', rate_per_s: 14_000 },
    mix: { interactive_ratio: 0.5, models: { resnet18: 1 } },
    lanes: [{ kind: 'cpu', count: 16 }],
    service: { dist: 'exponential', mean_ms: 1 },
    scheduler: { name: scheduler },
  });
}
