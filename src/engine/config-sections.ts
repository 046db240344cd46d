// The config's sections: the zod schemas (and their parsed types) of arrivals, service, lanes,
// batching, memory, admission, the predictor and autoscaling, with the lane kinds and `LaneSpec`.
// They sit below everything that reads them: the engine's mechanisms (lanes, memory, batching,
// predictor, service, admission, autoscale) import their types from here, and config.ts, which also
// needs the policy registry for the `scheduler` section, assembles the whole schema on top. Keeping
// the leaves here is what keeps the registry -> policies -> mechanisms -> config path acyclic.

import { z } from 'zod';
import { AUTOSCALER_NAMES, AUTOSCALER_SECTIONS } from './autoscalers/registry.ts';
import { batchLatencySchema } from './batch-sizes.ts';
import {
  MAX_ARRIVALS_PER_S,
  MAX_CV,
  MAX_SIM_MS,
  MIN_ARRIVALS_PER_S,
  MIN_PERIOD_MS,
  formatCount,
} from './limits.ts';

export const LANE_KINDS = ['gpu', 'cpu'] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
/** The period of something that recurs (ms), within what a run can reach (limits.ts). */
const periodMs = z.number().min(MIN_PERIOD_MS).max(MAX_SIM_MS);
/** A delay or a moment of simulated time (ms), 0 allowed. */
const timeMs = z.number().min(0).max(MAX_SIM_MS);
/** Arrivals per simulated second (limits.ts). */
const ratePerS = z.number().min(MIN_ARRIVALS_PER_S).max(MAX_ARRIVALS_PER_S);
/** A coefficient of variation. */
const cv = z.number().positive().max(MAX_CV);

const rateScale = { rate_scale: positive.default(1) };

/** A generated process's rate after `rate_scale` stays within the limits. */
const scaledRateOk = {
  // A rate_per_s out of range is reported on its own field.
  check: (a: { rate_per_s: number; rate_scale: number }) => {
    const r = a.rate_per_s;
    if (r > MAX_ARRIVALS_PER_S || r < MIN_ARRIVALS_PER_S) return true;
    return r * a.rate_scale <= MAX_ARRIVALS_PER_S && r * a.rate_scale >= MIN_ARRIVALS_PER_S;
  },
  message: {
    message: `rate_per_s x rate_scale must be from ${MIN_ARRIVALS_PER_S} to ${formatCount(MAX_ARRIVALS_PER_S)} arrivals per second`,
    path: ['rate_scale'],
  },
};

const poisson = z
  .strictObject({
    process: z.literal('poisson'),
    rate_per_s: ratePerS,
    ...rateScale,
  })
  .refine(scaledRateOk.check, scaledRateOk.message);

/** Renewal process with gamma inter-arrival times: cv 1 is Poisson, larger is burstier. */
const gamma = z
  .strictObject({
    process: z.literal('gamma'),
    rate_per_s: ratePerS,
    // Gamma shape is 1 / cv^2: below cv 0.01 (shape 10,000) the sampler's arithmetic overflows.
    cv: z.number().min(0.01).max(MAX_CV).default(1),
    ...rateScale,
  })
  .refine(scaledRateOk.check, scaledRateOk.message);

/** On/off modulated Poisson: `rate_per_s` while on, `off_rate_per_s` while off. */
const bursty = z
  .strictObject({
    process: z.literal('bursty'),
    rate_per_s: ratePerS,
    off_rate_per_s: z.number().nonnegative().max(MAX_ARRIVALS_PER_S).default(0),
    on_ms: periodMs.default(1000),
    off_ms: periodMs.default(1000),
    ...rateScale,
  })
  .refine(scaledRateOk.check, scaledRateOk.message);

/**
 * Trace replay. `rps`: requests per second, whitespace-separated non-negative numbers; `timestamps`:
 * a CSV with a header whose arrival column holds seconds, milliseconds or date-times; `azure_llm`:
 * the Azure LLM inference traces as published (TIMESTAMP,ContextTokens,GeneratedTokens), each
 * request with its own token counts (LLM runs only). The text comes from `file` (read by the CLI)
 * or inline in `data` (the app, after an import).
 */
const trace = z
  .strictObject({
    process: z.literal('trace'),
    format: z.enum(['rps', 'timestamps', 'azure_llm']),
    file: z.string().min(1).optional(),
    data: z.string().optional(),
    column: z.string().min(1).optional(),
    /**
     * Replay the trace again each time it runs out, until `jobs` or `duration_s` stops arrivals (one
     * is then required). Without it the trace is replayed once, whole, unless a stop comes first.
     */
    loop: z.boolean().default(false),
    ...rateScale,
  })
  .refine((t) => t.file !== undefined || t.data !== undefined, {
    message: 'a trace needs "file" (a path) or "data" (its text)',
    path: ['file'],
  });

export const arrivalsSchema = z.discriminatedUnion('process', [poisson, gamma, bursty, trace]);

/** Quantiles of a mean-1 multiplier at evenly spaced levels 0..1, ascending (service.spread). */
const spreadQuantiles = z
  .array(positive)
  .min(2)
  .max(101)
  .refine((q) => q.every((v, i) => i === 0 || v >= q[i - 1]!), 'quantiles must be ascending');

const serviceCommon = {
  /** How much faster a GPU-class lane serves than a CPU-class one (distribution models). */
  gpu_speedup: positive.default(4),
  /** Mean service time per model on a CPU-class lane, overriding `mean_ms`. */
  model_ms: z.record(z.string(), positive).default({}),
  /** Fixed cost per run on top of the model's compute (dispatch and messages), ms. */
  overhead_ms: nonNegative.optional(),
  /** Extra cost of a run that starts the moment its first job arrives (nothing queued ahead of it),
   * ms: a live host notices an arrival at its next timer, late by about a timer's granularity,
   * while a run that follows another starts as soon as the lane answers. */
  wake_ms: nonNegative.optional(),
  /** Per model: its measured service-time spread as quantiles (evenly spaced levels 0..1) of the
   * time over its mean; replaces the distribution's multiplier for that model's jobs. */
  spread: z.record(z.string(), spreadQuantiles).optional(),
  /** Per lane kind: compute-time multiplier when k lanes of that kind are busy at once (index
   * k - 1; the last entry holds for more). Lanes that share cores slow each other down. */
  sharing: z.partialRecord(z.enum(LANE_KINDS), z.array(positive).min(1).max(256)).optional(),
  /** Per lane kind: a replica's cold start (model load, session creation, warm-up), ms, as a
   * calibration measured it on this device's lanes; autoscaled replicas wait it before serving. */
  cold_start_ms: z.partialRecord(z.enum(LANE_KINDS), timeMs).optional(),
};

/** Measured latency (ms) per model, lane kind and batch size: `{ model: { gpu: { "1": 2.5 } } }`. */
export const profileTableSchema = z.record(
  z.string(),
  z.partialRecord(z.enum(LANE_KINDS), batchLatencySchema),
);
export type ProfileTable = z.infer<typeof profileTableSchema>;

export const serviceSchema = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('deterministic'), mean_ms: positive, ...serviceCommon }),
  z.strictObject({ dist: z.literal('exponential'), mean_ms: positive, ...serviceCommon }),
  z.strictObject({
    dist: z.literal('lognormal'),
    mean_ms: positive,
    cv: cv.default(1),
    ...serviceCommon,
  }),
  z.strictObject({
    dist: z.literal('profile'),
    profile: profileTableSchema,
    /** Run-to-run jitter around the profile, as a coefficient of variation (lognormal). */
    cv: nonNegative.max(MAX_CV).default(0),
    mean_ms: positive.default(1),
    ...serviceCommon,
  }),
]);

export const laneGroupSchema = z.strictObject({
  kind: z.enum(LANE_KINDS),
  count: z.int().min(1).max(256).default(1),
  /** Jobs (or batches) a lane serves at once. */
  concurrency: z.int().min(1).max(1024).default(1),
  /** Service-rate multiplier; default 1 for cpu and `service.gpu_speedup` for gpu. */
  speed: positive.optional(),
  /** A backup lane only takes work while a primary lane is down. */
  role: z.enum(['primary', 'backup']).default('primary'),
});

/**
 * Micro-batching of compatible jobs (same model and class). `window`: a group starts when it holds
 * `max_batch` jobs or its oldest job has waited `window_ms`. `dynamic` (as production inference
 * servers do it): start the largest preferred size that the queue holds; with none, wait until the
 * oldest job has waited `max_queue_delay_ms`, then start what there is. Exempt interactive jobs never
 * wait for a batch to fill; they still take compatible jobs already queued.
 */
export const batchingSchema = z.strictObject({
  enabled: z.boolean().default(false),
  mode: z.enum(['window', 'dynamic']).default('window'),
  window_ms: timeMs.default(2),
  max_batch: z.int().min(1).max(1024).default(8),
  exempt_interactive: z.boolean().default(true),
  preferred_sizes: z.array(z.int().min(1).max(1024)).default([]),
  max_queue_delay_ms: timeMs.default(5),
});

/** Memory cost of one model: resident base plus activations per sample (tokens or MiB). */
const modelMemorySchema = z.strictObject({ base: nonNegative, per_sample: nonNegative });

/**
 * Per-lane memory. A run costs `base + per_sample x batch` of its model (x `fp16_factor` with
 * fp16) while it runs, and starts only when that fits in what its lane has free. `tokens` is the
 * source system's abstract calibration; `bytes` takes weights and activations from the model
 * manifest, in MiB. `capacity_per_lane` defaults to 1000 tokens or 1024 MiB.
 */
export const memorySchema = z.strictObject({
  enabled: z.boolean().default(false),
  calibration: z.enum(['tokens', 'bytes']).default('tokens'),
  capacity_per_lane: positive.optional(),
  /** Capacity by lane kind, overriding `capacity_per_lane`. */
  capacity_by_kind: z.partialRecord(z.enum(LANE_KINDS), positive).default({}),
  fp16: z.boolean().default(false),
  /** Cost multiplier with fp16; defaults to 0.7 for tokens (the source system's) and 0.5 for bytes. */
  fp16_factor: z.number().gt(0).max(1).optional(),
  /** Costs per model name, overriding (or adding to) the calibration's table. */
  models: z.record(z.string(), modelMemorySchema).default({}),
});

/**
 * Admission control, for any scheduler. `reject`: refuse a job on arrival when the predicted wait
 * plus service misses its deadline; `drop`: drop a queued job at the moment it would start when the
 * predicted service misses it; `both` does both. `slack` scales the prediction (above 1: stricter).
 */
export const admissionSchema = z.strictObject({
  mode: z.enum(['off', 'reject', 'drop', 'both']).default('off'),
  slack: positive.default(1),
  /** Classes admission control applies to. */
  classes: z.array(z.enum(['interactive', 'batch'])).default(['interactive', 'batch']),
});

/**
 * The latency predictor: per (model, lane kind), a recursive-least-squares fit of speed-normalised
 * service time on [1, batch, ln batch, lane load], seeded from the service profile (offline) and
 * updated at every completion (online). On by default when something uses it: admission control,
 * or a policy whose descriptor says `needsPredictor` (features.ts `wantsPredictor`); `enabled`
 * forces it on or off.
 */
export const predictorSchema = z.strictObject({
  enabled: z.boolean().optional(),
  learner: z.enum(['rls', 'table']).default('rls'),
  /** Seed the fit from the service profile before the run. */
  offline: z.boolean().default(true),
  /** Learn from completions during the run. */
  online: z.boolean().default(true),
  /** RLS forgetting factor: 1 remembers everything, lower tracks drift faster. */
  forgetting: z.number().gt(0.9).max(1).default(0.999),
});

/**
 * Autoscaling of one lane kind's primary pool, as an elastic worker pool does it. The pool holds
 * `max` lanes from the start (the configured primary lanes of `kind`, then copies of the first such
 * group); lanes beyond the current size are parked. `policy` picks the autoscaler
 * (autoscalers/registry.ts): `reactive` (SchedLab's first rule, whose knobs are this section's own
 * `interval_ms`, `target_utilisation`, `queue_per_lane` and `cooldown_ms`), `hpa`, `keda`,
 * `ray_serve` or `predictive`, each with its knobs under its own name. A replica asked for serves
 * after its cold start: `startup_ms` when given, else the calibration's measured cold start for the
 * kind (`service.cold_start_ms`), else 500 ms. A replica let go drains: it takes no new work and
 * parks when its running work ends.
 */
export const autoscaleSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    kind: z.enum(LANE_KINDS).default('cpu'),
    min: z.int().min(0).max(256).default(1),
    max: z.int().min(1).max(256).default(8),
    policy: z.enum(AUTOSCALER_NAMES).default('reactive'),
    /** A replica's cold start (model load, session creation, warm-up) before it takes work. */
    startup_ms: timeMs.optional(),
    /** Two scale events the opposite way within this long count as a flap. */
    flap_window_s: z.number().min(0).max(86_400).default(300),
    interval_ms: periodMs.default(1000),
    /** Busy share of a lane's slots the pool is sized for: lower scales up sooner. */
    target_utilisation: z.number().gt(0).max(1).default(0.75),
    /** Queued jobs per pool lane that the pool tolerates before it grows. */
    queue_per_lane: positive.default(4),
    /** Quiet time after any scale event before the pool may shrink. */
    cooldown_ms: timeMs.default(5000),
    ...AUTOSCALER_SECTIONS,
  })
  .refine((a) => a.min <= a.max, { message: '"min" must be at most "max"', path: ['min'] })
  .refine((a) => !a.enabled || a.min >= 1 || (a.policy !== 'hpa' && a.policy !== 'predictive'), {
    message:
      '"min" 0 (scale to zero) needs a policy that scales from zero (keda, ray_serve, reactive): the HPA never scales from 0 replicas',
    path: ['min'],
  });

/** The cold start the pool waits for a replica of its kind: startup_ms, else measured, else 500. */
export function coldStartMs(
  autoscale: Pick<AutoscaleConfig, 'startup_ms' | 'kind'>,
  service: Pick<ServiceConfig, 'cold_start_ms'>,
): number {
  return autoscale.startup_ms ?? service.cold_start_ms?.[autoscale.kind] ?? DEFAULT_COLD_START_MS;
}

/** A replica's cold start when neither the config nor a calibration says (ms). */
export const DEFAULT_COLD_START_MS = 500;

/**
 * What capacity costs: a price per replica-hour by lane kind (a lane is a replica), in whatever
 * currency the user thinks in. The defaults are the order of an on-demand cloud GPU instance and a
 * small CPU instance; set your own.
 */
export const costSchema = z.strictObject({
  price_per_hour: z
    .strictObject({
      gpu: nonNegative.max(1e6).default(1),
      cpu: nonNegative.max(1e6).default(0.1),
    })
    .prefault({}),
  currency: z.string().min(1).max(8).default('USD'),
});

export type ArrivalsConfig = z.output<typeof arrivalsSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type LaneGroupConfig = z.output<typeof laneGroupSchema>;
export type BatchingConfig = z.output<typeof batchingSchema>;
export type MemoryConfig = z.output<typeof memorySchema>;
export type AdmissionConfig = z.output<typeof admissionSchema>;
export type PredictorConfig = z.output<typeof predictorSchema>;
export type AutoscaleConfig = z.output<typeof autoscaleSchema>;
export type CostConfig = z.output<typeof costSchema>;

/** A lane expanded from its group (config.ts `expandLanes`), in config order. */
export interface LaneSpec {
  kind: LaneKind;
  concurrency: number;
  speed: number;
  role: 'primary' | 'backup';
  name: string;
}
