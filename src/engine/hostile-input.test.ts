// Hostile and careless input at the engine's depth (issue 8): each test replays one row of the
// issue's table, or one of the limits that now bound a run, and checks what a person would notice:
// a message naming the field or line, or a run that ends with a balanced ledger.

import { csvParseRows } from 'd3-dsv';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkConfig, parseConfig } from './config.ts';
import { isFormulaCell } from './csv-cell.ts';
import { Engine } from './engine.ts';
import { MAX_JOBS_IN_FLIGHT, MAX_SIM_S } from './limits.ts';
import { testConfig } from './test-support.ts';
import { CsvTraceWriter, TRACE_COLUMNS } from './trace-writer.ts';
import { parseRpsTrace, parseTimestampTrace, TraceInputError } from './trace-input.ts';
import { simMs } from './units.ts';

function balanced(engine: Engine): boolean {
  const l = engine.ledger();
  return l.arrived === l.completed + l.rejected + l.dropped + l.queued + l.running;
}

function problems(input: unknown): string[] {
  const r = checkConfig(input);
  return r.ok ? [] : r.problems;
}

const BASE = {
  jobs: 100,
  arrivals: { process: 'poisson', rate_per_s: 100 },
  lanes: [{ kind: 'cpu' }],
  service: { dist: 'exponential', mean_ms: 1 },
};

const HOSTILE_NAMES = [
  '=HYPERLINK("http://evil.example","click")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  '\tTAB',
  '\rCR',
  'a,b',
  'say "hi"',
  'two\nlines',
  'constructor',
  'toString',
];

describe('row 1: model names with formula characters, commas, quotes or newlines', () => {
  it('are written to trace.csv as quoted, formula-neutralised cells, every row 16 fields', () => {
    const models = Object.fromEntries(HOSTILE_NAMES.map((n) => [n, 1]));
    const config = testConfig({ jobs: 300, mix: { models } });
    let text = '';
    const decoder = new TextDecoder();
    const writer = new CsvTraceWriter(
      (b) => (text += decoder.decode(b, { stream: true })),
      Object.keys(config.mix.models),
      ['cpu0'],
    );
    new Engine(config, { trace: writer }).runToEnd();
    const rows = csvParseRows(text);
    expect(rows).toHaveLength(301);
    for (const row of rows) {
      expect(row).toHaveLength(TRACE_COLUMNS.length);
      for (const cell of row) expect(isFormulaCell(cell), cell).toBe(false);
    }
    // The names survive, each behind its neutralising quote where it needed one.
    const names = new Set(rows.slice(1).map((r) => r[2]));
    expect(names).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(names).toContain('two\nlines');
    expect(names).toContain('a,b');
  });
});

describe('row 2: model names that are members of every JavaScript object', () => {
  it('run as plain names: the run ends, every job completes, times are finite', () => {
    const config = testConfig({
      jobs: 2000,
      mix: { models: { constructor: 1, toString: 1, valueOf: 1, hasOwnProperty: 1 } },
      service: { dist: 'exponential', mean_ms: 1, model_ms: { constructor: 5 } },
      lanes: [{ kind: 'cpu', count: 4 }],
    });
    const engine = new Engine(config);
    engine.runToEnd();
    const summary = engine.summary();
    expect(summary.ledger.completed).toBe(2000);
    expect(Number.isFinite(summary.overall.latency.p99)).toBe(true);
    expect(Number.isFinite(summary.overall.service.mean)).toBe(true);
  });

  it('read memory costs and profiles as own entries only, with a message when one is missing', () => {
    const memory = testConfig({
      mix: { models: { constructor: 1 } },
      memory: { enabled: true, calibration: 'bytes' },
    });
    expect(() => new Engine(memory)).toThrow(/memory\.models\.constructor: no bytes cost/);
    const profile = testConfig({
      mix: { models: { valueOf: 1 } },
      service: { dist: 'profile', profile: { resnet18: { cpu: { '1': 2 } } } },
    });
    expect(() => new Engine(profile)).toThrow(/service\.profile\.valueOf\.cpu: missing/);
  });
});

describe('row 3: a timestamps trace whose rows are all at one time', () => {
  it('is refused with a message, looped or not, instead of hanging the run', () => {
    expect(() => parseTimestampTrace('timestamp\n5\n5\n')).toThrow(
      /all 2 arrivals are at the same time .*line 2.*at least two different times/,
    );
    const config = testConfig({
      arrivals: { process: 'trace', format: 'timestamps', data: 'timestamp\n5\n5\n', loop: true },
    });
    expect(() => new Engine(config)).toThrow(TraceInputError);
    expect(() => parseTimestampTrace('timestamp\n5\n')).toThrow(/one arrival \(line 2\)/);
  });
});

describe('row 4: a number, then a date-time, in one timestamps column', () => {
  it('is refused naming both lines: a trace holds one kind of time', () => {
    expect(() => parseTimestampTrace('timestamp\n1\n2024-01-01\n')).toThrow(
      /line 3: "2024-01-01" is a date-time, but line 2 holds a number: a trace holds one kind of time/,
    );
    expect(() => parseTimestampTrace('timestamp\n2024-01-01\n1\n')).toThrow(
      /line 3: "1" is a number, but line 2 holds a date-time/,
    );
  });

  it('and a span longer than a run can simulate is refused with its length', () => {
    expect(() => parseTimestampTrace('t_s\n0\n3408134400\n')).toThrow(
      /the trace spans .* years \(line 2 to line 3\); a run simulates at most 1,000,000 s/,
    );
  });
});

describe('row 5: an rps file asking for 1e15 or 1e9 requests in a second', () => {
  it('is refused naming the line, before anything is allocated', () => {
    expect(() => parseRpsTrace('10\n1e15\n')).toThrow(
      /line 2: "1e15" requests in one second is more than the 1,000,000 a second/,
    );
    expect(() => parseRpsTrace('1e9')).toThrow(/line 1: "1e9" requests/);
    // rate_scale counts too.
    expect(() => parseRpsTrace('1000\n2000\n', 1000)).toThrow(/line 2: .*x rate_scale 1000/);
  });

  it('while a long file at a high rate is fine: it keeps one number a second', () => {
    const text = Array.from({ length: 100 }, () => '1000000').join('\n');
    const trace = parseRpsTrace(text);
    expect(trace.arrivals).toBe(100_000_000);
    expect(trace.kind).toBe('counts');
  });
});

describe('row 6: present fields of the wrong type', () => {
  it('say what was expected and what was found, not "required"', () => {
    const p = problems({ ...BASE, seed: 'x', jobs: '100', lanes: [{ kind: 'cpu', count: '2' }] });
    expect(p).toContain('seed: expected a number, found the string "x"');
    expect(p).toContain('jobs: expected a number, found the string "100"');
    expect(p).toContain('lanes[0].count: expected a number, found the string "2"');
    expect(p.join('\n')).not.toMatch(/required/);
    expect(problems({ ...BASE, arrivals: { process: 'poisson' } })).toContain(
      'arrivals.rate_per_s: required (number)',
    );
  });

  it('name the value found for choices and bounds', () => {
    const p = problems({ ...BASE, lanes: [{ kind: 'tpu' }], arrivals: { process: 'weird' } });
    expect(p.join('\n')).toMatch(/lanes\[0\]\.kind: .*"gpu".*"cpu".*found the string "tpu"/);
    expect(p.join('\n')).toMatch(/arrivals\.process: .*found the string "weird"/);
    expect(problems({ ...BASE, arrivals: { process: 'poisson', rate_per_s: 1e15 } })).toEqual([
      expect.stringMatching(/^arrivals\.rate_per_s: .*1000000.*found the number 1000000000000000$/),
    ]);
  });
});

describe('row 7: "__proto__" as a model name or a model_ms key', () => {
  it('is refused by name in JSON, never silently dropped', () => {
    const json = JSON.parse(
      '{"jobs":10,"arrivals":{"process":"poisson","rate_per_s":5},"lanes":[{"kind":"cpu"}],' +
        '"service":{"dist":"exponential","mean_ms":1,"model_ms":{"__proto__":"fast"}},' +
        '"mix":{"models":{"__proto__":1,"resnet18":1}}}',
    ) as unknown;
    const p = problems(json);
    expect(p).toContain(
      'service.model_ms: "__proto__" cannot be a name here (JavaScript reserves it); rename it',
    );
    expect(p).toContain(
      'mix.models: "__proto__" cannot be a name here (JavaScript reserves it); rename it',
    );
    expect(() => parseConfig(json)).toThrow(/mix\.models: "__proto__"/);
  });

  it('is refused in YAML too', () => {
    const yaml = parseYaml(
      'jobs: 10\narrivals: { process: poisson, rate_per_s: 5 }\nlanes: [{ kind: cpu }]\n' +
        'service: { dist: exponential, mean_ms: 1 }\nmix: { models: { __proto__: 1, a: 1 } }\n',
    ) as unknown;
    expect(problems(yaml)).toContain(
      'mix.models: "__proto__" cannot be a name here (JavaScript reserves it); rename it',
    );
  });
});

describe('row 11: an rps file of zeros', () => {
  it('is refused: a replay needs at least one request', () => {
    expect(() => parseRpsTrace('0\n0\n0\n')).toThrow(/no requests: all 3 numbers are 0/);
    expect(() => parseRpsTrace('0.2\n0.2\n')).toThrow(/less than one request in all/);
  });
});

describe('row 12: timestamps at -1e308 and 1e308', () => {
  it('are refused: the span is not finite', () => {
    expect(() => parseTimestampTrace('timestamp\n-1e308\n1e308\n')).toThrow(
      /the trace spans an unbounded time \(line 2 to line 3\)/,
    );
    expect(() => parseTimestampTrace('timestamp\n1\n1e400\n')).toThrow(
      /line 3: "1e400" is not a finite time/,
    );
  });
});

describe('row 13: hex numbers in an rps file', () => {
  it('are refused naming the line, as are other non-decimal spellings', () => {
    expect(() => parseRpsTrace('5\n0x10\n')).toThrow(/line 2: "0x10" is not a non-negative number/);
    expect(() => parseRpsTrace('Infinity')).toThrow(/line 1: "Infinity"/);
    expect(() => parseRpsTrace('1_000')).toThrow(/line 1: "1_000"/);
    expect(() => parseTimestampTrace('timestamp\n1\n0x10\n')).toThrow(/line 3: "0x10"/);
  });
});

describe('the resource guard', () => {
  it('stops a run whose next event lies past the longest simulated time, ledger balanced', () => {
    // One arrival per 1000 s on average, a million jobs: the run would span ~31 years.
    const engine = new Engine(
      testConfig({ jobs: 1_000_000, arrivals: { process: 'poisson', rate_per_s: 0.001 } }),
    );
    engine.runToEnd();
    expect(engine.stopped).toMatch(/past 1,000,000 s \(11\.6 days\), the longest run/);
    expect(engine.done).toBe(true);
    expect(engine.now).toBeLessThanOrEqual(MAX_SIM_S * 1000);
    expect(balanced(engine)).toBe(true);
    expect(engine.summary().stopped).toBe(engine.stopped);
    expect(engine.metrics.series.arrived.length).toBeLessThanOrEqual(MAX_SIM_S + 1);
  });

  it('stops an overloaded run without a queue limit before its queue exhausts memory', () => {
    // A million arrivals a second on one lane that serves one a second.
    const engine = new Engine(
      testConfig({
        jobs: 3_000_000,
        arrivals: { process: 'poisson', rate_per_s: 1_000_000 },
        service: { dist: 'deterministic', mean_ms: 1000 },
      }),
    );
    engine.runToEnd();
    expect(engine.stopped).toMatch(
      /jobs queued or running, near the 2,097,152 SchedLab holds.*set queue\.capacity/,
    );
    const l = engine.ledger();
    expect(l.queued + l.running).toBeLessThanOrEqual(MAX_JOBS_IN_FLIGHT);
    expect(l.queued + l.running).toBeGreaterThan(MAX_JOBS_IN_FLIGHT - 70_000);
    expect(balanced(engine)).toBe(true);
  });

  it('stops at the event budget a caller sets, and the clock no longer moves', () => {
    const engine = new Engine(testConfig({ jobs: 100_000 }), { maxEvents: 5000 });
    while (engine.run(1000));
    expect(engine.stopped).toMatch(/after 5,000 events, its event budget/);
    expect(engine.eventCount).toBe(5000);
    const t = engine.now;
    engine.advanceTo(simMs(t + 10_000));
    expect(engine.now).toBe(t);
    expect(engine.nextEventTime).toBe(Infinity);
    expect(balanced(engine)).toBe(true);
  });

  it('refuses configs whose rates or periods would make a run explode', () => {
    const p = (over: object) => problems({ ...BASE, ...over }).join('\n');
    expect(p({ arrivals: { process: 'poisson', rate_per_s: 5, rate_scale: 1e9 } })).toMatch(
      /arrivals\.rate_scale: rate_per_s x rate_scale must be from 0\.001 to 1,000,000/,
    );
    expect(p({ arrivals: { process: 'bursty', rate_per_s: 5, on_ms: 1e-300 } })).toMatch(
      /arrivals\.on_ms: .*>=1/,
    );
    expect(p({ duration_s: 1e9 })).toMatch(/duration_s: .*<=1000000/);
    expect(
      p({ lanes: [{ kind: 'cpu', count: 256 }, ...Array(4).fill({ kind: 'gpu', count: 256 })] }),
    ).toMatch(/lanes: at most 1,024 lanes in all/);
    expect(p({ service: { dist: 'lognormal', mean_ms: 1, cv: 1e300 } })).toMatch(/service\.cv/);
    expect(p({ autoscale: { enabled: true, interval_ms: 0.0001 } })).toMatch(
      /autoscale\.interval_ms/,
    );
  });
});
