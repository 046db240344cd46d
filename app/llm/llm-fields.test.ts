// The LLM settings a person types or a link carries: a bad value is refused with its field named
// (and what it takes), and a link round-trips every setting of a run; a bad or unknown parameter
// applies nothing.

import { describe, expect, it } from 'vitest';
import {
  NUMBER_FIELDS,
  checkNumber,
  decodeLlmLink,
  encodeLlmLink,
  numberField,
} from './llm-fields.ts';
import { presetSettings } from './llm-settings.ts';
import type { LlmSettings } from './llm-defaults.ts';

describe('LLM fields', () => {
  it('names the field and its range for a bad value, and takes a good one', () => {
    const f = numberField('promptMean');
    expect(checkNumber(f, '512')).toEqual({ ok: true, value: 512 });
    for (const bad of ['abc', '', '0x10', 'Infinity', '0', '40000', '12.5', ' 1e9 '])
      expect(checkNumber(f, bad)).toEqual({
        ok: false,
        problem: `Prompt length, mean: must be a whole number from 1 to 32,768 tokens (got "${bad}")`,
      });
    expect(checkNumber(numberField('prefixShare'), '1.5')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('Prefix share: must be a number from 0 to 1'),
    });
    expect(checkNumber(numberField('promptCv'), ' 0.5 ')).toEqual({ ok: true, value: 0.5 });
  });

  it('cuts a long bad value in its message', () => {
    const r = checkNumber(numberField('outputMean'), 'x'.repeat(10_000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.length).toBeLessThan(200);
  });

  it('round-trips every setting of a run through a link', () => {
    const s: LlmSettings = {
      ...presetSettings('system_prompt'),
      rate: 12.5,
      scheduler: 'chunked_prefill',
      blocks: 512,
      blockTokens: 32,
      maxNumSeqs: 16,
      tokenBudget: 1024,
      preemption: 'swap',
      lanes: 3,
      ttftSloMs: 2000,
      tpotSloMs: 50,
      seed: 77,
      speed: 4,
      promptMean: 700,
      promptCv: 0.3,
      outputMean: 90,
      outputCv: 2,
      prefixShare: 0.25,
      prefixTokens: 256,
      router: 'least_kv',
    };
    const params = encodeLlmLink(s, presetSettings(s.preset));
    const back = decodeLlmLink(new URLSearchParams(params.toString()), presetSettings);
    expect(back).toEqual({ ok: true, settings: s });
    // Only what differs from the preset is written.
    const plain = encodeLlmLink(presetSettings('chat'), presetSettings('chat'));
    expect(plain.toString()).toBe('mode=llm&l.preset=chat');
    expect(NUMBER_FIELDS.length).toBe(new Set(NUMBER_FIELDS.map((f) => f.param)).size);
  });

  it('lists every problem of a bad link and applies nothing', () => {
    const r = decodeLlmLink(
      new URLSearchParams(
        'mode=llm&l.preset=gpt5&l.pm=-3&l.router=nearest&l.pre=drop&l.sched=x&l.zz=1&l.rate=1&l.rate=2',
      ),
      presetSettings,
    );
    expect(r).toMatchObject({ ok: false });
    const text = r && !r.ok ? r.problems.join('\n') : '';
    expect(text).toContain('l.preset=gpt5: not a preset');
    expect(text).toContain('l.pm: Prompt length, mean: must be a whole number from 1');
    expect(text).toContain('l.router=nearest: Router must be one of round_robin');
    expect(text).toContain('l.pre=drop: Preemption mode must be one of recompute, swap');
    expect(text).toContain('l.sched=x: Scheduler must be one of');
    expect(text).toContain('"l.zz" is not an LLM setting');
    expect(text).toContain('"l.rate" is given more than once');
    expect(decodeLlmLink(new URLSearchParams('l.pm=5'), presetSettings)).toEqual({
      ok: false,
      problems: ['LLM settings (l.*) need mode=llm'],
    });
    expect(decodeLlmLink(new URLSearchParams('rate=5&sched=fifo'), presetSettings)).toBeUndefined();
  });
});
