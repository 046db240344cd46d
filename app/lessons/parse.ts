// A lesson file (YAML or JSON, as configs are) → a validated lesson, or messages naming the line or
// the field. Pure: the page's lesson catalog, an imported lesson file and the claim tests all read
// lessons through here.

import { parse as parseYaml, YAMLParseError } from 'yaml';
import { clip } from '../../src/engine/echo.ts';
import { lessonSchema, type Lesson } from './schema.ts';
import { needsClass } from './measures.ts';

export type LessonResult = { ok: true; lesson: Lesson } | { ok: false; problems: string[] };

/** Largest lesson file read (a lesson is a few KB of text). */
export const MAX_LESSON_BYTES = 200_000;

export function parseLesson(text: string, name = 'lesson'): LessonResult {
  if (text.length > MAX_LESSON_BYTES) {
    return { ok: false, problems: [`${clip(name, 60)}: over ${MAX_LESSON_BYTES} characters`] };
  }
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 50 });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const line = e.linePos?.[0]?.line;
      return {
        ok: false,
        problems: [
          `${clip(name, 60)}${line ? ` line ${line}` : ''}: ${clip(e.message.split('\n')[0] ?? '')}`,
        ],
      };
    }
    return { ok: false, problems: [`${clip(name, 60)}: ${clip(String(e))}`] };
  }
  const parsed = lessonSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues
        .slice(0, 12)
        .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${clip(i.message)}`),
    };
  }
  const problems: string[] = [];
  parsed.data.steps.forEach((step, i) => {
    for (const [n, m] of Object.entries(step.record)) {
      if ('metric' in m && needsClass(m.metric) && m.class === 'all') {
        problems.push(
          `steps.${i}.record.${n}: ${m.metric} is per class: give class interactive or batch`,
        );
      }
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lesson: parsed.data };
}

/** Whether a parsed YAML/JSON document looks like a lesson (an import then opens it as one). */
export function looksLikeLesson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'steps' in value && 'title' in value;
}
