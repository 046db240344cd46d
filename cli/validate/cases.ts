// What `npm run validate` runs: the workload, the calibrated capacity it is loaded against, and one
// live config per case (Poisson at each share of capacity, and a bursty case).

import {
  expandLanes,
  parseConfig,
  type Config,
  type ConfigInput,
  type ServiceConfig,
} from '../../src/engine/config.ts';
import { createServiceModel } from '../../src/engine/service.ts';
import type { ModelId } from '../../src/models/manifest.ts';

export interface Workload {
  seed: number;
  jobs: number;
  lanes: number;
  models: Partial<Record<ModelId, number>>;
  interactiveRatio: number;
}

export interface ValidateCase {
  /** "30%", "bursty". */
  label: string;
  /** Mean offered load, share of calibrated capacity. */
  load: number;
  bursty: boolean;
  /** Above 90 % the figures are reported but not validated. */
  validated: boolean;
  config: ConfigInput;
}

/** The bursty case: on for 500 ms at 150 % of capacity, off for 1000 ms at 15 %: 60 % on average. */
export const BURST = { onMs: 500, offMs: 1000, on: 1.5, off: 0.15 } as const;
export const BURSTY_MEAN_LOAD =
  (BURST.on * BURST.onMs + BURST.off * BURST.offMs) / (BURST.onMs + BURST.offMs);

/** Loads above this are labelled "not validated". */
export const VALIDATED_MAX_LOAD = 0.9;

function baseConfig(w: Workload, arrivals: ConfigInput['arrivals']): ConfigInput {
  return {
    seed: w.seed,
    jobs: w.jobs,
    arrivals,
    mix: { interactive_ratio: w.interactiveRatio, models: { ...w.models } },
    lanes: [{ kind: 'cpu', count: w.lanes }],
    // Live runs measure service; the simulation replays with the calibrated profile instead.
    service: { dist: 'deterministic', mean_ms: 10 },
    scheduler: { name: 'fifo' },
  };
}

/**
 * Jobs/s the lanes serve with every lane busy: per lane 1000 / (mix-weighted mean service at batch 1,
 * slowed by sharing with all lanes of its kind busy, plus the overhead).
 */
export function calibratedCapacity(w: Workload, service: ServiceConfig): number {
  const config = parseConfig({ ...baseConfig(w, { process: 'poisson', rate_per_s: 1 }), service });
  const models = Object.keys(config.mix.models);
  const weights = Object.values(config.mix.models);
  const total = weights.reduce((a, b) => a + b, 0);
  const model = createServiceModel(config.service, models);
  const lanes = expandLanes(config);
  let rate = 0;
  for (const lane of lanes) {
    const busy = lanes.filter((l) => l.kind === lane.kind).length;
    let mean = 0;
    models.forEach((_, m) => {
      mean += (weights[m]! / total) * model.sample(m, lane.kind, lane.speed, 1, 1, busy);
    });
    rate += (lane.concurrency * 1000) / mean;
  }
  return rate;
}

export function validateCases(
  w: Workload,
  capacity: number,
  loads: readonly number[],
  bursty: boolean,
): ValidateCase[] {
  const cases: ValidateCase[] = loads.map((load) => ({
    label: `${Math.round(load * 100)}%`,
    load,
    bursty: false,
    validated: load <= VALIDATED_MAX_LOAD,
    config: baseConfig(w, { process: 'poisson', rate_per_s: load * capacity }),
  }));
  if (bursty) {
    cases.push({
      label: 'bursty',
      load: BURSTY_MEAN_LOAD,
      bursty: true,
      validated: true,
      config: baseConfig(w, {
        process: 'bursty',
        rate_per_s: BURST.on * capacity,
        off_rate_per_s: BURST.off * capacity,
        on_ms: BURST.onMs,
        off_ms: BURST.offMs,
      }),
    });
  }
  return cases;
}

/** The parsed config of a case (for the simulation's replay). */
export function parsedCase(c: ValidateCase): Config {
  return parseConfig(c.config);
}
