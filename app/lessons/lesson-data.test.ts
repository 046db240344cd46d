// Lesson files that are wrong say where, progress survives odd storage, figures and claims read
// the way the reveal and the tests use them, and lesson links go through the strict URL reader.

import { describe, expect, it } from 'vitest';
import { parseLesson } from './parse.ts';
import { claimHolds, fillFigures, formatFigure, judgePrediction } from './measures.ts';
import type { Prediction } from './schema.ts';
import { completeStep, readProgress, type KeyValue } from './progress.ts';
import { applyPatch, rateForLoad, loadOf } from './scenario.ts';
import { DEFAULT_SETTINGS, capacityPerS } from '../config/settings.ts';
import { decodeSettings } from '../config/url-state.ts';

const minimal = `
id: tiny
order: 99
title: Tiny
summary: A test lesson.
steps:
  - title: One
    text: Hello
    setup: { settings: { load: 0.5 } }
    wait: { sim_s: 5 }
    record:
      p: { metric: p99, class: interactive, unit: ms }
    reveal: p99 is {{p}}
    claims:
      - { text: p99 is positive, left: p, op: gt, right: 0 }
`;

describe('lesson files', () => {
  it('parse when valid', () => {
    const r = parseLesson(minimal, 'tiny.yaml');
    expect(r.ok).toBe(true);
  });

  it('name the field that is wrong', () => {
    const bad = minimal.replace('load: 0.5', 'load: -1').replace('op: gt', 'op: bigger');
    const r = parseLesson(bad, 'tiny.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(/steps\.0\.setup\.settings\.load/);
    expect(r.problems.join('\n')).toMatch(/steps\.0\.claims\.0\.op/);
  });

  it('refuse figures quoted before they are recorded, and percentiles of no class', () => {
    const early = parseLesson(minimal.replace('p99 is {{p}}', 'p99 is {{q}}'), 'x.yaml');
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.problems.join()).toContain('{{q}} is not recorded');
    const noClass = parseLesson(minimal.replace('class: interactive, ', ''), 'x.yaml');
    expect(noClass.ok).toBe(false);
    if (!noClass.ok) expect(noClass.problems.join()).toContain('p99 is per class');
  });

  it('refuse a figure followed by its own unit ("1,259 jobs jobs")', () => {
    const doubled = parseLesson(
      minimal
        .replace(
          'p: { metric: p99, class: interactive, unit: ms }',
          'p: { metric: completed, unit: jobs }',
        )
        .replace('p99 is {{p}}', 'so far {{p}} jobs completed'),
      'x.yaml',
    );
    expect(doubled.ok).toBe(false);
    if (!doubled.ok) expect(doubled.problems.join()).toContain('prints its unit (jobs) already');
  });

  it('refuse an answer that is not an option, or uses a figure not recorded yet', () => {
    const withPredict = (predict: string) =>
      parseLesson(
        minimal.replace('    wait: { sim_s: 5 }', `${predict}\n    wait: { sim_s: 5 }`),
        'x.yaml',
      );
    const notAnOption = withPredict(
      '    predict: { kind: choice, question: Q, options: [up, down], answer: [{ option: sideways }] }',
    );
    expect(notAnOption.ok).toBe(false);
    if (!notAnOption.ok)
      expect(notAnOption.problems.join()).toContain('"sideways" is not one of the options');
    const unknown = withPredict(
      '    predict: { kind: number, question: Q, answer: { figure: nope } }',
    );
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.problems.join()).toContain('uses "nope"');
  });

  it('give the line of a YAML error', () => {
    const r = parseLesson('id: x\nsteps: [\n', 'broken.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatch(/broken\.yaml line \d/);
  });
});

describe('figures and claims', () => {
  it('check gt, lt, approx with a factor and tolerance', () => {
    const f = { a: 10, b: 2, c: 10.5 };
    const claim = { text: '', factor: 1, tolerance: 0.1 };
    expect(claimHolds({ ...claim, left: 'a', op: 'gt', right: 'b', factor: 4 }, f)).toBe(true);
    expect(claimHolds({ ...claim, left: 'a', op: 'gt', right: 'b', factor: 5 }, f)).toBe(false);
    expect(claimHolds({ ...claim, left: 'c', op: 'approx', right: 'a' }, f)).toBe(true);
    expect(claimHolds({ ...claim, left: 'c', op: 'approx', right: 'a', tolerance: 0.01 }, f)).toBe(
      false,
    );
    expect(claimHolds({ ...claim, left: 'missing', op: 'lt', right: 1 }, f)).toBe(false);
  });

  it('fill the reveal with the run’s figures and their units', () => {
    expect(
      fillFigures('p99 {{p}}, rate {{ r }}, {{x}}', { p: 123.4, r: 7.25 }, { p: 'ms', r: '/s' }),
    ).toBe('p99 123 ms, rate 7.25/s, —');
    expect(formatFigure(4.6649, 'x')).toBe('4.66×');
    expect(formatFigure(99.98, '%')).toBe('99.98 %');
  });
});

describe('predictions', () => {
  const choice: Prediction = {
    kind: 'choice',
    question: 'From your load to 95 %, p99 will…',
    options: ['barely move', 'grow a lot'],
    answer: [
      {
        option: 'barely move',
        when: [{ left: 'r', op: 'lt', right: 1.05, factor: 1, tolerance: 0.1 }],
      },
      { option: 'grow a lot', when: [] },
    ],
  };
  it('judge a choice by the first answer whose conditions hold in the run', () => {
    expect(judgePrediction(choice, 'grow a lot', { r: 1.9 }, {})).toEqual({
      right: true,
      text: 'Right: this run says “grow a lot”.',
    });
    expect(judgePrediction(choice, 'grow a lot', { r: 1.01 }, {})).toMatchObject({ right: false });
    expect(judgePrediction(choice, undefined, { r: 1.01 }, {})).toBeUndefined();
  });

  it('judge a number by how close it came, saying which way it missed', () => {
    const n: Prediction = {
      kind: 'number',
      question: 'p99?',
      unit: 'ms',
      min: 0,
      max: 1e6,
      answer: { figure: 'p', close: 0.3 },
    };
    expect(judgePrediction(n, 110, { p: 100 }, { p: 'ms' })).toEqual({
      right: true,
      text: 'Close: the run gave 100 ms, within 30 % of your guess.',
    });
    expect(judgePrediction(n, 300, { p: 1234 }, { p: 'ms' })).toEqual({
      right: false,
      text: 'The run gave 1,234 ms: your guess was too low by 4.1×.',
    });
  });
});

describe('scenarios', () => {
  it('turn a load into the rate that loads the primary lanes that much', () => {
    const s = applyPatch(DEFAULT_SETTINGS, { gpuLanes: 0, cpuLanes: 2, load: 0.9 });
    expect(s.rate).toBe(Math.round(0.9 * capacityPerS(s)));
    expect(loadOf(s)).toBeCloseTo(0.9, 2);
    expect(rateForLoad(s, 1000)).toBe(20_000);
  });
});

describe('lesson links', () => {
  it('are read by the strict URL reader', () => {
    const ok = decodeSettings(new URLSearchParams('lesson=failover&step=2'));
    expect(ok).toMatchObject({ ok: true, lesson: { id: 'failover', step: 2 } });
    expect(decodeSettings(new URLSearchParams('lesson=failover'))).toMatchObject({
      lesson: { step: 1 },
    });
    for (const bad of [
      'lesson=Bad!',
      'lesson=a&step=0',
      'lesson=a&step=1.5',
      'lesson=a&step=0x2',
      'step=2',
      'lesson=a&lesson=b',
    ]) {
      expect(decodeSettings(new URLSearchParams(bad)).ok, bad).toBe(false);
    }
  });
});

describe('progress', () => {
  const memory = (): KeyValue & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  };

  it('is kept per lesson and step', () => {
    const store = memory();
    completeStep('knee', 0, store);
    completeStep('knee', 2, store);
    completeStep('knee', 0, store);
    expect(readProgress(store)).toEqual({ knee: [0, 2] });
  });

  it('reads junk, full or blocked storage as no progress', () => {
    const store = memory();
    store.data.set('schedlab.lessons.v1', '{not json');
    expect(readProgress(store)).toEqual({});
    store.data.set(
      'schedlab.lessons.v1',
      JSON.stringify({ knee: [1, 'x', -1, 2.5], 'BAD ID': [1] }),
    );
    expect(readProgress(store)).toEqual({ knee: [1] });
    const full: KeyValue = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(completeStep('knee', 1, full)).toEqual({ knee: [1] });
  });
});
