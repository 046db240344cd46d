// The Azure LLM inference traces replayed as published: every request arrives at its own time with
// its own token counts, and the generated-token total equals the file's GeneratedTokens sum. The
// 2024 week-long files' time format is read from rows as the dataset's notebook prints them (the
// files themselves are too large to keep). Bad rows are refused by line.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../src/engine/config.ts';
import { TraceInputError } from '../src/engine/trace-input.ts';
import { StampReader, parseAzureLlmTrace, parseDateTime } from '../src/engine/llm/azure-trace.ts';
import { llmTestConfig, runLlm } from '../src/engine/llm/test-support.ts';

const conv = readFileSync(
  new URL('../examples/llm/AzureLLMInferenceTrace_conv.csv', import.meta.url),
  'utf8',
);
const code = readFileSync(
  new URL('../examples/llm/AzureLLMInferenceTrace_code.csv', import.meta.url),
  'utf8',
);

/** The file's rows the slow, obvious way. */
function rows(text: string): { t: number; prompt: number; output: number }[] {
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [t, p, o] = line.split(',');
      return {
        t:
          Date.parse(t!.replace(' ', 'T').slice(0, 23) + 'Z') +
          Number(`0.${t!.split('.')[1]!.slice(3)}`),
        prompt: Number(p),
        output: Number(o),
      };
    });
}

describe('azure_llm traces as published', () => {
  it.each([
    { name: 'conv', text: conv, requests: 19_366, generated: 4_088_665 },
    { name: 'code', text: code, requests: 8_819, generated: 245_896 },
  ])(
    'replays the 2023 $name file: every request at its time with its counts',
    ({ text, requests, generated }) => {
      const expected = rows(text);
      expect(expected).toHaveLength(requests);
      const { engine, sink } = runLlm(
        llmTestConfig(
          { max_num_seqs: 256, max_num_batched_tokens: 16384 },
          {
            jobs: undefined,
            arrivals: { process: 'trace', format: 'azure_llm', data: text },
            lanes: [{ kind: 'gpu', count: 2 }],
          },
        ),
      );
      const byId = [...sink.requests].sort((a, b) => a.id - b.id);
      expect(byId).toHaveLength(requests);
      const t0 = expected[0]!.t;
      for (let i = 0; i < requests; i++) {
        const row = byId[i]!;
        expect(row.id).toBe(i);
        expect(row.prompt).toBe(expected[i]!.prompt);
        expect(row.output).toBe(expected[i]!.output);
        expect(row.arrival).toBeCloseTo(expected[i]!.t - t0, 3);
      }
      const s = engine.summary();
      expect(s.ledger.completed).toBe(requests);
      expect(s.tokens!.generated).toBe(generated);
      expect(s.tokens!.generated).toBe(expected.reduce((n, r) => n + r.output, 0));
      expect(s.llm!.token_ledger.sampled).toBe(generated);
    },
  );

  it('reads the 2024 files\u2019 times (microseconds and a UTC offset, some without a fraction)', () => {
    const text = [
      'TIMESTAMP,ContextTokens,GeneratedTokens',
      '2024-05-12 00:00:00+00:00,1452,3',
      '2024-05-12 00:00:00.041683+00:00,584,3',
      '2024-05-12 00:00:00.157988+00:00,862,38',
      '2024-05-12 02:00:00.248279+02:00,617,104',
    ].join('\r\n');
    const t = parseAzureLlmTrace(text);
    expect(Array.from(t.times)).toEqual(
      [0, 41.683, 157.988, 248.279].map((v) => expect.closeTo(v, 6) as unknown as number),
    );
    expect(Array.from(t.prompt)).toEqual([1452, 584, 862, 617]);
    expect(Array.from(t.output)).toEqual([3, 3, 38, 104]);
    const base = parseDateTime('2023-11-16 18:15:46');
    expect(parseDateTime('2023-11-16 18:15:46.6805900', base)).toBeCloseTo(680.59, 9);
  });

  it('reads every layout of time its fast path reads exactly as the general parser does', async () => {
    const { default: fc } = await import('fast-check');
    const pad = (v: number, n: number) => String(v).padStart(n, '0');
    const reader = new StampReader();
    fc.assert(
      fc.property(
        fc.record({
          y: fc.integer({ min: 1970, max: 2100 }),
          mo: fc.integer({ min: 1, max: 12 }),
          d: fc.integer({ min: 1, max: 28 }),
          h: fc.integer({ min: 0, max: 23 }),
          mi: fc.integer({ min: 0, max: 59 }),
          s: fc.integer({ min: 0, max: 59 }),
          frac: fc.option(fc.stringMatching(/^[0-9]{1,9}$/)),
          zone: fc.constantFrom('', 'Z', '+00:00', '+02:00', '-05:30'),
          t: fc.constantFrom(' ', 'T'),
        }),
        (r) => {
          const stamp = `${pad(r.y, 4)}-${pad(r.mo, 2)}-${pad(r.d, 2)}${r.t}${pad(r.h, 2)}:${pad(r.mi, 2)}:${pad(r.s, 2)}${r.frac === null ? '' : `.${r.frac}`}${r.zone}`;
          const base = Date.UTC(r.y, 0, 1);
          expect(Math.abs(reader.read(stamp, base) - parseDateTime(stamp, base))).toBeLessThan(
            1e-6,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('streams: the same trace from chunks of any size', async () => {
    const { AzureLlmParser } = await import('../src/engine/llm/azure-trace.ts');
    const p = new AzureLlmParser();
    for (let i = 0; i < code.length; i += 777) p.push(code.slice(i, i + 777));
    const t = p.end();
    const whole = parseAzureLlmTrace(code);
    expect(t.count).toBe(whole.count);
    expect(Array.from(t.times)).toEqual(Array.from(whole.times));
    expect(Array.from(t.output)).toEqual(Array.from(whole.output));
  });
});

describe('hostile LLM input gets a clear message naming the line or field', () => {
  const header = 'TIMESTAMP,ContextTokens,GeneratedTokens\n';
  it.each([
    [
      'a 0-token output',
      '2023-11-16 18:15:46.1,374,0',
      /line 2: GeneratedTokens is 0; a request generates at least one token/,
    ],
    [
      'a 0-token prompt',
      '2023-11-16 18:15:46.1,0,5',
      /line 2: ContextTokens is 0; a request needs a prompt/,
    ],
    [
      'a prompt of 10^9 tokens',
      '2023-11-16 18:15:46.1,1000000000,5',
      /line 2: ContextTokens 1,000,000,000 is more than the 16,777,216 tokens/,
    ],
    [
      'NaN',
      '2023-11-16 18:15:46.1,NaN,5',
      /line 2: ContextTokens "NaN" is not a whole number of tokens/,
    ],
    [
      'a negative count',
      '2023-11-16 18:15:46.1,374,-3',
      /line 2: GeneratedTokens "-3" is not a whole number of tokens/,
    ],
    ['a bad time', 'yesterday,374,3', /line 2: TIMESTAMP "yesterday" is not a date-time/],
    ['a missing field', '2023-11-16 18:15:46.1,374', /line 2: expected 3 fields/],
  ])('%s', (_what, row, message) => {
    expect(() => parseAzureLlmTrace(header + row + '\n2023-11-16 18:15:47.1,10,10\n')).toThrow(
      message,
    );
    expect(() => parseAzureLlmTrace(header + row)).toThrow(TraceInputError);
  });

  it('refuses a wrong header and an empty file', () => {
    expect(() => parseAzureLlmTrace('time,prompt,output\n1,2,3')).toThrow(
      /line 1: an azure_llm trace starts with the header/,
    );
    expect(() => parseAzureLlmTrace('')).toThrow(/empty/);
    expect(() => parseAzureLlmTrace(header)).toThrow(/header but no rows/);
  });

  it('names config fields: lengths, limits, an azure_llm trace without an llm section', () => {
    const bad = checkConfig({
      jobs: 10,
      arrivals: { process: 'poisson', rate_per_s: 1 },
      lanes: [{ kind: 'gpu' }],
      llm: {
        prompt: { dist: 'fixed', value: 0 },
        output: { dist: 'lognormal', mean: Number.NaN },
        max_num_seqs: -1,
        blocks: 1e12,
      },
    });
    expect(bad.ok).toBe(false);
    const problems = bad.ok ? [] : bad.problems.join('\n');
    expect(problems).toMatch(/llm\.prompt\.value/);
    expect(problems).toMatch(/llm\.output\.mean/);
    expect(problems).toMatch(/llm\.max_num_seqs/);
    expect(problems).toMatch(/llm\.blocks/);
    const noLlm = checkConfig({
      arrivals: { process: 'trace', format: 'azure_llm', data: conv },
      lanes: [{ kind: 'gpu' }],
    });
    expect(noLlm.ok ? '' : noLlm.problems.join()).toMatch(
      /arrivals\.format: an azure_llm trace carries token counts: it needs an "llm" section/,
    );
  });

  it('rejects, with its reason, a request whose prompt cannot fit the whole cache, never leaving it waiting', () => {
    const { engine, sink } = runLlm(
      llmTestConfig(
        {
          blocks: 10,
          block_tokens: 16,
          prompt: { dist: 'fixed', value: 500 },
          output: { dist: 'fixed', value: 4 },
        },
        { jobs: 3 },
      ),
    );
    const s = engine.summary();
    expect(s.ledger).toMatchObject({ arrived: 3, rejected: 3, queued: 0, running: 0 });
    expect(s.llm!.rejected_by).toEqual({ prompt_exceeds_cache: 3 });
    expect(
      sink.requests.every((r) => r.outcome === 'rejected' && r.reason === 'prompt_exceeds_cache'),
    ).toBe(true);
  });
});
