// What an LLM lesson (`mode: llm`) may hold beyond a request lesson: a setup of the LLM mode's
// settings (preset, rate, scheduler, KV blocks, ...) plus engine fields its controls do not have
// (prefix caching on or off, disaggregation, length caps), the learner's actions on the LLM
// controls, and the figures read from the LLM frames. Pure zod, small: schema.ts folds these into
// the lesson file's schema, and `llmModeProblems` keeps the two kinds of lesson apart.

import { z } from 'zod';
import { LLM_SCHEDULER_NAMES } from '../../src/engine/schedulers/registry.ts';
import { lengthSchema } from '../../src/engine/llm/config-sections.ts';

const PRESETS = ['chat', 'long_prompt', 'azure_conv', 'azure_code', 'system_prompt'] as const;

/** The LLM mode's settings a step sets (over the preset's, over the defaults). Bounds as the
 * controls' (app/llm/llm-settings.ts LLM_LIMITS). */
export const llmSettingsPatchSchema = z.strictObject({
  preset: z.enum(PRESETS).optional(),
  rate: z.number().min(0.1).max(200).optional(),
  scheduler: z.enum(LLM_SCHEDULER_NAMES).optional(),
  blocks: z.int().min(64).max(8192).optional(),
  blockTokens: z.int().min(1).max(1024).optional(),
  maxNumSeqs: z.int().min(1).max(512).optional(),
  tokenBudget: z.int().min(256).max(32768).optional(),
  preemption: z.enum(['recompute', 'swap']).optional(),
  lanes: z.int().min(1).max(4).optional(),
  ttftSloMs: z.number().positive().max(600_000).optional(),
  tpotSloMs: z.number().positive().max(60_000).optional(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  speed: z.number().min(0.1).max(50).optional(),
});
export type LlmSettingsPatch = z.infer<typeof llmSettingsPatchSchema>;

/** Engine fields of the `llm` section that the controls do not set (a lesson's own run). */
export const llmEnginePatchSchema = z.strictObject({
  prompt: lengthSchema.optional(),
  output: lengthSchema.optional(),
  prefix_caching: z.boolean().optional(),
  disaggregation: z
    .strictObject({
      prefill_lanes: z.int().min(1).max(3),
      kv_gb_per_s: z.number().positive().default(50),
    })
    .optional(),
  swap_gb_per_s: z.number().positive().optional(),
});
export type LlmEnginePatch = z.infer<typeof llmEnginePatchSchema>;

/** What the learner does to an LLM run (`demo`: what "Do it for me" and the claim tests do). */
export const llmActionSchemas = [
  /** Set Arrival rate (requests/s) above `above`, and below `below` when given. */
  z.strictObject({
    kind: z.literal('llm_rate_above'),
    above: z.number().gt(0).max(200),
    below: z.number().gt(0).max(200).optional(),
    demo: z.number().gt(0).max(200),
  }),
  z.strictObject({
    kind: z.literal('llm_rate_below'),
    below: z.number().gt(0).max(200),
    demo: z.number().gt(0).max(200),
  }),
  /** Switch the LLM scheduler (live: requests keep their places). */
  z.strictObject({ kind: z.literal('llm_scheduler'), name: z.enum(LLM_SCHEDULER_NAMES) }),
  /** Set the preemption mode (a new run of the same seed). */
  z.strictObject({ kind: z.literal('llm_preemption'), mode: z.enum(['recompute', 'swap']) }),
  /** Set KV blocks per replica to at most `most` (a new run of the same seed). */
  z.strictObject({
    kind: z.literal('llm_blocks_at_most'),
    most: z.int().min(64).max(8192),
    demo: z.int().min(64).max(8192),
  }),
] as const;
export const LLM_ACTION_KINDS = llmActionSchemas.map((s) => s.shape.kind.value);

/** Figures of an LLM run. Counts and rates are since the run began (a step with `fresh` starts
 * it again); the ITL figures are read from the steps of the step's own wait. */
export const LLM_METRICS = [
  'goodput',
  'good_share',
  'throughput',
  'tokens_per_s',
  'ttft_p50',
  'ttft_p99',
  'tpot_p50',
  'tpot_p99',
  'itl_p50',
  'itl_p99',
  'itl_max',
  'preemptions',
  'recomputed_tokens',
  'swapped_gb',
  'mean_batch',
  'kv_peak',
  'kv_used',
  'cached_blocks',
  'waiting',
  'arrived',
  'completed',
  'lost',
  'rate',
] as const;
export type LlmMetric = (typeof LLM_METRICS)[number];

export const LLM_UNITS = ['req/s', 'tok/s', 'requests', 'tokens', 'blocks', 'GB'] as const;

interface StepLike {
  setup?:
    | {
        settings: Record<string, unknown>;
        compare?: unknown;
        admission?: unknown;
        service?: unknown;
        llm?: unknown;
        llm_engine?: unknown;
        keep_rate?: boolean | undefined;
      }
    | undefined;
  wait?: { action?: { kind: string } } | { sim_s: number } | undefined;
  record: Record<string, object>;
}

/** Fields of one kind of lesson used in the other: a request lesson's settings in an LLM lesson,
 * or an LLM action in a request lesson, named by path. */
export function llmModeProblems(
  mode: 'requests' | 'llm',
  steps: readonly StepLike[],
): { message: string; path: (string | number)[] }[] {
  const out: { message: string; path: (string | number)[] }[] = [];
  const llm = mode === 'llm';
  steps.forEach((step, i) => {
    const s = step.setup;
    if (s) {
      const requestFields = [
        ...(Object.keys(s.settings).length > 0 ? ['settings'] : []),
        ...(['compare', 'admission', 'service'] as const).filter((k) => s[k] !== undefined),
      ];
      const llmFields = (['llm', 'llm_engine', 'keep_rate'] as const).filter(
        (k) => s[k] !== undefined,
      );
      for (const f of llm ? requestFields : llmFields) {
        out.push({
          message: llm
            ? `an LLM lesson (mode: llm) sets its run with llm and llm_engine, not ${f}`
            : `${f} is for LLM lessons (mode: llm)`,
          path: ['steps', i, 'setup', f],
        });
      }
    }
    const action = step.wait && 'action' in step.wait ? step.wait.action : undefined;
    if (action && (LLM_ACTION_KINDS as readonly string[]).includes(action.kind) !== llm) {
      out.push({
        message: llm
          ? `${action.kind} acts on the request mode; an LLM lesson's actions are ${LLM_ACTION_KINDS.join(', ')}`
          : `${action.kind} is for LLM lessons (mode: llm)`,
        path: ['steps', i, 'wait', 'action', 'kind'],
      });
    }
    for (const [name, m] of Object.entries(step.record)) {
      if (llm ? 'metric' in m : 'llm' in m) {
        out.push({
          message: llm
            ? 'an LLM lesson records LLM figures (llm: goodput, ttft_p99, ...), not request metrics'
            : 'llm figures are for LLM lessons (mode: llm)',
          path: ['steps', i, 'record', name],
        });
      }
    }
  });
  return out;
}
