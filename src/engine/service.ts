// Service-time models. A run's service time is `compute(model, lane, batch) x unit + overhead`,
// where `unit` is a mean-1 random multiplier drawn once per job at arrival. Splitting it this way
// keeps the random part independent of where and when the job runs, so two schedulers see the same
// demands (common random numbers), while the deterministic part carries the lane's speed and the
// batch's size.
//
// What a calibration against live lanes measures can be said here too (npm run validate fits each
// from measurements and justifies it with a figure):
// - `overhead_ms`: a fixed cost per run on top of the model's compute (the engine worker's message
//   to the lane and back, reading the outputs);
// - `wake_ms`: what a run pays on top when it starts the moment its job arrives (the live host
//   notices an arrival at its next timer; the engine adds it, as only it knows when a run starts);
// - `spread`: each model's own service-time distribution, as quantiles of the mean-1 multiplier,
//   in place of an assumed lognormal `cv`;
// - `sharing`: lanes of one kind that share the machine's cores run slower when several are busy
//   at once: the compute time is multiplied by `sharing[kind][k - 1]` when k lanes of that kind
//   are busy (this run's included) as it starts.

import type { LaneKind, ProfileTable, ServiceConfig } from './config-sections.ts';
import { own } from './own.ts';
import { expVariate, normalVariate, type Uniform } from './rng.ts';

export interface ServiceModel {
  /** Draw a job's mean-1 multiplier (`model`: the job's model). */
  unit(u: Uniform, model: number): number;
  /**
   * Expected service time (ms) of a batch of `batch` jobs of `model` on a lane of `kind` and relative
   * `speed`, with nothing else running, overhead included. For a batch of one this is the job's mean
   * service time on that lane.
   */
  base(model: number, kind: LaneKind, speed: number, batch: number): number;
  /** One run's service time: compute scaled by the head job's `unit` and by `busy` lanes of its
   * kind sharing the cores, plus the overhead. */
  sample(
    model: number,
    kind: LaneKind,
    speed: number,
    batch: number,
    unit: number,
    busy: number,
  ): number;
  /** The model slows down with busy lanes of a kind (the engine counts them only then). */
  readonly shares: boolean;
  /** Added to a run that starts at its first job's arrival, ms (`wake_ms`; 0 by default). */
  readonly wakeMs: number;
}

/** Mean of the piecewise-linear distribution through `q` (quantiles at evenly spaced levels). */
export function quantileMean(q: readonly number[]): number {
  let sum = 0;
  for (let i = 1; i < q.length; i++) sum += (q[i - 1]! + q[i]!) / 2;
  return sum / (q.length - 1);
}

/** Inverse-CDF sampling from quantiles at levels 0, 1/(n-1), ..., 1, linear between them. */
function empiricalUnit(q: readonly number[]): (u: Uniform) => number {
  const mean = quantileMean(q);
  const scaled = Float64Array.from(q, (v) => v / mean);
  const n = scaled.length - 1;
  return (u) => {
    const x = u() * n;
    const i = Math.min(n - 1, Math.floor(x));
    return scaled[i]! + (scaled[i + 1]! - scaled[i]!) * (x - i);
  };
}

function lognormalUnit(cv: number): (u: Uniform) => number {
  // For a lognormal with mean 1 and coefficient of variation cv: sigma^2 = ln(1 + cv^2), mu = -sigma^2/2.
  const sigma2 = Math.log(1 + cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = -sigma2 / 2;
  return (u) => Math.exp(mu + sigma * normalVariate(u));
}

/** Piecewise-linear interpolation of latency over batch size, extrapolated by the last slope. */
export class BatchCurve {
  private readonly sizes: number[];
  private readonly ms: number[];
  constructor(points: Record<string, number>) {
    const entries = Object.entries(points)
      .map(([b, ms]) => [Number(b), ms] as const)
      .sort((a, b) => a[0] - b[0]);
    this.sizes = entries.map((e) => e[0]);
    this.ms = entries.map((e) => e[1]);
  }
  at(batch: number): number {
    const s = this.sizes;
    const m = this.ms;
    const n = s.length;
    if (n === 1) return (m[0]! * batch) / s[0]!;
    if (batch <= s[0]!) return (m[0]! * batch) / s[0]!;
    let i = 1;
    while (i < n - 1 && s[i]! < batch) i++;
    const x0 = s[i - 1]!;
    const x1 = s[i]!;
    const y0 = m[i - 1]!;
    const y1 = m[i]!;
    return y0 + ((y1 - y0) * (batch - x0)) / (x1 - x0);
  }
}

/**
 * Build the service model. `models` are the run's model names (index = model id); a profile must
 * cover every model and lane kind in use, which `validateProfile` checks with a clear message.
 */
export function createServiceModel(config: ServiceConfig, models: readonly string[]): ServiceModel {
  const compute = computeModel(config, models);
  const overhead = config.overhead_ms ?? 0;
  // A model's own measured spread replaces the distribution's multiplier for its jobs.
  const spreads = models.map((name) => {
    const q = config.spread ? own(config.spread, name) : undefined;
    return q ? empiricalUnit(q) : undefined;
  });
  const sharing = {
    gpu: config.sharing?.gpu ?? [],
    cpu: config.sharing?.cpu ?? [],
  };
  const slowdown = (kind: LaneKind, busy: number): number => {
    const table = sharing[kind];
    if (table.length === 0 || busy < 1) return 1;
    return table[Math.min(busy, table.length) - 1]!;
  };
  return {
    unit: (u, model) => (spreads[model] ?? compute.unit)(u),
    base: (model, kind, speed, batch) => compute.base(model, kind, speed, batch) + overhead,
    sample: (model, kind, speed, batch, unit, busy) =>
      compute.base(model, kind, speed, batch) * unit * slowdown(kind, busy) + overhead,
    shares: sharing.gpu.length > 0 || sharing.cpu.length > 0,
    wakeMs: config.wake_ms ?? 0,
  };
}

/** The compute part: the distribution's multiplier and the expected time without overhead. */
function computeModel(
  config: ServiceConfig,
  models: readonly string[],
): {
  unit: (u: Uniform) => number;
  base: (model: number, kind: LaneKind, speed: number, batch: number) => number;
} {
  const meanOf = (m: number): number => own(config.model_ms, models[m]!) ?? config.mean_ms;
  const means = models.map((_, m) => meanOf(m));
  if (config.dist === 'profile') {
    const curves = models.map((name) => {
      const row = own(config.profile, name);
      return {
        gpu: row && own(row, 'gpu') ? new BatchCurve(row.gpu!) : undefined,
        cpu: row && own(row, 'cpu') ? new BatchCurve(row.cpu!) : undefined,
      };
    });
    const unit = config.cv > 0 ? lognormalUnit(config.cv) : () => 1;
    return {
      unit,
      base(model, kind, speed, batch) {
        const curve = curves[model]![kind];
        if (!curve) throw new Error(`service.profile: no ${kind} entry for "${models[model]}"`);
        return curve.at(batch) / speed;
      },
    };
  }
  const base = (model: number, _kind: LaneKind, speed: number, batch: number): number =>
    (means[model]! * batch) / speed;
  switch (config.dist) {
    case 'deterministic':
      return { unit: () => 1, base };
    case 'exponential':
      return { unit: expVariate, base };
    case 'lognormal':
      return { unit: lognormalUnit(config.cv), base };
  }
}

/** Problems with a profile for the given models and lane kinds (empty when it covers them). */
export function profileGaps(
  profile: ProfileTable,
  models: readonly string[],
  kinds: readonly LaneKind[],
): string[] {
  const gaps: string[] = [];
  for (const model of models) {
    for (const kind of kinds) {
      const row = own(profile, model);
      const points = row === undefined ? undefined : own(row, kind);
      if (!points || Object.keys(points).length === 0) {
        gaps.push(
          `service.profile.${model}.${kind}: missing (the run uses ${model} on ${kind} lanes)`,
        );
      }
    }
  }
  return gaps;
}
