// What a sweep folder's files must hold, as zod schemas: sweep.json (the manifest) and
// runs/<key>.json (a run record). A file that does not match is not a result: a resuming sweep runs
// it again, a merge refuses it with one line naming the file and the field. Besides the shapes:
// run keys are 16 hex characters (they become file names), a manifest's runs are in grid order with
// one value per axis and distinct keys, its id is the hash of its keys (as planSweep makes it), a
// record's sketches decode.

import { z } from 'zod';
import { describeIssues } from '../../src/engine/config.ts';
import { sha256Hex } from './canonical.ts';
import { parsePath, PathError } from './config-path.ts';
import {
  FIGURES,
  LLM_FIGURES,
  RUN_FORMAT,
  SKETCHES,
  decodeSketch,
  type RunRecord,
} from './run-record.ts';

export const MANIFEST_FORMAT = 'schedlab.sweep/1';

/** A run key: the first 16 hex characters of a SHA-256 (canonical.ts). */
export const RUN_KEY = /^[0-9a-f]{16}$/;

/** Most runs a sweep folder may list (a grid of a million runs is far past any real sweep). */
export const MAX_RUNS = 1_000_000;

const runKey = z.string().regex(RUN_KEY, 'a run key (16 hex characters)');
const seed = z
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const axisPath = z
  .string()
  .max(200)
  .refine((p) => {
    try {
      parsePath(p);
      return true;
    } catch (e) {
      if (e instanceof PathError) return false;
      throw e;
    }
  }, 'a config path such as lanes[1].count');

const manifestSchema = z
  .strictObject({
    format: z.literal(MANIFEST_FORMAT),
    id: runKey,
    engine_version: z.string().min(1).max(300),
    axes: z.array(z.strictObject({ path: axisPath, values: z.array(z.unknown()).min(1) })).max(64),
    runs: z
      .array(
        z.strictObject({ index: z.int().min(0), key: runKey, values: z.array(z.unknown()), seed }),
      )
      .min(1)
      .max(MAX_RUNS),
    shard: z.strictObject({ index: z.int().min(0), count: z.int().min(1) }).nullable(),
  })
  .superRefine((m, ctx) => {
    const keys = new Set<string>();
    for (let i = 0; i < m.runs.length; i++) {
      const run = m.runs[i]!;
      if (run.index !== i) {
        ctx.addIssue({ code: 'custom', path: ['runs', i, 'index'], message: `expected ${i}` });
        return;
      }
      if (run.values.length !== m.axes.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['runs', i, 'values'],
          message: `expected ${m.axes.length} values, one per axis`,
        });
        return;
      }
      if (keys.has(run.key)) {
        ctx.addIssue({ code: 'custom', path: ['runs', i, 'key'], message: 'a key listed twice' });
        return;
      }
      keys.add(run.key);
    }
    if (m.shard && m.shard.index >= m.shard.count) {
      ctx.addIssue({ code: 'custom', path: ['shard', 'index'], message: 'not below shard.count' });
    }
    if (sha256Hex(m.runs.map((r) => r.key).join('\n')).slice(0, 16) !== m.id) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: 'does not match the runs listed' });
    }
  });

export type SweepManifest = z.infer<typeof manifestSchema>;

const perSketch = <T extends z.ZodType>(t: T) =>
  z.strictObject(
    Object.fromEntries(SKETCHES.map((s) => [s, t])) as { [K in (typeof SKETCHES)[number]]: T },
  );

const recordSchema = z.strictObject({
  format: z.literal(RUN_FORMAT),
  key: runKey,
  engine_version: z.string().min(1).max(300),
  seed,
  params: z.record(z.string(), z.unknown()),
  figures: z.strictObject(
    Object.fromEntries(FIGURES.map((f) => [f, z.number()])) as {
      [K in (typeof FIGURES)[number]]: z.ZodNumber;
    },
  ),
  llm_figures: z
    .strictObject(
      Object.fromEntries(LLM_FIGURES.map((f) => [f, z.number()])) as {
        [K in (typeof LLM_FIGURES)[number]]: z.ZodNumber;
      },
    )
    .optional(),
  sketches: perSketch(z.string().max(1024 * 1024)),
  maxima: perSketch(z.number().min(0)),
  stopped: z.string().max(2000).optional(),
  wall_s: z.number().min(0),
});

/** JSON text as a value, or the parse error as a problem. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'not valid JSON' };
  }
}

function firstProblem(error: z.ZodError): string {
  const all = describeIssues(error);
  return all.length > 1 ? `${all[0]} (and ${all.length - 1} more)` : (all[0] ?? 'not valid');
}

/** sweep.json's text checked: the manifest, or the first problem. */
export function checkManifest(
  text: string,
): { ok: true; manifest: SweepManifest } | { ok: false; problem: string } {
  const json = parseJson(text);
  if (!json.ok) return json;
  const format = (json.value as { format?: unknown } | null)?.format;
  if (typeof json.value === 'object' && json.value !== null && format !== MANIFEST_FORMAT) {
    return {
      ok: false,
      problem: `format ${JSON.stringify(format ?? null).slice(0, 40)}, expected "${MANIFEST_FORMAT}"`,
    };
  }
  const parsed = manifestSchema.safeParse(json.value, { reportInput: true });
  return parsed.success
    ? { ok: true, manifest: parsed.data }
    : { ok: false, problem: firstProblem(parsed.error) };
}

/** A run record's text checked against the run it should be (`key`). */
export function checkRunRecord(
  text: string,
  key: string,
): { ok: true; record: RunRecord } | { ok: false; problem: string } {
  const json = parseJson(text);
  if (!json.ok) return json;
  const parsed = recordSchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return { ok: false, problem: firstProblem(parsed.error) };
  const record = parsed.data as RunRecord;
  if (record.key !== key) return { ok: false, problem: `holds run ${record.key}, not ${key}` };
  for (const s of SKETCHES) {
    try {
      decodeSketch(record.sketches[s]);
    } catch {
      return { ok: false, problem: `sketches.${s}: not a serialised sketch` };
    }
  }
  return { ok: true, record };
}
