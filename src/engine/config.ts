// The experiment configuration: one zod schema is the single source of truth for what a config may
// say, its defaults, and the messages a bad config gets. The same schema validates configs from the
// CLI (JSON or YAML files), from imported files and from URLs in the app.

import { z } from 'zod';
import { clip, describeValue, quote } from './echo.ts';
import {
  admissionSchema,
  arrivalsSchema,
  autoscaleSchema,
  batchingSchema,
  costSchema,
  laneGroupSchema,
  memorySchema,
  predictorSchema,
  serviceSchema,
  type LaneSpec,
} from './config-sections.ts';
import { MAX_LANES, MAX_NAME_CHARS, MAX_SIM_MS, MAX_SIM_S, formatCount } from './limits.ts';
import {
  LLM_SCHEDULER_NAMES,
  LLM_SCHEDULER_PARAMS,
  SCHEDULER_NAMES,
  SCHEDULER_PARAMS,
} from './schedulers/registry.ts';
import { llmFields, sharedPrefixFits } from './llm/config-sections.ts';

// The sections are part of what a config is: their schemas and types are read from here too.
export * from './config-sections.ts';

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const fraction = z.number().min(0).max(1);
/** A delay or a moment of simulated time (ms), 0 allowed. */
const timeMs = z.number().min(0).max(MAX_SIM_MS);

const classSchema = z.strictObject({ slo_ms: positive });

/**
 * The `llm` section (LLM serving): its leaf fields (llm/config-sections.ts) and the iteration-level
 * scheduler with its own fields, from the registry.
 */
const llmSchema = z
  .strictObject({
    ...llmFields,
    scheduler: z
      .strictObject({ name: z.enum(LLM_SCHEDULER_NAMES), ...LLM_SCHEDULER_PARAMS })
      .prefault({ name: 'continuous' }),
  })
  .refine(sharedPrefixFits.check, sharedPrefixFits.issue);

/** A validated `llm` section with every default filled in. */
export type LlmConfig = z.output<typeof llmSchema>;
/** What a user may write in the `llm` section. */
export type LlmConfigInput = z.input<typeof llmSchema>;

export const configSchema = z
  .strictObject({
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
    /** Stop arrivals after this many jobs. One of `jobs`, `duration_s` or a trace ends arrivals. */
    jobs: z.int().min(1).optional(),
    /** Stop arrivals at this simulated time. */
    duration_s: positive.max(MAX_SIM_S).optional(),
    arrivals: arrivalsSchema,
    mix: z
      .strictObject({
        interactive_ratio: fraction.default(0.5),
        models: z
          .record(z.string().min(1).max(MAX_NAME_CHARS), nonNegative)
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
    lanes: z
      .array(laneGroupSchema)
      .min(1)
      .refine((groups) => groups.reduce((n, g) => n + g.count, 0) <= MAX_LANES, {
        message: `at most ${formatCount(MAX_LANES)} lanes in all`,
      }),
    // LLM runs price steps with llm's cost model; the service model then only draws (unused) units.
    service: serviceSchema.prefault({ dist: 'deterministic', mean_ms: 1 }),
    scheduler: z
      // The policy's name and every policy's own fields (registry.ts); most policies have none.
      .strictObject({ name: z.enum(SCHEDULER_NAMES), ...SCHEDULER_PARAMS })
      .prefault({ name: 'fifo' }),
    batching: batchingSchema.prefault({}),
    memory: memorySchema.prefault({}),
    admission: admissionSchema.prefault({}),
    predictor: predictorSchema.prefault({}),
    autoscale: autoscaleSchema.prefault({}),
    cost: costSchema.prefault({}),
    queue: z
      .strictObject({
        /** Jobs that find the queue this full are rejected on arrival. */
        capacity: z.int().min(0).optional(),
        /** Drop a queued job whose deadline has passed instead of running it. */
        drop_expired: z.boolean().default(false),
      })
      .prefault({}),
    /** LLM serving: requests with tokens, replicas with a paged KV cache, step scheduling
     * (src/engine/llm/config-sections.ts and the registry's LLM policies). Absent: requests of fixed cost per model. */
    llm: llmSchema.optional(),
    /** Lane failures: lane index (over the expanded lane list), when, and for how long. */
    faults: z
      .array(
        z.strictObject({
          lane: z.int().min(0),
          at_ms: timeMs,
          duration_ms: z.number().positive().max(MAX_SIM_MS).optional(),
        }),
      )
      .default([]),
  })
  // A replayed trace ends by itself (it is replayed whole); anything else, a looped trace included,
  // needs a stop condition.
  .refine(
    (c) => c.jobs !== undefined || c.duration_s !== undefined || c.arrivals.process === 'trace',
    { message: 'say when arrivals stop: "jobs" (a count) or "duration_s"', path: ['jobs'] },
  )
  .refine(
    (c) =>
      c.jobs !== undefined ||
      c.duration_s !== undefined ||
      c.arrivals.process !== 'trace' ||
      !c.arrivals.loop,
    {
      message:
        'a looped trace replays forever: say when arrivals stop with "jobs" (a count) or "duration_s", or drop "loop" to replay it once',
      path: ['arrivals', 'loop'],
    },
  )
  .refine(
    (c) =>
      c.llm !== undefined || c.arrivals.process !== 'trace' || c.arrivals.format !== 'azure_llm',
    {
      message: 'an azure_llm trace carries token counts: it needs an "llm" section (LLM serving)',
      path: ['arrivals', 'format'],
    },
  )
  .superRefine((c, ctx) => {
    if (c.llm === undefined) return;
    // Features of the request kind that LLM serving does not model (yet): said, not ignored.
    const off: [boolean, string[], string][] = [
      [
        c.batching.enabled,
        ['batching', 'enabled'],
        'LLM lanes batch every step themselves (llm.max_num_seqs)',
      ],
      [
        c.memory.enabled,
        ['memory', 'enabled'],
        'LLM lanes model memory as KV-cache blocks (llm.blocks)',
      ],
      [
        c.admission.mode !== 'off',
        ['admission', 'mode'],
        'admission control is for fixed-cost requests',
      ],
      [
        c.autoscale.enabled,
        ['autoscale', 'enabled'],
        'autoscaling of LLM replicas is not modelled yet',
      ],
      [
        c.predictor.enabled === true,
        ['predictor', 'enabled'],
        'LLM runs use llm.output_estimate_cv',
      ],
    ];
    for (const [on, path, why] of off) {
      if (on)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `not available with an "llm" section: ${why}`,
        });
    }
    const d = c.llm.disaggregation;
    if (d !== undefined) {
      const lanes = c.lanes.reduce((n, g) => n + g.count, 0);
      if (d.prefill_lanes >= lanes) {
        ctx.addIssue({
          code: 'custom',
          path: ['llm', 'disaggregation', 'prefill_lanes'],
          message: `must leave at least one decode lane (the config has ${lanes} lanes)`,
        });
      }
    }
  })
  .refine(
    (c) =>
      !c.autoscale.enabled ||
      c.lanes
        .filter((g) => g.kind === c.autoscale.kind && g.role === 'primary')
        .reduce((n, g) => n + g.count, 0) <= c.autoscale.max,
    {
      message: 'the configured primary lanes of the autoscaled kind exceed "max"',
      path: ['autoscale', 'max'],
    },
  );

/** A validated config with every default filled in. */
export type Config = z.output<typeof configSchema>;
/** What a user may write: defaults optional. */
export type ConfigInput = z.input<typeof configSchema>;

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
    else out += out === '' ? clip(String(key)) : `.${clip(String(key))}`;
  }
  return out === '' ? '(config)' : out;
}

/** zod's names for types, as a person would say them. */
const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
};

/**
 * Every problem with the config, each naming its field path, what was expected and what was found
 * (parse with `reportInput: true`, or zod leaves the input out of its issues).
 */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    let input: unknown = 'input' in issue ? issue.input : undefined;
    // A discriminated union reports the whole object: what was found is its discriminator.
    if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
      const d = issue.discriminator;
      input =
        typeof input === 'object' && input !== null && Object.hasOwn(input, d)
          ? (input as Record<string, unknown>)[d]
          : undefined;
    }
    const found = input === undefined ? '' : `, found ${describeValue(input)}`;
    switch (issue.code) {
      case 'invalid_type':
        if (input === undefined) return `${path}: required (${issue.expected})`;
        return `${path}: expected ${EXPECTED[issue.expected] ?? issue.expected}${found}`;
      case 'invalid_key':
        return `${path}: ${issue.issues[0]?.message ?? issue.message}${found}`;
      case 'unrecognized_keys':
        return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys
          .slice(0, 10)
          .map((k) => quote(k))
          .join(', ')}${issue.keys.length > 10 ? ` and ${issue.keys.length - 10} more` : ''}`;
      case 'invalid_union':
      case 'invalid_value':
      case 'too_small':
      case 'too_big':
      case 'not_multiple_of':
      case 'invalid_format':
        return `${path}: ${issue.message}${found}`;
      default:
        return `${path}: ${issue.message}`;
    }
  });
}

/**
 * Own `__proto__` keys anywhere in the input (JSON.parse and the YAML parser both make them). zod's
 * records skip such a key without a word, so a model called `__proto__` would vanish from the run;
 * it is refused by name instead.
 */
function reservedKeys(input: unknown): string[] {
  const problems: string[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0 && problems.length < 10) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null || path.length > 64) continue;
    if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) {
      problems.push(
        `${formatPath(path)}: "__proto__" cannot be a name here (JavaScript reserves it); rename it`,
      );
    }
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, path: [...path, Array.isArray(value) ? Number(key) : key] });
      }
    }
  }
  return problems;
}

/** Like parseConfig, but returns the problems instead of throwing. */
export function checkConfig(
  input: unknown,
): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const reserved = reservedKeys(input);
  const result = configSchema.safeParse(input, { reportInput: true });
  if (result.success && reserved.length === 0) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: [...reserved, ...(result.success ? [] : describeIssues(result.error))],
  };
}

/** Validate a parsed config object. Throws ConfigError listing every problem. */
export function parseConfig(input: unknown): Config {
  const checked = checkConfig(input);
  if (!checked.ok) throw new ConfigError(checked.problems);
  return checked.config;
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
  const scale = config.autoscale;
  if (scale.enabled) {
    // The autoscaled pool: the configured primary lanes of its kind, then copies of the first such
    // group (or a plain lane) up to `max`; the autoscaler parks the lanes beyond its current size.
    const kind = scale.kind;
    const template = config.lanes.find((g) => g.kind === kind && g.role === 'primary');
    let pool = lanes.filter((l) => l.kind === kind && l.role === 'primary').length;
    for (; pool < scale.max; pool++) {
      lanes.push({
        kind,
        concurrency: template?.concurrency ?? 1,
        speed: template?.speed ?? (kind === 'gpu' ? config.service.gpu_speedup : 1),
        role: 'primary',
        name: `${kind}${perKind[kind]++}`,
      });
    }
  }
  return lanes;
}

/**
 * Pool lanes parked when the run starts (the pool starts at its configured lanes within [min, max]):
 * live mode starts no worker for them until the autoscaler asks for them.
 */
export function parkedAtStart(config: Config, lanes: readonly LaneSpec[]): number[] {
  const pool = autoscalePool(config, lanes);
  const scale = config.autoscale;
  const configured = config.lanes
    .filter((g) => g.kind === scale.kind && g.role === 'primary')
    .reduce((n, g) => n + g.count, 0);
  return pool.slice(Math.min(scale.max, Math.max(scale.min, configured)));
}

/** Indices of the autoscaled pool's lanes in `expandLanes` order; empty when autoscaling is off. */
export function autoscalePool(config: Config, lanes: readonly LaneSpec[]): number[] {
  if (!config.autoscale.enabled) return [];
  const kind = config.autoscale.kind;
  const out: number[] = [];
  lanes.forEach((l, i) => {
    if (l.kind === kind && l.role === 'primary') out.push(i);
  });
  return out;
}
