// Hostile and careless input on the page's side (issue 8): links and imported files. Each test is
// one row of the table as the page sees it: a notice naming the parameter or line, kept
// short, and nothing applied.

import { describe, expect, it } from 'vitest';
import { decodeSettings } from './url-state.ts';
import { importFile } from './import.ts';

function urlProblems(query: string): string[] {
  const r = decodeSettings(new URLSearchParams(query));
  return r.ok ? [] : r.problems;
}

describe('row 8: a parameter given twice', () => {
  it('is named with both values, and nothing applies', () => {
    const r = decodeSettings(new URLSearchParams('sched=edf&sched=bogus&rate=300'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toContain(
      '"sched" is given 2 times (sched=edf, sched=bogus): give each setting once',
    );
    // Even two good values: a link must say one thing.
    expect(urlProblems('rate=300&rate=300')).toEqual([
      '"rate" is given 2 times (rate=300, rate=300): give each setting once',
    ]);
  });
});

describe('row 9: a 100 KB parameter value', () => {
  it('is echoed cut to 80 characters and an ellipsis', () => {
    const long = 'x'.repeat(100_000);
    const p = urlProblems(`sched=${long}&seed=${'9'.repeat(100_000)}&${'k'.repeat(100_000)}=1`);
    expect(p).toHaveLength(3);
    for (const line of p) expect(line.length).toBeLessThan(200);
    expect(p).toContain(`sched=${'x'.repeat(80)}…: not a scheduler`);
    expect(p).toContain(`seed=${'9'.repeat(80)}…: must be between 0 and 4294967295`);
    expect(p).toContain(`"${'k'.repeat(40)}…" is not a setting`);
  });
});

describe('row 13: numbers in links are plain decimals', () => {
  it('refuses hex, blanks, Infinity and separators, naming the parameter', () => {
    expect(urlProblems('rate=0x10')).toEqual(['rate=0x10: not a number']);
    expect(urlProblems('rate=%2016')).toEqual(['rate= 16: not a number']);
    expect(urlProblems('speed=Infinity')).toEqual(['speed=Infinity: not a number']);
    expect(urlProblems('mix=0x1,1,1')).toEqual([
      'mix=0x1,1,1: must be 3 or 5 weights (resnet18, resnet50, vit_s16, ppocr_cls, silero_vad) from 0 to 100, comma-separated',
    ]);
    // What the app itself writes still reads back.
    expect(decodeSettings(new URLSearchParams('rate=1234.5&ir=0.25&bw=1e-3')).ok).toBe(true);
  });
});

describe('rows 3, 5, 11, 12: trace files imported in the page', () => {
  it('are refused with a message naming the line, and nothing throws', () => {
    const cases: [string, string, RegExp][] = [
      ['zero-span.csv', 'timestamp\n5\n5\n', /all 2 arrivals are at the same time/],
      ['huge.txt', '1e15\n', /line 1: "1e15" requests in one second is more than/],
      ['big.txt', '10\n1e9\n', /line 2: "1e9" requests/],
      ['zeros.txt', '0\n0\n', /no requests: all 2 numbers are 0/],
      ['extremes.csv', 'timestamp\n-1e308\n1e308\n', /spans an unbounded time/],
      ['mixed.csv', 'timestamp\n1\n2024-01-01\n', /line 3: .* one kind of time/],
      ['hex.txt', '0x10\n', /line 1: "0x10" is not a non-negative number/],
    ];
    for (const [name, text, message] of cases) {
      const r = importFile(name, text);
      expect(r.ok, name).toBe(false);
      if (r.ok) continue;
      expect(r.problems.join('\n'), name).toMatch(message);
    }
  });

  it('and a config carrying a bad trace inline is refused at import, naming arrivals.data', () => {
    const config = {
      duration_s: 10,
      arrivals: { process: 'trace', format: 'rps', data: '5\n1e15\n' },
      lanes: [{ kind: 'cpu' }],
      service: { dist: 'exponential', mean_ms: 1 },
    };
    const r = importFile('c.json', JSON.stringify(config));
    expect(r).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^arrivals\.data: line 2: "1e15" requests/)],
    });
  });
});

describe('row 10: a big trace reports its progress while it is parsed', () => {
  it('hears rising fractions up to the end, then gets the whole trace', () => {
    const rows = 300_000;
    const text = ['timestamp', ...Array.from({ length: rows }, (_, i) => String(i / 100))].join(
      '\n',
    );
    const seen: number[] = [];
    const r = importFile('big.csv', text, (f) => seen.push(f));
    expect(r.ok).toBe(true);
    if (!r.ok || r.kind !== 'trace') return;
    expect(r.jobs).toBe(rows);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
    expect(seen[seen.length - 1]).toBeLessThanOrEqual(1);
    const rps = importFile('big.txt', Array.from({ length: rows }, () => '1').join('\n'), (f) =>
      seen.push(f),
    );
    expect(rps.ok).toBe(true);
  });
});

describe('issue 19: a JSON config imported in the page', () => {
  it('is refused when a key appears twice in one object, naming the line', async () => {
    const { importFile } = await import('./import.ts');
    const r = importFile('c.json', '{\n"seed": 1,\n"seed": 2\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toMatch(/line 3: the key "seed" appears twice/);
  });
});
