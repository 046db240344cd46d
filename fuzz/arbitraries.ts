// fast-check generators of what a careless or hostile person feeds SchedLab: configs (the LLM kind's
// too), requests-per-second files, timestamp CSVs, Azure LLM traces, links, raw bytes. Each mixes sane values (so a good share of cases
// really runs) with the shapes of issue 8's table (formula names, prototype keys, zero spans, 1e15,
// hex, ±1e308, duplicate parameters, 100 KB values) and plain random text.

import fc from 'fast-check';
import { KEYS } from '../app/config/url-state.ts';
import { ROUTER_NAMES } from '../src/engine/llm/config-sections.ts';
import { MODEL_SHAPE_NAMES } from '../src/engine/llm/cost-model.ts';
import { LLM_SCHEDULER_NAMES, SCHEDULER_NAMES } from '../src/engine/schedulers/registry.ts';
import { NOT_A_POLICY } from '../src/engine/test-support.ts';

/** A value that is usually `sane`, sometimes one of `hostile`, now and then anything JSON holds. */
function mostly<T>(sane: fc.Arbitrary<T>, ...hostile: unknown[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 150, arbitrary: sane as fc.Arbitrary<unknown> },
    {
      weight: hostile.length > 0 ? 2 : 0,
      arbitrary: fc.constantFrom(...(hostile.length > 0 ? hostile : [null])),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  );
}

const HOSTILE_NUMBERS = [
  0,
  -1,
  1e-300,
  1e300,
  1e15,
  1e9,
  2 ** 53,
  'x',
  '100',
  '0x10',
  true,
  null,
  [],
  {},
];

const positive = (min: number, max: number) =>
  mostly(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), ...HOSTILE_NUMBERS);
const whole = (min: number, max: number) => mostly(fc.integer({ min, max }), ...HOSTILE_NUMBERS);
const flag = mostly(fc.boolean(), 'yes', 1);

/** Model names: the app's own, then the hostile kind (formulas, delimiters, prototype members). */
export const modelName = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('resnet18', 'resnet50', 'vit_s16', 'vit') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'x'.repeat(101), '') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '=HYPERLINK("http://evil.example","x")',
      '+1+1',
      '-2',
      '@SUM(A1)',
      '\tTAB',
      '\rCR',
      'a,b',
      'say "hi"',
      'two\nlines',
      'constructor',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'ü🙂',
      ' ',
    ),
  },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
);

/** An object built with own keys only (a `__proto__` entry stays an own key, as JSON.parse makes it). */
function record<T>(entries: fc.Arbitrary<[string, T][]>): fc.Arbitrary<Record<string, T>> {
  return entries.map((e) => Object.fromEntries(e) as Record<string, T>);
}

const models = record(
  fc.array(fc.tuple(modelName, mostly(fc.double({ min: 0.1, max: 5, noNaN: true }), -1, 0)), {
    minLength: 1,
    maxLength: 4,
  }),
);

const arrivalsGenerated = fc.oneof(
  fc.record(
    {
      process: fc.constant('poisson'),
      rate_per_s: positive(1, 5000),
      rate_scale: positive(0.1, 4),
    },
    { requiredKeys: ['process', 'rate_per_s'] },
  ),
  fc.record(
    {
      process: fc.constant('gamma'),
      rate_per_s: positive(1, 5000),
      cv: positive(0.1, 5),
      rate_scale: positive(0.1, 4),
    },
    { requiredKeys: ['process', 'rate_per_s'] },
  ),
  fc.record(
    {
      process: fc.constant('bursty'),
      rate_per_s: positive(1, 5000),
      off_rate_per_s: positive(0, 500),
      on_ms: positive(1, 5000),
      off_ms: positive(1, 5000),
      rate_scale: positive(0.1, 4),
    },
    { requiredKeys: ['process', 'rate_per_s'] },
  ),
);

/** Arrivals a person got wrong: an unknown process, a trace without its format. */
const arrivalsWrong = fc.record(
  { process: fc.constantFrom('weird', 'trace', 42) },
  { requiredKeys: [] },
);

/** Arrivals replaying a trace: `where` says how the text travels (a file for the CLI, inline data). */
function arrivalsTrace(where: 'file' | 'data', text: fc.Arbitrary<string>) {
  return fc
    .record({
      format: fc.constantFrom('rps', 'timestamps'),
      text,
      loop: fc.boolean(),
      rate_scale: fc.option(positive(0.01, 100), { nil: undefined }),
      column: fc.option(fc.constantFrom('timestamp', 'ts_ms', 'nope'), { nil: undefined }),
    })
    .map(({ format, text, loop, rate_scale, column }) => ({
      process: 'trace',
      format,
      ...(where === 'file' ? { file: 'load.txt' } : { data: text }),
      loop,
      ...(rate_scale !== undefined ? { rate_scale } : {}),
      ...(column !== undefined && format === 'timestamps' ? { column } : {}),
      // The CLI harness writes this next to the config (stripped before the config is written).
      ...(where === 'file' ? { __text: text } : {}),
    }));
}

const laneGroup = fc.record(
  {
    kind: mostly(fc.constantFrom('gpu', 'cpu'), 'tpu'),
    count: whole(1, 4),
    concurrency: whole(1, 3),
    speed: positive(0.1, 10),
    role: mostly(fc.constantFrom('primary', 'primary', 'backup'), 'spare'),
  },
  { requiredKeys: ['kind'] },
);

const profileTable = record(
  fc.array(
    fc.tuple(
      modelName,
      fc.record(
        {
          gpu: record(
            fc.array(fc.tuple(fc.constantFrom('1', '2', '4', '8', 'x'), positive(0.1, 50)), {
              maxLength: 3,
            }),
          ),
          cpu: record(
            fc.array(fc.tuple(fc.constantFrom('1', '2', '4', '8'), positive(0.1, 50)), {
              maxLength: 3,
            }),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    { maxLength: 3 },
  ),
);

const serviceCommon = {
  mean_ms: positive(0.1, 50),
  gpu_speedup: positive(0.5, 10),
  model_ms: record(fc.array(fc.tuple(modelName, positive(0.1, 50)), { maxLength: 3 })),
};

const service = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      { dist: fc.constantFrom('deterministic', 'exponential'), ...serviceCommon },
      { requiredKeys: ['dist', 'mean_ms'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      { dist: fc.constant('lognormal'), cv: positive(0.1, 3), ...serviceCommon },
      { requiredKeys: ['dist', 'mean_ms'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      { dist: fc.constant('profile'), profile: profileTable, cv: positive(0, 3), ...serviceCommon },
      { requiredKeys: ['dist', 'profile'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ dist: mostly(fc.constant('normal')), mean_ms: positive(0.1, 50) }),
  },
);

/** A config as a person might write it: mostly sane, each field now and then hostile. */
export function config(where: 'file' | 'data', traceText: fc.Arbitrary<string>) {
  return fc
    .record(
      {
        seed: whole(0, 1000),
        jobs: whole(1, 3000),
        duration_s: positive(0.1, 120),
        arrivals: fc.oneof(
          { weight: 10, arbitrary: arrivalsGenerated },
          { weight: 6, arbitrary: arrivalsTrace(where, traceText) },
          { weight: 1, arbitrary: arrivalsWrong },
        ),
        mix: fc.record({ interactive_ratio: positive(0, 1), models }, { requiredKeys: [] }),
        classes: fc.record(
          {
            interactive: fc.record({ slo_ms: positive(1, 1000) }),
            batch: fc.record({ slo_ms: positive(1, 10_000) }),
          },
          { requiredKeys: [] },
        ),
        lanes: mostly(fc.array(laneGroup, { minLength: 1, maxLength: 3 }), [], 'cpu'),
        service,
        scheduler: fc.record(
          { name: mostly(fc.constantFrom(...SCHEDULER_NAMES), NOT_A_POLICY) },
          { requiredKeys: ['name'] },
        ),
        batching: fc.record(
          {
            enabled: flag,
            mode: mostly(fc.constantFrom('window', 'dynamic')),
            window_ms: positive(0, 20),
            max_batch: whole(1, 16),
            preferred_sizes: mostly(fc.array(fc.integer({ min: 1, max: 16 }), { maxLength: 3 })),
            max_queue_delay_ms: positive(0, 20),
          },
          { requiredKeys: [] },
        ),
        memory: fc.record(
          {
            enabled: flag,
            calibration: mostly(fc.constantFrom('tokens', 'bytes')),
            capacity_per_lane: positive(50, 5000),
            fp16: flag,
            models: record(
              fc.array(
                fc.tuple(
                  modelName,
                  fc.record({ base: positive(0, 500), per_sample: positive(0, 50) }),
                ),
                { maxLength: 3 },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
        admission: fc.record(
          {
            mode: mostly(fc.constantFrom('off', 'reject', 'drop', 'both')),
            slack: positive(0.5, 2),
          },
          { requiredKeys: [] },
        ),
        predictor: fc.record(
          { enabled: flag, learner: mostly(fc.constantFrom('rls', 'table')) },
          { requiredKeys: [] },
        ),
        autoscale: fc.record(
          {
            enabled: flag,
            kind: mostly(fc.constantFrom('cpu', 'gpu')),
            min: whole(0, 4),
            max: whole(1, 8),
            interval_ms: positive(1, 2000),
            startup_ms: positive(0, 500),
            cooldown_ms: positive(0, 3000),
          },
          { requiredKeys: [] },
        ),
        queue: fc.record({ capacity: whole(0, 200), drop_expired: flag }, { requiredKeys: [] }),
        faults: mostly(
          fc.array(
            fc.record(
              { lane: whole(0, 6), at_ms: positive(0, 5000), duration_ms: positive(1, 5000) },
              { requiredKeys: ['lane', 'at_ms'] },
            ),
            { maxLength: 3 },
          ),
        ),
      },
      { requiredKeys: ['arrivals', 'lanes', 'service'] },
    )
    .chain((c) =>
      // Now and then a field the schema does not know.
      fc.constantFrom(c, c, c, c, c, c, c, c, c, { ...c, bogus_field: 1 }),
    );
}

/** Spellings an rps file should not hold: not plain decimals, or rates too high. */
const RPS_HOSTILE = [
  '1e15',
  '1e9',
  '1000001',
  '0x10',
  '-1',
  'NaN',
  'Infinity',
  '1_000',
  '1e-400',
  '١٢',
  '1,5',
  '',
];

/** One count, as load testers write them (and a few harmless variants). */
const rpsCount = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 2000 }).map(String) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 3000, noNaN: true }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '1e6', '5e-1', '.5', '5.', '1e3') },
);

/** Now and then (one time in `every`) one of `bad`; otherwise undefined. */
function sometimes(bad: fc.Arbitrary<string>, every: number): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: every - 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: bad },
  );
}

/** At `at` (a share of the list), `token` replaces an element; undefined changes nothing. */
function inject(list: string[], token: string | undefined, at: number): string[] {
  if (token === undefined || list.length === 0) return list;
  const out = list.slice();
  out[Math.min(out.length - 1, Math.floor(at * out.length))] = token;
  return out;
}

/** A requests-per-second file: lines of counts, now and then one bad token; or random text. */
export const rpsText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.array(fc.array(rpsCount, { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.constantFrom('\n', '\r\n', ' '),
        fc.constantFrom(' ', ',', '\t', ';'),
        sometimes(fc.oneof(fc.constantFrom(...RPS_HOSTILE), fc.string({ maxLength: 6 })), 4),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
      )
      .map(
        ([lines, eol, sep, bad, at, comment]) =>
          inject(
            lines.map((l) => l.join(sep)),
            bad,
            at,
          ).join(eol) + (comment ? `${eol}# a comment${eol}` : ''),
      ),
  },
  { weight: 1, arbitrary: fc.constantFrom('0\n0\n0\n', '1e15\n', '10\n1e9\n', '0x10\n', '') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

/** Cells a timestamps column should not hold (or that test its edges). */
const TIME_HOSTILE = [
  '-1e308',
  '1e308',
  '1e400',
  '0x10',
  'soon',
  '',
  '"1,5"',
  '"a\nb"',
  '"unterminated',
  '2024-01-01',
  '3408134400',
  'Infinity',
  '  7 ',
];

/** A column of one kind of time: seconds, epoch milliseconds or ISO date-times, in any order. */
const timeColumn = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(
      fc.integer({ min: 0, max: 600_000 }).map((v) => (v / 1000).toFixed(3)),
      { minLength: 2, maxLength: 40 },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.array(
      fc.integer({ min: 1_700_000_000_000, max: 1_700_000_600_000 }).map(String),
      { minLength: 2, maxLength: 40 },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.array(
      fc
        .date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2024-01-02T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
      { minLength: 2, maxLength: 40 },
    ),
  },
  { weight: 1, arbitrary: fc.array(fc.constant('1'), { maxLength: 1 }) },
);

/** Header rows, each with how a row puts its time `t` (row `i`) among its fields. */
const HEADERS: [string, (t: string, i: number) => string][] = [
  ['timestamp', (t) => t],
  ['time_s', (t) => t],
  ['ts_ms', (t) => t],
  ['arrival,size', (t) => `${t},1`],
  ['id,timestamp', (t, i) => `${i},${t}`],
  ['"time, quoted",x', (t) => `${t},"x,y"`],
  ['\uFEFFtimestamp', (t) => t],
  ['a,b', (t) => `${t},2`],
  ['date', (t) => t],
  ['', (t) => t],
];

/** A timestamps CSV: a header, rows of one kind (now and then a bad cell, or all one time), any
 * line ends; or random text. */
export const timestampsText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...HEADERS),
        timeColumn,
        fc.constantFrom('\n', '\r\n', '\r'),
        sometimes(fc.oneof(fc.constantFrom(...TIME_HOSTILE), fc.string({ maxLength: 8 })), 4),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 11 }),
      )
      .map(([[header, row], column, eol, bad, at, same]) => {
        const cells = same === 0 ? column.map(() => '5') : inject(column, bad, at);
        return [header, ...cells.map(row)].join(eol);
      }),
  },
  { weight: 1, arbitrary: fc.constantFrom('timestamp\n5\n5\n', 'timestamp\n1\n2024-01-01\n') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

/** Either kind of trace text. */
export const traceText = fc.oneof(rpsText, timestampsText);

/** Query-string values: sane numbers, hostile spellings, long values. */
const urlValue = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 25_000, noNaN: true }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...SCHEDULER_NAMES, NOT_A_POLICY) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0x10',
      ' 16',
      'Infinity',
      '-0',
      '1e400',
      '1,1,1',
      '0,0,0',
      '1,2',
      '<b>x</b>',
      'x'.repeat(100_000),
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** A link's query string: known and unknown keys (compare mode's too), duplicates, hostile values. */
export const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        {
          weight: 6,
          arbitrary: fc.constantFrom(...KEYS),
        },
        {
          // Compare mode's own parameters (app/config/compare-settings.ts).
          weight: 2,
          arbitrary: fc.constantFrom(
            'cmp',
            'b.sched',
            'b.rate',
            'b.gpu',
            'b.cpu',
            'b.mix',
            'b.batch',
            'b.seed',
            'b.speed',
            'b.policy',
            'b.',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
      ),
      urlValue,
    ),
    { maxLength: 8 },
  )
  .map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  );

// ---- LLM serving (issue 22): azure_llm traces and configs with an `llm` section ----------------

/** Token counts an Azure trace or a length field should not hold (issue 22's hostile inputs). */
const TOKENS_HOSTILE = ['0', '-5', 'NaN', '1000000000', '1e3', '0x10', '', ' 7', '2.5', '=1+1'];

/** An Azure LLM trace (`TIMESTAMP,ContextTokens,GeneratedTokens`): rows in time order, now and then
 * a bad count, a bad time or a short row, any line ends; or random text. */
export const azureLlmText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 5_000_000 }),
            fc.integer({ min: 1, max: 3000 }),
            fc.integer({ min: 1, max: 600 }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        fc.constantFrom('\n', '\r\n'),
        sometimes(fc.oneof(fc.constantFrom(...TOKENS_HOSTILE), fc.string({ maxLength: 6 })), 3),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0, 1, 2, 3),
      )
      .map(([rows, eol, bad, at, where]) => {
        let t = Date.UTC(2023, 10, 16, 18, 0, 0) * 1000;
        const lines = rows.map(([gapUs, prompt, output]) => {
          t += gapUs;
          const d = new Date(Math.floor(t / 1000)).toISOString().replace('T', ' ').slice(0, 19);
          // The published files give seconds to 7 decimals (100 ns).
          const frac = String((t % 1_000_000) * 10).padStart(7, '0');
          return [`${d}.${frac}`, String(prompt), String(output)];
        });
        if (bad !== undefined) {
          const row = lines[Math.min(lines.length - 1, Math.floor(at * lines.length))]!;
          if (where === 3) row.pop();
          else row[where] = bad;
        }
        return ['TIMESTAMP,ContextTokens,GeneratedTokens', ...lines.map((r) => r.join(','))].join(
          eol,
        );
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'TIMESTAMP,ContextTokens,GeneratedTokens\n',
      'TIMESTAMP,ContextTokens\n2023-11-16 18:15:46.6805900,374\n',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

/** A token-length distribution: mostly sane and small, sometimes 0, 10^9 tokens, NaN-like. */
const llmLength = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      { dist: fc.constant('lognormal'), mean: positive(1, 800), cv: positive(0, 3) },
      { requiredKeys: ['dist', 'mean'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({ dist: fc.constant('fixed'), value: whole(1, 800) }),
  },
  {
    weight: 1,
    arbitrary: azureLlmText.map((data) => ({ dist: 'empirical', data })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { dist: 'fixed', value: 0 },
      { dist: 'fixed', value: 1e9 },
      { dist: 'fixed', value: -3 },
      { dist: 'lognormal', mean: 'NaN' },
      { dist: 'empirical' },
      { dist: 'uniform', value: 3 },
    ),
  },
);

/** Now and then `a` (a field that changes the run's shape, so most cases keep the default). */
function seldom<T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
}

/** A config with an `llm` section: generated arrivals with length distributions, or an azure_llm
 * trace beside it (`where` as for `config`); small KV caches so preemption and rejection happen. */
export function llmConfig(where: 'file' | 'data') {
  const trace = azureLlmText.map((text) => ({
    process: 'trace',
    format: 'azure_llm',
    ...(where === 'file' ? { file: 'load.txt', __text: text } : { data: text }),
  }));
  return fc
    .record(
      {
        seed: whole(0, 1000),
        jobs: whole(1, 300),
        duration_s: positive(0.1, 60),
        arrivals: fc.oneof(
          { weight: 3, arbitrary: arrivalsGenerated },
          { weight: 2, arbitrary: trace },
        ),
        mix: fc.record({ interactive_ratio: positive(0, 1) }, { requiredKeys: [] }),
        lanes: mostly(
          fc.array(
            fc.record(
              { kind: mostly(fc.constantFrom('gpu', 'cpu')), count: whole(1, 3) },
              { requiredKeys: ['kind'] },
            ),
            { minLength: 1, maxLength: 2 },
          ),
          [],
        ),
        llm: fc.record(
          {
            model: mostly(fc.constantFrom(...MODEL_SHAPE_NAMES), '=cmd()'),
            prompt: llmLength,
            output: llmLength,
            classes: fc.record(
              {
                interactive: fc.record({ ttft_ms: positive(1, 5000), tpot_ms: positive(1, 500) }),
              },
              { requiredKeys: [] },
            ),
            block_tokens: whole(1, 64),
            blocks: whole(1, 3000),
            max_num_seqs: whole(1, 64),
            max_num_batched_tokens: whole(1, 4096),
            watermark: positive(0, 0.5),
            preemption: mostly(fc.constantFrom('recompute', 'swap')),
            swap_gb_per_s: positive(0.1, 100),
            router: mostly(fc.constantFrom(...ROUTER_NAMES)),
            prefix_caching: flag,
            shared_prefix: seldom(
              fc.record(
                { tokens: whole(1, 500), share: positive(0, 1), groups: whole(1, 4) },
                { requiredKeys: ['tokens'] },
              ),
            ),
            disaggregation: seldom(
              fc.record(
                { prefill_lanes: whole(1, 2), kv_gb_per_s: positive(0.1, 100) },
                { requiredKeys: ['prefill_lanes'] },
              ),
            ),
            output_estimate_cv: positive(0, 3),
            scheduler: fc.record(
              {
                name: mostly(fc.constantFrom(...LLM_SCHEDULER_NAMES), NOT_A_POLICY, 'fifo'),
                token_budget: whole(1, 2048),
                aging_ms: positive(1, 10_000),
              },
              { requiredKeys: ['name'] },
            ),
          },
          { requiredKeys: [] },
        ),
        faults: mostly(
          fc.array(
            fc.record({
              lane: whole(0, 3),
              at_ms: positive(0, 3000),
              duration_ms: positive(1, 3000),
            }),
            { maxLength: 2 },
          ),
        ),
      },
      { requiredKeys: ['arrivals', 'lanes', 'llm'] },
    )
    .chain((c) => fc.constantFrom(c, c, c, c, c, c, c, c, c, { ...c, bogus_field: 1 }));
}
