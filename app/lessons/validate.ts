// A lesson document (already parsed from YAML or JSON) → a validated lesson, or messages naming
// the field. No YAML parser here: the page's lessons arrive as JSON (built from the YAML files), and
// an imported lesson file is parsed in the import worker.

import { clip, quote } from '../../src/engine/echo.ts';
import { checkConfig, expandLanes } from '../../src/engine/config.ts';
import { buildConfig } from '../config/settings.ts';
import { scenarioOf } from './scenario.ts';
import { lessonSchema, type Lesson } from './schema.ts';
import { needsClass } from './measures.ts';

export type LessonResult = { ok: true; lesson: Lesson } | { ok: false; problems: string[] };

export function validateLesson(value: unknown): LessonResult {
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
  problems.push(...unknownLanes(parsed.data));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lesson: parsed.data };
}

/**
 * `fail_lane` actions naming a lane that the step's run does not have (a step without a setup
 * continues the run of the one before). The learner would wait for ever for a button that is not
 * there.
 */
function unknownLanes(lesson: Lesson): string[] {
  const problems: string[] = [];
  let lanes: string[] = [];
  lesson.steps.forEach((step, i) => {
    if (step.setup) {
      const { a, base } = scenarioOf(step.setup);
      const checked = checkConfig(buildConfig(a, base));
      lanes = checked.ok ? expandLanes(checked.config).map((l) => l.name) : [];
    }
    const action = step.wait && 'action' in step.wait ? step.wait.action : undefined;
    if (action?.kind === 'fail_lane' && !lanes.includes(action.lane)) {
      problems.push(
        `steps.${i}.wait.action.lane: no lane ${quote(action.lane, 40)} in this step's run (${lanes.join(', ') || 'no lanes'})`,
      );
    }
  });
  return problems;
}

/** Whether a parsed YAML/JSON document is meant as a lesson (an import then reads it as one). */
export function looksLikeLesson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'steps' in value && 'title' in value;
}
