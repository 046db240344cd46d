// The built-in lessons: every file in content/, bundled as JSON (scripts/site/lesson-yaml-plugin.ts)
// into the lessons chunk (loaded when the player first opens) and validated on load like an
// imported lesson. The claim tests read the
// same files from disk.

import { validateLesson } from './validate.ts';
import type { Lesson } from './schema.ts';

const files = import.meta.glob<unknown>('./content/*.yaml', {
  query: '?lesson',
  import: 'default',
  eager: true,
});

/** Lessons that validated, in their order; problems of any that did not (the tests forbid them). */
function load(): { lessons: Lesson[]; problems: string[] } {
  const lessons: Lesson[] = [];
  const problems: string[] = [];
  for (const [path, value] of Object.entries(files)) {
    const r = validateLesson(value);
    if (r.ok) lessons.push(r.lesson);
    else problems.push(...r.problems.map((p) => `${path.replace('./content/', '')}: ${p}`));
  }
  lessons.sort((a, b) => a.order - b.order);
  return { lessons, problems };
}

const catalog = load();
/** Lessons added this visit (an imported lesson file), ahead of the built-in ones. */
const imported: Lesson[] = [];

export function allLessons(): readonly Lesson[] {
  return [...imported, ...catalog.lessons];
}

export function lessonById(id: string): Lesson | undefined {
  return allLessons().find((l) => l.id === id);
}

/** Add (or replace) an imported lesson for this visit. */
export function addLesson(lesson: Lesson): void {
  const i = imported.findIndex((l) => l.id === lesson.id);
  if (i >= 0) imported.splice(i, 1);
  imported.unshift(lesson);
}

export const catalogProblems: readonly string[] = catalog.problems;
