// What a lesson file holds, validated with zod. A lesson is data: a list of steps, each of which can
// set up a scenario (settings, seed, compare mode), point at a control or chart, ask for a
// prediction, wait for simulated time or for the learner to do something, record figures of the
// run, and reveal them in Markdown with `{{name}}` placeholders. Claims relate recorded figures; a
// test runs each lesson's scenario in the engine and checks them (lessons.test.ts), and the page
// checks them again against the learner's own run. Nothing in a lesson's text is a number of a run.

import { z } from 'zod';
import { admissionSchema, serviceSchema } from '../../src/engine/config.ts';
import { LIMITS } from '../config/settings.ts';
import { TARGETS } from './targets.ts';
import { SCHEDULER_NAMES } from '../../src/engine/schedulers/registry.ts';
import { MAX_MARKDOWN_DEPTH, markdownDepth } from './markdown-depth.ts';
import {
  LLM_METRICS,
  LLM_UNITS,
  llmActionSchemas,
  llmEnginePatchSchema,
  llmModeProblems,
  llmSettingsPatchSchema,
} from './llm-schema.ts';

/** `{{name}}` in a step's text or reveal: a recorded figure, filled in when shown. */
export const PLACEHOLDER = /\{\{\s*([^}\s]*)\s*\}\}/g;

const range = (r: { min: number; max: number }) => z.number().min(r.min).max(r.max);
const intRange = (r: { min: number; max: number }) => z.int().min(r.min).max(r.max);

/** A name a step records a figure under and reveal text quotes as `{{name}}`. */
const measureName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower case, digits and _');

/** Settings a scenario changes, over the app's defaults (app/config/settings.ts). `load` sets the
 * arrival rate as a share of the primary lanes' capacity for the model mix. */
export const settingsPatchSchema = z.strictObject({
  load: z.number().gt(0).max(5).optional(),
  rate: range(LIMITS.rate).optional(),
  interactiveRatio: z.number().min(0).max(1).optional(),
  mix: z
    .strictObject({
      resnet18: z.number().min(0).max(100),
      resnet50: z.number().min(0).max(100),
      vit_s16: z.number().min(0).max(100),
    })
    .partial()
    .optional(),
  scheduler: z.enum(SCHEDULER_NAMES).optional(),
  batching: z
    .strictObject({
      enabled: z.boolean(),
      windowMs: range(LIMITS.windowMs),
      maxBatch: intRange(LIMITS.maxBatch),
    })
    .partial()
    .optional(),
  gpuLanes: intRange(LIMITS.lanes).optional(),
  cpuLanes: intRange(LIMITS.lanes).optional(),
  backupLanes: intRange(LIMITS.backupLanes).optional(),
  autoscale: z
    .strictObject({
      enabled: z.boolean(),
      min: intRange(LIMITS.autoscaleLanes),
      max: intRange(LIMITS.autoscaleLanes),
    })
    .partial()
    .optional(),
  memoryMiB: intRange(LIMITS.memoryMiB).optional(),
  seed: intRange(LIMITS.seed).optional(),
  speed: range(LIMITS.speed).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** A fresh run: A's settings, and in compare mode what B does differently. */
const setupSchema = z.strictObject({
  settings: settingsPatchSchema.default({}),
  /** Compare mode: side B's settings over A's (speed is shared, so not here). */
  compare: z.strictObject({ b: settingsPatchSchema.omit({ speed: true }) }).optional(),
  /** Admission control for the run (engine config `admission`), on both sides. */
  admission: admissionSchema.partial().optional(),
  /** The service model (engine config `service`), e.g. a measured profile where a batch of 8 costs
   * less than 8 single jobs; by default the app's. */
  service: serviceSchema.optional(),
  /** LLM lessons: the LLM mode's settings (over the preset's), and engine fields the controls
   * lack; `keep_rate` keeps the arrival rate the learner set (the same load, another setup). */
  llm: llmSettingsPatchSchema.optional(),
  llm_engine: llmEnginePatchSchema.optional(),
  keep_rate: z.boolean().optional(),
});
export type LessonSetup = z.infer<typeof setupSchema>;

/** What the learner is asked to do; `demo` is what "Do it for me" (and the claim tests) do. */
const actionSchema = z.discriminatedUnion('kind', [
  /** Set the arrival rate above `above` x capacity (e.g. drag the slider past 80 % load), and
   * below `below` x capacity when given (a band: the steps after it can then rely on where the
   * learner landed, e.g. under the next step's 95 %). */
  z.strictObject({
    kind: z.literal('load_above'),
    above: z.number().gt(0).max(5),
    below: z.number().gt(0).max(5).optional(),
    demo: z.number().gt(0).max(5),
  }),
  /** Set the arrival rate below `below` x capacity. */
  z.strictObject({
    kind: z.literal('load_below'),
    below: z.number().gt(0).max(5),
    demo: z.number().gt(0).max(5),
  }),
  /** Switch the scheduler (of side A, or of `side`) to `name`. */
  z.strictObject({
    kind: z.literal('scheduler'),
    name: z.enum(SCHEDULER_NAMES),
    side: z.enum(['a', 'b']).default('a'),
  }),
  /** Fail (Lanes → Fail) the lane called `lane`. */
  z.strictObject({ kind: z.literal('fail_lane'), lane: z.string().min(1).max(40) }),
  ...llmActionSchemas,
]);
export type LessonAction = z.infer<typeof actionSchema>;

/** What a step waits for before it records and reveals. */
const waitSchema = z.union([
  /** Simulated seconds since the step began (since the run began when the step sets one up). */
  z.strictObject({ sim_s: z.number().gt(0).max(600) }),
  /** The learner's action, then `then_s` simulated seconds for its effect to show; with `fresh`
   * the run starts again from zero with the settings as the learner left them (figures since the
   * run began then describe the new settings alone). */
  z.strictObject({
    action: actionSchema,
    then_s: z.number().min(0).max(600).default(0),
    fresh: z.boolean().default(false),
  }),
]);
export type LessonWait = z.infer<typeof waitSchema>;

export const METRICS = [
  'p50',
  'p95',
  'p99',
  'mean',
  'recent_p99',
  'slo_attainment',
  'throughput',
  'arrival_rate',
  'in_system',
  'in_system_avg',
  'arrived',
  'completed',
  'rejected',
  'dropped',
  'queued',
  'lost',
  'lanes_serving',
  'rate',
  'load',
] as const;
export type Metric = (typeof METRICS)[number];

const UNITS = ['ms', '/s', '%', 'jobs', 'lanes', '', ...LLM_UNITS] as const;

/** A figure read from the run: a metric of one side (and class, where the metric has classes), an
 * LLM run's figure (llm-measures.ts), or a product or ratio of figures recorded before it. */
const measureSchema = z.union([
  z.strictObject({ llm: z.enum(LLM_METRICS), unit: z.enum(UNITS).optional() }),
  z.strictObject({
    metric: z.enum(METRICS),
    class: z.enum(['interactive', 'batch', 'all']).default('all'),
    side: z.enum(['a', 'b']).default('a'),
    /** How the reveal prints it. */
    unit: z.enum(UNITS).optional(),
  }),
  z.strictObject({
    product: z.array(measureName).min(2).max(4),
    factor: z.number().default(1),
    unit: z.enum(UNITS).optional(),
  }),
  z.strictObject({
    ratio: z.tuple([measureName, measureName]),
    unit: z.enum([...UNITS, 'x']).default('x'),
  }),
]);
export type MeasureSpec = z.infer<typeof measureSchema>;

/**
 * A claim a step makes about recorded figures: `left op factor x right` (`right` a figure's name or
 * a number). `approx` holds when |left - factor x right| <= tolerance x |factor x right|.
 */
const conditionSchema = z.strictObject({
  left: measureName,
  op: z.enum(['gt', 'lt', 'approx', 'eq']),
  right: z.union([measureName, z.number()]),
  factor: z.number().default(1),
  tolerance: z.number().min(0).max(1).default(0.1),
});
/** `text` may quote figures as `{{name}}` (the learner's own load, say). */
const claimSchema = conditionSchema.extend({ text: z.string().min(1).max(300) });
export type Claim = z.infer<typeof claimSchema>;
export type Condition = z.infer<typeof conditionSchema>;

const predictSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('choice'),
    question: z.string().min(1).max(300),
    options: z.array(z.string().min(1).max(120)).min(2).max(6),
    /** Which option this run makes right: the first whose conditions all hold (none: always). The
     * learner's choice is judged against it once the step reveals. */
    answer: z
      .array(
        z.strictObject({
          option: z.string().min(1).max(120),
          when: z.array(conditionSchema).max(4).default([]),
        }),
      )
      .min(1)
      .max(6)
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('number'),
    question: z.string().min(1).max(300),
    unit: z.string().max(10).default(''),
    min: z.number().default(0),
    max: z.number().default(1e6),
    /** The figure the learner's number is judged against, and how close counts as right (a
     * share: 0.3 = within 30 %). */
    answer: z
      .strictObject({ figure: measureName, close: z.number().gt(0).max(10).default(0.3) })
      .optional(),
  }),
]);
export type Prediction = z.infer<typeof predictSchema>;

export const stepSchema = z.strictObject({
  title: z.string().min(1).max(80),
  /** Markdown shown when the step opens. */
  text: z.string().min(1).max(4000),
  setup: setupSchema.optional(),
  /** The control or chart the step talks about (highlighted in the page). */
  point: z.enum(TARGETS).optional(),
  predict: predictSchema.optional(),
  wait: waitSchema.optional(),
  /** Figures to record once the wait is over, by name. */
  record: z.record(measureName, measureSchema).default({}),
  /** Markdown shown once the wait is over; `{{name}}` is a recorded figure (this step's or an
   * earlier one's). */
  reveal: z.string().min(1).max(4000).optional(),
  claims: z.array(claimSchema).max(8).default([]),
});
export type LessonStep = z.infer<typeof stepSchema>;

export const lessonSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower case, digits and -, at most 40'),
    title: z.string().min(1).max(80),
    summary: z.string().min(1).max(300),
    /** Position in the lesson list. */
    order: z.int().min(0).max(999),
    /** Which mode of the page the lesson runs in: the request mode, or LLM serving. */
    mode: z.enum(['requests', 'llm']).default('requests'),
    steps: z.array(stepSchema).min(1).max(30),
  })
  .superRefine((lesson, ctx) => {
    // Every figure a step names must have been recorded by then: in the claims, in the reveal
    // text and in products and ratios; its text may quote figures of earlier steps.
    for (const p of llmModeProblems(lesson.mode, lesson.steps))
      ctx.addIssue({ code: 'custom', ...p });
    const known = new Set<string>();
    const units = new Map<string, string>();
    lesson.steps.forEach((step, i) => {
      // The step's text shows when it opens: only figures of earlier steps exist then.
      for (const m of step.text.matchAll(PLACEHOLDER)) {
        if (!known.has(m[1]!)) {
          ctx.addIssue({
            code: 'custom',
            message: `{{${m[1]}}} is not recorded by an earlier step (the text shows before this step records)`,
            path: ['steps', i, 'text'],
          });
        }
      }
      if (i === 0 && !step.setup) {
        ctx.addIssue({
          code: 'custom',
          message: 'the first step must set up a run',
          path: ['steps', 0, 'setup'],
        });
      }
      for (const [name, m] of Object.entries(step.record)) {
        const uses = 'product' in m ? m.product : 'ratio' in m ? m.ratio : [];
        for (const u of uses) {
          if (!known.has(u)) {
            ctx.addIssue({
              code: 'custom',
              message: `"${u}" is not recorded before "${name}"`,
              path: ['steps', i, 'record', name],
            });
          }
        }
        known.add(name);
        units.set(name, m.unit ?? '');
      }
      step.claims.forEach((c, k) => {
        for (const n of [c.left, c.right]) {
          if (typeof n === 'string' && !known.has(n)) {
            ctx.addIssue({
              code: 'custom',
              message: `"${n}" is not recorded by this step or an earlier one`,
              path: ['steps', i, 'claims', k],
            });
          }
        }
      });
      for (const m of (step.reveal ?? '').matchAll(PLACEHOLDER)) {
        if (!known.has(m[1]!)) {
          ctx.addIssue({
            code: 'custom',
            message: `{{${m[1]}}} is not recorded by this step or an earlier one`,
            path: ['steps', i, 'reveal'],
          });
        }
      }
      step.claims.forEach((c, k) => {
        for (const m of c.text.matchAll(PLACEHOLDER)) {
          if (!known.has(m[1]!)) {
            ctx.addIssue({
              code: 'custom',
              message: `{{${m[1]}}} is not recorded by this step or an earlier one`,
              path: ['steps', i, 'claims', k, 'text'],
            });
          }
        }
      });
      // A figure prints its own unit: "{{done}} jobs" with a unit of jobs reads "1,259 jobs jobs".
      const texts: [string, (string | number)[]][] = [
        [step.text, ['steps', i, 'text']],
        [step.reveal ?? '', ['steps', i, 'reveal']],
        ...step.claims.map((c, k): [string, (string | number)[]] => [
          c.text,
          ['steps', i, 'claims', k, 'text'],
        ]),
      ];
      for (const [text, path] of texts) {
        for (const m of text.matchAll(/\{\{\s*([^}\s]*)\s*\}\}\**\s+(\w+)/g)) {
          const unit = units.get(m[1]!);
          if (unit && unit !== '%' && m[2] === unit) {
            ctx.addIssue({
              code: 'custom',
              message: `{{${m[1]}}} prints its unit (${unit}) already: "${m[0]}" would read "${unit} ${unit}"`,
              path,
            });
          }
        }
      }
      const predict = step.predict;
      if (predict?.answer) {
        const names =
          predict.kind === 'number'
            ? [predict.answer.figure]
            : predict.answer.flatMap((a) => a.when.flatMap((w) => [w.left, w.right]));
        for (const n of names) {
          if (typeof n === 'string' && !known.has(n)) {
            ctx.addIssue({
              code: 'custom',
              message: `the prediction's answer uses "${n}", not recorded by this step or an earlier one`,
              path: ['steps', i, 'predict', 'answer'],
            });
          }
        }
        if (predict.kind === 'choice') {
          for (const a of predict.answer) {
            if (!predict.options.includes(a.option)) {
              ctx.addIssue({
                code: 'custom',
                message: `the answer "${a.option}" is not one of the options`,
                path: ['steps', i, 'predict', 'answer'],
              });
            }
          }
        }
      }
      for (const field of ['text', 'reveal'] as const) {
        const depth = markdownDepth(step[field] ?? '');
        if (depth > MAX_MARKDOWN_DEPTH) {
          ctx.addIssue({
            code: 'custom',
            message: `block quotes and lists nest ${depth} deep; at most ${MAX_MARKDOWN_DEPTH}`,
            path: ['steps', i, field],
          });
        }
      }
      if (
        (step.reveal || step.claims.length > 0 || Object.keys(step.record).length > 0) &&
        !step.wait
      ) {
        ctx.addIssue({
          code: 'custom',
          message: 'a step that records or reveals must wait for something first',
          path: ['steps', i, 'wait'],
        });
      }
    });
  });
export type Lesson = z.infer<typeof lessonSchema>;
