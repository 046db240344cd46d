// A lesson file's text (YAML or JSON) → a validated lesson, or messages naming the line or the
// field. Node and tests use it; the page gets its lessons as JSON and validates them (validate.ts).

import { parse as parseYaml, YAMLParseError } from 'yaml';
import { clip } from '../../src/engine/echo.ts';
import { validateLesson, type LessonResult } from './validate.ts';

export type { LessonResult } from './validate.ts';

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
    const line = e instanceof YAMLParseError ? e.linePos?.[0]?.line : undefined;
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      problems: [
        `${clip(name, 60)}${line !== undefined ? ` line ${line}` : ''}: ${clip(message.split('\n')[0] ?? '')}`,
      ],
    };
  }
  const result = validateLesson(value);
  return result.ok
    ? result
    : { ok: false, problems: result.problems.map((p) => `${clip(name, 60)}: ${p}`) };
}
