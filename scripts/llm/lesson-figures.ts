// Prints the figures and claims of every LLM lesson as the claim tests play them (docs/llm.md's
// lesson table): as the learner who does what is asked, a second late at the threshold, and at a
// band's upper edge. `npx tsx scripts/llm/lesson-figures.ts`; exits 1 if a claim fails.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLesson } from '../../app/lessons/parse.ts';
import { playLesson, type PlayOptions } from '../../app/lessons/test-support.ts';
import type { LessonAction } from '../../app/lessons/schema.ts';

const DIR = join(import.meta.dirname, '../../app/lessons/content');

const late = (a: LessonAction): number | undefined =>
  a.kind === 'llm_rate_above'
    ? a.above * 1.02
    : a.kind === 'llm_rate_below'
      ? a.below * 0.98
      : a.kind === 'llm_blocks_at_most'
        ? a.most
        : undefined;
const upper = (a: LessonAction): number | undefined =>
  a.kind === 'llm_rate_above' && a.below !== undefined ? a.below * 0.98 : undefined;

const ways: [string, PlayOptions][] = [
  ['as asked', {}],
  ['late, at the threshold', { lateMs: 1000, actionLoad: late }],
  ['at the upper edge', { actionLoad: upper }],
];

let failed = 0;
for (const file of readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const r = parseLesson(readFileSync(join(DIR, file), 'utf8'), file);
  if (!r.ok) throw new Error(`${file}: ${r.problems.join('; ')}`);
  if (r.lesson.mode !== 'llm') continue;
  console.log(`${r.lesson.title}`);
  for (const [label, options] of ways) {
    const out = playLesson(r.lesson, options);
    const figures = out[out.length - 1]!.figures;
    const shown = Object.entries(figures).map(([k, v]) => `${k} ${Number(v.toPrecision(3))}`);
    const bad = out.flatMap((o) => o.claims.filter((c) => !c.holds).map((c) => c.claim.text));
    failed += bad.length;
    console.log(`  ${label}: ${shown.join(', ')}`);
    console.log(`    ${bad.length === 0 ? 'every claim holds' : `FAILS: ${bad.join(' | ')}`}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
