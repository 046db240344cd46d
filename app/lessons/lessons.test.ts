// Every lesson's claims, run in the engine: each lesson is played headless as a learner who does
// what the steps ask (test-support.ts, on the engine worker's own Side and frame data), and every
// claim its text makes must hold; played a little late, and with the learner's action at the edge
// of what the step accepts, too, since a learner in the page will not act at the exact instant.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson } from './parse.ts';
import { playLesson, type StepOutcome } from './test-support.ts';
import { rightOption } from './measures.ts';
import type { Lesson, LessonAction } from './schema.ts';

const DIR = join(import.meta.dirname, 'content');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function load(file: string): Lesson {
  const result = parseLesson(readFileSync(join(DIR, file), 'utf8'), file);
  if (!result.ok) throw new Error(`${file}: ${result.problems.join('; ')}`);
  return result.lesson;
}

const lessons = files.map((f) => ({ file: f, lesson: load(f) }));

function failedClaims(outcomes: StepOutcome[]): string[] {
  return outcomes.flatMap((o) =>
    o.claims
      .filter((c) => !c.holds)
      .map((c) => `step ${o.step + 1}: "${c.claim.text}" (figures ${JSON.stringify(o.figures)})`),
  );
}

/** The most a learner can do and still pass a step that asks for a band of load. */
function atUpperEdge(action: LessonAction): number | undefined {
  if (action.kind === 'load_above' && action.below !== undefined) return action.below * 0.98;
  if (action.kind === 'llm_rate_above' && action.below !== undefined) return action.below * 0.98;
  return undefined;
}

/** The least a learner can do and still pass the step: just past a load threshold. */
function atThreshold(action: LessonAction): number | undefined {
  if (action.kind === 'load_above') return action.above * 1.02;
  if (action.kind === 'load_below') return action.below * 0.98;
  if (action.kind === 'llm_rate_above') return action.above * 1.02;
  if (action.kind === 'llm_rate_below') return action.below * 0.98;
  if (action.kind === 'llm_blocks_at_most') return action.most;
  return undefined;
}

describe('the lesson files', () => {
  it('are at least eight, each named NN-<id>.yaml, with unique ids and orders', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(8);
    for (const { file, lesson } of lessons)
      expect(file).toMatch(new RegExp(`^\\d\\d-${lesson.id}\\.yaml$`));
    expect(new Set(lessons.map((l) => l.lesson.id)).size).toBe(lessons.length);
    expect(new Set(lessons.map((l) => l.lesson.order)).size).toBe(lessons.length);
  });

  it('reveal only figures of the run: every reveal quotes at least one recorded figure', () => {
    for (const { lesson } of lessons) {
      for (const step of lesson.steps) {
        if (step.reveal)
          expect(step.reveal, `${lesson.id}: ${step.title}`).toMatch(/\{\{\s*\w+\s*\}\}/);
      }
    }
  });

  it('judge every prediction: the run settles which option is right, or has the figure to compare', () => {
    for (const { lesson } of lessons) {
      const outcomes = playLesson(lesson);
      lesson.steps.forEach((step, i) => {
        const p = step.predict;
        if (!p) return;
        const at = `${lesson.id} step ${i + 1}`;
        expect(p.answer, `${at} has no answer`).toBeDefined();
        const figures = outcomes.find((o) => o.step === i)!.figures;
        if (p.kind === 'choice') expect(rightOption(p, figures), at).toBeDefined();
        else expect(Number.isFinite(figures[p.answer!.figure]), at).toBe(true);
      });
    }
  });

  it('each make claims that a test can check', () => {
    for (const { lesson } of lessons) {
      const claims = lesson.steps.reduce((n, s) => n + s.claims.length, 0);
      expect(claims, lesson.id).toBeGreaterThan(0);
    }
  });
});

describe.each(lessons.map((l) => [l.lesson.id, l.lesson] as const))('lesson %s', (_id, lesson) => {
  it('says what the engine does, step by step', () => {
    const outcomes = playLesson(lesson);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(failedClaims(outcomes)).toEqual([]);
  });

  it('still holds when the learner acts and reads a second late, at the edge of each step', () => {
    const outcomes = playLesson(lesson, { lateMs: 1000, actionLoad: atThreshold });
    expect(failedClaims(outcomes)).toEqual([]);
  });

  it('still holds at the other edge of a step that asks for a band of load', () => {
    const outcomes = playLesson(lesson, { actionLoad: (a) => atUpperEdge(a) ?? atThreshold(a) });
    expect(failedClaims(outcomes)).toEqual([]);
  });
});

describe('the "Write a lesson" example in docs/lessons.md', () => {
  it('is a valid lesson whose claim the engine bears out', () => {
    const page = readFileSync(join(import.meta.dirname, '../../docs/lessons.md'), 'utf8');
    const at = page.indexOf('## Write a lesson');
    expect(at).toBeGreaterThanOrEqual(0);
    const section = page.slice(at);
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const result = parseLesson(yaml!, 'docs/lessons.md');
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (result.ok) expect(failedClaims(playLesson(result.lesson))).toEqual([]);
  });
});
