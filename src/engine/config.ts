// The experiment configuration: one zod schema is the single source of truth for what a config may
// say, its defaults, and the messages a bad config gets. The same schema validates configs from the
// CLI (JSON or YAML files), from imported files and from URLs in the app.

import { z } from 'zod';

export const SCHEDULER_NAMES = [
  'fifo',
  'edf',
  'priority_slo',
  'greedy_gpu_first',
  'least_loaded',
  'round_robin',
] as const;
export type SchedulerName = (typeof SCHEDULER_NAMES)[number];

export const LANE_KINDS = ['gpu', 'cpu'] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const fraction = z.number().min(0).max(1);

const rateScale = { rate_scale: positive.default(1) };

const poisson = z.strictObject({
  process: z.literal('poisson'),
  rate_per_s: positive,
  ...rateScale,
});

/** Renewal process with gamma inter-arrival times: cv 1 is Poisson, larger is burstier. */
const gamma = z.strictObject({
  process: z.literal('gamma'),
  rate_per_s: positive,
  cv: positive.default(1),
  ...rateScale,
});

/** On/off modulated Poisson: `rate_per_s` while on, `off_rate_per_s` while off. */
const bursty = z.strictObject({
  process: z.literal('bursty'),
  rate_per_s: positive,
  off_rate_per_s: nonNegative.default(0),
  on_ms: positive.default(1000),
  off_ms: positive.default(1000),
  ...rateScale,
});

/**
 * Trace replay. `rps`: requests per second, whitespace-separated non-negative numbers; `timestamps`:
 * a CSV with a header whose arrival column holds seconds, milliseconds or date-times. The text comes
 * from `file` (read by the CLI) or inline in `data` (the app, after an import).
 */
const trace = z
  .strictObject({
    process: z.literal('trace'),
    format: z.enum(['rps', 'timestamps']),
    file: z.string().min(1).optional(),
    data: z.string().optional(),
    column: z.string().min(1).optional(),
    /** Loop the trace when it runs out before `jobs` arrivals. */
    loop: z.boolean().default(false),
    ...rateScale,
  })
  .refine((t) => t.file !== undefined || t.data !== undefined, {
    message: 'a trace needs "file" (a path) or "data" (its text)',
    path: ['file'],
  });

export const arrivalsSchema = z.discriminatedUnion('process', [poisson, gamma, bursty, trace]);

const serviceCommon = {
  /** How much faster a GPU-class lane serves than a CPU-class one (distribution models). */
  gpu_speedup: positive.default(4),
  /** Mean service time per model on a CPU-class lane, overriding `mean_ms`. */
  model_ms: z.record(z.string(), positive).default({}),
};

/** Measured latency (ms) per model, lane kind and batch size: `{ model: { gpu: { "1": 2.5 } } }`. */
export const profileTableSchema = z.record(
  z.string(),
  z.record(z.enum(LANE_KINDS), z.record(z.string().regex(/^\d+$/, 'a batch size'), positive)),
);
export type ProfileTable = z.infer<typeof profileTableSchema>;

export const serviceSchema = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('deterministic'), mean_ms: positive, ...serviceCommon }),
  z.strictObject({ dist: z.literal('exponential'), mean_ms: positive, ...serviceCommon }),
  z.strictObject({
    dist: z.literal('lognormal'),
    mean_ms: positive,
    cv: positive.default(1),
    ...serviceCommon,
  }),
  z.strictObject({
    dist: z.literal('profile'),
    profile: profileTableSchema,
    /** Run-to-run jitter around the profile, as a coefficient of variation (lognormal). */
    cv: nonNegative.default(0),
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

const classSchema = z.strictObject({ slo_ms: positive });

export const configSchema = z
  .strictObject({
    seed: z.int().min(0).max(2 ** 32 - 1).default(1),
    /** Stop arrivals after this many jobs. */
    jobs: z.int().min(1).optional(),
    /** Stop arrivals at this simulated time. */
    duration_s: positive.optional(),
    arrivals: arrivalsSchema,
    mix: z
      .strictObject({
        interactive_ratio: fraction.default(0.5),
        models: z
          .record(z.string().min(1), nonNegative)
          .default({ resnet18: 1 })
          .refine((m) => Object.values(m).some((w) => w > 0), 'at least one model weight > 0')
          .refine((m) => Object.keys(m).length <= 255, 'at most 255 models'),
      })
      .prefault({}),
    classes: z
      .strictObject({
        interactive: classSchema.default({ slo_ms: 100 }),
        batch: classSchema.default({ slo_ms: 1000 }),
      })
      .prefault({}),
    lanes: z.array(laneGroupSchema).min(1),
    service: serviceSchema,
    scheduler: z.strictObject({ name: z.enum(SCHEDULER_NAMES) }).prefault({ name: 'fifo' }),
    batching: z.strictObject({ enabled: z.boolean().default(false) }).prefault({}),
    queue: z
      .strictObject({
        /** Jobs that find the queue this full are rejected on arrival. */
        capacity: z.int().min(0).optional(),
        /** Drop a queued job whose deadline has passed instead of running it. */
        drop_expired: z.boolean().default(false),
      })
      .prefault({}),
    /** Lane failures: lane index (over the expanded lane list), when, and for how long. */
    faults: z
      .array(
        z.strictObject({
          lane: z.int().min(0),
          at_ms: nonNegative,
          duration_ms: positive.optional(),
        }),
      )
      .default([]),
  })
  .refine((c) => c.jobs !== undefined || c.duration_s !== undefined, {
    message: 'say when arrivals stop: "jobs" (a count) or "duration_s"',
    path: ['jobs'],
  });

/** A validated config with every default filled in. */
export type Config = z.output<typeof configSchema>;
/** What a user may write: defaults optional. */
export type ConfigInput = z.input<typeof configSchema>;
export type ArrivalsConfig = Config['arrivals'];
export type ServiceConfig = Config['service'];

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** `lanes[0].kind` style paths. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(config)' : out;
}

/** Every problem with the config, each naming its field path and, where known, accepted values. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'invalid_union' && 'discriminator' in issue) {
      return `${path}: ${issue.message}`;
    }
    if (issue.code === 'unrecognized_keys') {
      return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    return `${path}: ${issue.message}`;
  });
}

/** Validate a parsed config object. Throws ConfigError listing every problem. */
export function parseConfig(input: unknown): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) throw new ConfigError(describeIssues(result.error));
  return result.data;
}

/** Like parseConfig, but returns the problems instead of throwing. */
export function checkConfig(input: unknown): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const result = configSchema.safeParse(input);
  return result.success
    ? { ok: true, config: result.data }
    : { ok: false, problems: describeIssues(result.error) };
}

/** Lanes expanded from groups, in config order. */
export interface LaneSpec {
  kind: LaneKind;
  concurrency: number;
  speed: number;
  role: 'primary' | 'backup';
  name: string;
}

export function expandLanes(config: Config): LaneSpec[] {
  const lanes: LaneSpec[] = [];
  const perKind = { gpu: 0, cpu: 0 };
  for (const group of config.lanes) {
    for (let i = 0; i < group.count; i++) {
      const n = perKind[group.kind]++;
      lanes.push({
        kind: group.kind,
        concurrency: group.concurrency,
        speed: group.speed ?? (group.kind === 'gpu' ? config.service.gpu_speedup : 1),
        role: group.role,
        name: `${group.kind}${n}${group.role === 'backup' ? '-backup' : ''}`,
      });
    }
  }
  return lanes;
}
