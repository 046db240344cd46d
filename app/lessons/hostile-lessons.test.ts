// Issue 19, defect 4 and the lesson minor points: a valid-looking lesson file must not blank the
// page. Deep Markdown is refused when the lesson is imported and shown plain if it ever reaches the
// renderer; an error in a panel stays in that panel; `{{name}}` in a step's text is checked and
// filled; `fail_lane` names a lane the step's run has; a profile that would make service times
// infinite is refused in `setup.service` as in a config.

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseLesson } from './parse.ts';
import { Markdown } from './markdown.tsx';
import { MAX_MARKDOWN_DEPTH, markdownDepth } from './markdown-depth.ts';
import { fillFigures } from './measures.ts';
import { PanelBoundary } from '../components/panel-boundary.tsx';

function lesson(step: string, more = ''): string {
  return `
id: hostile
order: 99
title: Hostile
summary: A lesson that tries things.
steps:
  - title: One
    setup: { settings: { load: 0.5, gpuLanes: 1, cpuLanes: 2 } }
    wait: { sim_s: 5 }
    record:
      p: { metric: p99, class: interactive, unit: ms }
${step}
${more}`;
}

const textStep = (text: string): string => `    text: ${JSON.stringify(text)}`;

describe('issue 19: lessons that cannot blank the page', () => {
  it('4: 2,000 nested block quotes or 1,333 nested list markers are refused at import, naming the step', () => {
    for (const text of ['>'.repeat(2000) + ' deep', '- '.repeat(1333) + 'deep']) {
      expect(text.length).toBeLessThanOrEqual(4000);
      const r = parseLesson(lesson(textStep(text)), 'hostile.yaml');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problems.join('\n')).toMatch(
          new RegExp(
            `steps\\.0\\.text: block quotes and lists nest \\d+ deep; at most ${MAX_MARKDOWN_DEPTH}`,
          ),
        );
      }
    }
    expect(markdownDepth('> a\n> > b\n\n- x\n  - y\n    - z')).toBeLessThanOrEqual(
      MAX_MARKDOWN_DEPTH,
    );
    expect(parseLesson(lesson(textStep('> quoted\n\n- a\n  - b')), 'ok.yaml').ok).toBe(true);
  });

  it('4: the renderer shows text nested too deep as plain text instead of overflowing', () => {
    const deep = '>'.repeat(2000) + ' deep';
    const out = renderToStaticMarkup(createElement(Markdown, { text: deep }));
    expect(out).toContain('&gt;&gt;&gt;');
    expect(out).not.toContain('<blockquote>');
  });

  it('4: an error while rendering a panel stays in that panel', () => {
    const Broken = (): never => {
      throw new Error('boom');
    };
    // Server rendering has no error boundaries; the boundary's own pieces are checked instead.
    expect(PanelBoundary.getDerivedStateFromError(new Error('boom'))).toEqual({ error: 'boom' });
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw 1;
        },
      },
    );
    expect(PanelBoundary.getDerivedStateFromError(hostile)).toEqual({ error: 'an unknown error' });
    const boundary = new PanelBoundary({
      name: 'The lesson player',
      children: createElement(Broken),
    });
    boundary.state = { error: 'boom' };
    const out = renderToStaticMarkup(boundary.render() as never);
    expect(out).toContain('The lesson player failed and was closed');
    expect(out).toContain('Try again');
  });

  it('{{placeholders}} in a step text are checked against earlier steps, and filled', () => {
    const early = parseLesson(lesson(textStep('p99 was {{p}}')), 'x.yaml');
    expect(early.ok).toBe(false);
    if (!early.ok)
      expect(early.problems.join('\n')).toMatch(
        /steps\.0\.text: \{\{p\}\} is not recorded by an earlier step/,
      );
    const later = lesson(
      textStep('first'),
      `  - title: Two\n    text: "Before, p99 was {{p}}."\n    wait: { sim_s: 5 }`,
    );
    const ok = parseLesson(later, 'x.yaml');
    expect(ok.ok).toBe(true);
    expect(fillFigures('Before, p99 was {{p}}.', { p: 42 }, { p: 'ms' })).toMatch(
      /Before, p99 was 42(\.0)? ms\./,
    );
  });

  it("fail_lane must name a lane of the step's run", () => {
    const step = (lane: string) =>
      `    text: Fail it\n  - title: Two\n    text: Go\n    wait: { action: { kind: fail_lane, lane: ${lane} } }`;
    const bad = parseLesson(lesson(step('gpu7')), 'x.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.join('\n')).toMatch(
        /steps\.1\.wait\.action\.lane: no lane "gpu7" in this step's run \(gpu0, cpu0, cpu1\)/,
      );
    expect(parseLesson(lesson(step('cpu1')), 'x.yaml').ok).toBe(true);
  });

  it('5: a lesson\'s setup.service with batch size "0" or "1" beside "01" is refused', () => {
    for (const sizes of ['{ "0": 5 }', '{ "1": 5, "01": 6 }']) {
      const text = lesson('    text: Profile').replace(
        'setup: { settings: { load: 0.5, gpuLanes: 1, cpuLanes: 2 } }',
        `setup: { settings: { load: 0.5 }, service: { dist: profile, profile: { resnet18: { cpu: ${sizes}, gpu: { "1": 1 } } } } }`,
      );
      const r = parseLesson(text, 'x.yaml');
      expect(r.ok, sizes).toBe(false);
      if (!r.ok)
        expect(r.problems.join('\n')).toMatch(/steps\.0\.setup\.service\.profile\.resnet18\.cpu/);
    }
  });
});
