// The `llm` section's leaf fields: what makes a run an LLM-serving run (the second workload kind).
// Requests get prompt and output token counts (from an `azure_llm` trace, or from the length
// distributions here), lanes become replicas with a paged KV cache, and a step scheduler forms
// each step's batch. Like ../config-sections.ts these sit below the mechanisms and the registry:
// config.ts assembles the `llm` section from `llmFields` and the registry's `llm.scheduler`
// section, and modules below the registry read `LlmSections` from here, never config.ts. (The only
// import, cost-model.ts, is the model-shape and cost-term table; it imports nothing at run time.)

import { z } from 'zod';
import { COST_TERMS, MODEL_SHAPE_NAMES } from './cost-model.ts';

/** How arriving requests are spread over replicas (routers.ts). */
export const ROUTER_NAMES = [
  'round_robin',
  'least_outstanding',
  'least_kv',
  'prefix_affinity',
] as const;
export type RouterName = (typeof ROUTER_NAMES)[number];

/** Most tokens one prompt or one output may hold (a 10^9-token prompt is refused by name). */
export const MAX_REQUEST_TOKENS = 1 << 24;

const tokens = z.int().min(1).max(MAX_REQUEST_TOKENS);
const positive = z.number().positive();

/**
 * A token-length distribution. `lognormal`: mean and coefficient of variation (rounded, at least 1,
 * at most `max`); `fixed`: one value; `empirical`: draw from a trace file's own column (the CLI reads
 * `file`, an `azure_llm` CSV; `data` holds its text inline).
 */
export const lengthSchema = z.discriminatedUnion('dist', [
  z.strictObject({
    dist: z.literal('lognormal'),
    mean: z.number().min(1).max(MAX_REQUEST_TOKENS),
    cv: z.number().min(0).max(10).default(1),
    max: tokens.default(32768),
  }),
  z.strictObject({ dist: z.literal('fixed'), value: tokens }),
  z.strictObject({
    dist: z.literal('empirical'),
    file: z.string().min(1).optional(),
    data: z.string().optional(),
  }),
]);
export type LengthConfig = z.output<typeof lengthSchema>;

/** TTFT and TPOT objectives of a class: a request meets its SLO when it meets both. */
const llmClassSchema = z.strictObject({ ttft_ms: positive, tpot_ms: positive });

/** Cost coefficients, any of them, replacing the table's for a lane kind (a calibration). */
const costOverride = z.strictObject(
  Object.fromEntries(COST_TERMS.map((t) => [t, z.number().min(0).optional()])) as Record<
    (typeof COST_TERMS)[number],
    z.ZodOptional<z.ZodNumber>
  >,
);

/** The `llm` section's fields, all but `scheduler` (config.ts adds it from the registry). */
export const llmFields = {
  /** The decoder's shape (cost-model.ts): its costs and its KV bytes per token. */
  model: z.enum(MODEL_SHAPE_NAMES).default('llama3_8b'),
  /** Devices one replica spans (tensor parallelism): their compute, bandwidth and memory add up
   * (ideally; communication is not modelled). */
  tensor_parallel: z.int().min(1).max(64).default(1),
  /** Prompt and output lengths for generated arrivals (an azure_llm trace brings its own). */
  prompt: lengthSchema.default({ dist: 'lognormal', mean: 1024, cv: 1, max: 32768 }),
  output: lengthSchema.default({ dist: 'lognormal', mean: 256, cv: 1, max: 32768 }),
  /** SLOs per class (the class is drawn with `mix.interactive_ratio`). */
  classes: z
    .strictObject({
      interactive: llmClassSchema.default({ ttft_ms: 1000, tpot_ms: 100 }),
      batch: llmClassSchema.default({ ttft_ms: 10000, tpot_ms: 500 }),
    })
    .prefault({}),
  /** Tokens a KV-cache block holds (vLLM's block_size). */
  block_tokens: z.int().min(1).max(1024).default(16),
  /** KV-cache blocks per lane; default: what the lane kind's memory leaves after the weights. */
  blocks: z
    .int()
    .min(1)
    .max(1 << 24)
    .optional(),
  /** Blocks per lane kind, overriding `blocks`. */
  blocks_by_kind: z
    .partialRecord(
      z.enum(['gpu', 'cpu']),
      z
        .int()
        .min(1)
        .max(1 << 24),
    )
    .default({}),
  /** Sequences one step may hold. */
  max_num_seqs: z.int().min(1).max(4096).default(256),
  /** Tokens one step may compute (prompt chunks plus one per decode). */
  max_num_batched_tokens: z
    .int()
    .min(1)
    .max(1 << 20)
    .default(8192),
  /** Share of blocks kept free when admitting a waiting request (vLLM's watermark). */
  watermark: z.number().min(0).max(0.5).default(0.01),
  /** What preempting a running request costs: its blocks freed and its tokens computed again,
   * or its blocks copied to host memory and back. */
  preemption: z.enum(['recompute', 'swap']).default('recompute'),
  /** Host-device bandwidth for swapping, GB/s (PCIe 5 x16 is about 64 GB/s a direction). */
  swap_gb_per_s: positive.default(25),
  /** How arriving requests are spread over replicas (lanes). */
  router: z.enum(ROUTER_NAMES).default('least_outstanding'),
  /** Prefix caching: full blocks of a shared prefix are kept and reused; unreferenced cached
   * blocks are evicted least recently used first. */
  prefix_caching: z.boolean().default(false),
  /** A shared system prompt: a share of requests open with one of `groups` prefixes of `tokens`
   * tokens (part of their prompt length). */
  shared_prefix: z
    .strictObject({
      tokens: tokens,
      share: z.number().min(0).max(1).default(1),
      groups: z.int().min(1).max(65535).default(1),
    })
    .optional(),
  /** Disaggregated serving: the first `prefill_lanes` lanes run prefills only, the rest decode;
   * a finished prefill's KV cache moves to a decode lane at `kv_gb_per_s`. */
  disaggregation: z
    .strictObject({
      prefill_lanes: z.int().min(1).max(1023),
      kv_gb_per_s: positive.default(50),
    })
    .optional(),
  /** A predictor's estimate of each output length that policies may see (the true length stays
   * hidden): the truth times a lognormal error of this coefficient of variation (0: exact). */
  output_estimate_cv: z.number().min(0).max(10).default(1),
  /** Cost coefficients per lane kind replacing the roofline estimate's (a calibration). */
  cost: z.partialRecord(z.enum(['gpu', 'cpu']), costOverride).default({}),
};

/** The `llm` section as parsed, without `scheduler` (what modules below the registry read). */
export type LlmSections = z.output<z.ZodObject<typeof llmFields>>;

/** A shared prefix fits inside a fixed prompt (the `llm` section's refinement). */
export const sharedPrefixFits = {
  check: (l: LlmSections): boolean =>
    l.shared_prefix === undefined ||
    l.prompt.dist !== 'fixed' ||
    l.shared_prefix.tokens <= l.prompt.value,
  issue: {
    message: 'shared_prefix.tokens must be at most the fixed prompt length',
    path: ['shared_prefix', 'tokens'],
  },
};
