// LLM lessons' own parts: a lesson of one mode using the other's settings, actions or figures is
// refused by path; the ITL read from steps is what the steps say; the LLM actions are judged
// against the LLM settings; a step's `keep_rate` keeps the learner's rate; and the headless player
// applies the learner's rate to the running engine (a later rate changes what the run records).

import { describe, expect, it } from 'vitest';
import { parseLesson } from './parse.ts';
import { ItlSamples } from './llm-measures.ts';
import { llmActionDone, llmActionStatus, llmSettingsOf } from './llm-scenario.ts';
import { playLesson } from './test-support.ts';
import { presetSettings } from '../llm/llm-settings.ts';
import type { LlmStepColumns } from '../../src/workers/llm-protocol.ts';

const tiny = `
id: tiny-llm
order: 98
mode: llm
title: Tiny LLM
summary: A test lesson.
steps:
  - title: One
    text: Hello
    setup: { llm: { preset: chat, rate: 2, speed: 10 } }
    wait: { sim_s: 20 }
    record:
      g: { llm: goodput, unit: req/s }
      done: { llm: completed, unit: requests }
    reveal: goodput {{g}}
    claims:
      - { text: some requests meet their SLOs, left: g, op: gt, right: 0 }
  - title: Two
    text: Raise the rate.
    wait:
      action: { kind: llm_rate_above, above: 6, demo: 8 }
      then_s: 20
    record:
      later: { llm: arrived, unit: requests }
    reveal: arrived {{later}}
`;

function steps(rows: [number, number, number][]): LlmStepColumns {
  const n = rows.length;
  return {
    count: n,
    skipped: 0,
    lane: new Uint16Array(n),
    start: Float64Array.from(rows, (r) => r[0]),
    end: Float64Array.from(rows, (r) => r[1]),
    prefill: new Int32Array(n),
    decode: Int32Array.from(rows, (r) => r[2]),
    preempted: new Uint16Array(n),
  };
}

describe('LLM lesson files', () => {
  it('parse when valid, and play headless on the LLM engine', () => {
    const r = parseLesson(tiny, 'tiny.yaml');
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (!r.ok) return;
    const out = playLesson(r.lesson);
    expect(out.map((o) => o.claims.every((c) => c.holds))).toEqual([true, true]);
    // The learner's rate acts on the running engine: more arrivals in the next 20 s than in the
    // first 20 s at 2/s.
    const first = out[0]!.figures['done']!;
    expect(first).toBeGreaterThan(10);
    expect(out[1]!.figures['later']!).toBeGreaterThan(40 + 8 * 20 * 0.7);
  });

  it('refuse request settings, actions and metrics in an LLM lesson, and LLM ones in a request lesson, by path', () => {
    const mixed = tiny
      .replace(
        'setup: { llm: { preset: chat, rate: 2, speed: 10 } }',
        'setup: { settings: { load: 0.5 } }',
      )
      .replace(
        'g: { llm: goodput, unit: req/s }',
        'g: { metric: p99, class: interactive, unit: ms }',
      )
      .replace(
        'kind: llm_rate_above, above: 6, demo: 8',
        'kind: load_above, above: 0.8, demo: 0.9',
      );
    const r = parseLesson(mixed, 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const all = r.problems.join('\n');
      expect(all).toMatch(/steps\.0\.setup\.settings: an LLM lesson/);
      expect(all).toMatch(/steps\.0\.record\.g: an LLM lesson records LLM figures/);
      expect(all).toMatch(/steps\.1\.wait\.action\.kind: load_above acts on the request mode/);
    }
    const reverse = parseLesson(tiny.replace('mode: llm\n', ''), 'y.yaml');
    expect(reverse.ok).toBe(false);
    if (!reverse.ok) {
      const all = reverse.problems.join('\n');
      expect(all).toMatch(/steps\.0\.setup\.llm: llm is for LLM lessons/);
      expect(all).toMatch(/steps\.1\.wait\.action\.kind: llm_rate_above is for LLM lessons/);
    }
  });

  it('refuse bad LLM values by field', () => {
    const bad = tiny.replace('rate: 2,', 'rate: -3,').replace('llm: goodput', 'llm: nonsense');
    const r = parseLesson(bad, 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.join('\n')).toMatch(/steps\.0\.setup\.llm\.rate/);
      expect(r.problems.join('\n')).toMatch(/steps\.0\.record\.g/);
    }
  });
});

describe('ITL from steps', () => {
  it('counts each decoding request once per step, at the step’s duration', () => {
    const itl = new ItlSamples();
    expect(itl.quantile(0.5)).toBeNaN();
    // 98 tokens after 10 ms steps, 2 after a 400 ms step (a prefill beside them); a prefill-only
    // step adds nothing.
    itl.add(
      steps([
        [0, 10, 49],
        [10, 20, 49],
        [20, 420, 2],
        [420, 900, 0],
      ]),
    );
    expect(itl.quantile(0.5)).toBeCloseTo(10, 0);
    expect(itl.quantile(0.98)).toBeCloseTo(10, 0);
    expect(itl.quantile(0.99)).toBeGreaterThan(390);
    expect(itl.longest).toBe(400);
  });
});

describe('LLM actions', () => {
  const s = presetSettings('chat');
  it('are judged against the LLM settings, and say where the learner stands', () => {
    const band = { kind: 'llm_rate_above', above: 11, below: 13, demo: 12 } as const;
    expect(llmActionDone(band, { ...s, rate: 12 })).toBe(true);
    expect(llmActionDone(band, { ...s, rate: 14 })).toBe(false);
    expect(llmActionStatus(band, { ...s, rate: 4 })).toContain(
      'between 11 and 13 requests/s (now 4)',
    );
    const blocks = { kind: 'llm_blocks_at_most', most: 1024, demo: 1024 } as const;
    expect(llmActionDone(blocks, { ...s, blocks: 1024 })).toBe(true);
    expect(llmActionDone(blocks, { ...s, blocks: 2048 })).toBe(false);
    expect(llmActionDone({ kind: 'llm_preemption', mode: 'swap' }, s)).toBe(false);
    expect(llmActionDone({ kind: 'llm_scheduler', name: 'continuous' }, s)).toBe(true);
  });

  it('keep the learner’s rate where a setup says so, and only there', () => {
    const setup = { settings: {}, llm: { preset: 'chat' as const, rate: 6, lanes: 2 } };
    expect(llmSettingsOf(setup, { ...s, rate: 12 }).rate).toBe(6);
    expect(llmSettingsOf({ ...setup, keep_rate: true }, { ...s, rate: 12 })).toMatchObject({
      rate: 12,
      lanes: 2,
    });
  });
});
