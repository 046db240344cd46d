// Hostile and careless input through `npm run sim` (issue 8), in-process through the CLI's own
// `main`: exit status, messages, and what lands in --out.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvParseRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { isFormulaCell } from '../src/engine/csv-cell.ts';
import { TRACE_COLUMNS } from '../src/engine/trace-writer.ts';
import { main } from './run-sim.ts';

interface Run {
  status: number;
  out: string;
  stderr: string;
  dir: string;
}

/** Write `config` (and `files`) to a fresh folder and run the CLI on it. */
function sim(config: unknown, files: Record<string, string> = {}, ...args: string[]): Run {
  const dir = mkdtempSync(join(tmpdir(), 'schedlab-hostile-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
  const err: string[] = [];
  const status = main(
    ['--config', join(dir, 'c.json'), '--out', join(dir, 'out'), '--quiet', ...args],
    { out: () => undefined, err: (l) => err.push(l) },
  );
  return { status, out: join(dir, 'out'), stderr: err.join('\n'), dir };
}

const SERVICE = { dist: 'exponential', mean_ms: 2 };

function replay(format: 'rps' | 'timestamps', loop = false) {
  return {
    duration_s: 60,
    arrivals: { process: 'trace', format, file: 'load.txt', loop },
    lanes: [{ kind: 'cpu', count: 2 }],
    service: SERVICE,
  };
}

describe('npm run sim with hostile input', () => {
  it('row 1: formula and delimiter characters in model names stay inside safe cells', () => {
    const names = [
      '=HYPERLINK("http://x","y")',
      '+1',
      '-2',
      '@SUM(A1)',
      'a,b',
      'q"uote',
      'new\nline',
    ];
    const r = sim({
      jobs: 300,
      arrivals: { process: 'poisson', rate_per_s: 200 },
      mix: { models: Object.fromEntries(names.map((n) => [n, 1])) },
      lanes: [{ kind: 'cpu', count: 4 }],
      service: SERVICE,
    });
    expect(r.status).toBe(0);
    const rows = csvParseRows(readFileSync(join(r.out, 'trace.csv'), 'utf8'));
    expect(rows).toHaveLength(301);
    for (const row of rows) {
      expect(row).toHaveLength(TRACE_COLUMNS.length);
      for (const cell of row) expect(isFormulaCell(cell)).toBe(false);
    }
  });

  it('row 2: "constructor", "toString", "valueOf" and "hasOwnProperty" run as model names', () => {
    const r = sim({
      jobs: 5000,
      arrivals: { process: 'poisson', rate_per_s: 500 },
      mix: { models: { constructor: 1, toString: 1, valueOf: 1, hasOwnProperty: 1 } },
      lanes: [{ kind: 'cpu', count: 4 }],
      service: { ...SERVICE, model_ms: { toString: 1 } },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8'));
    expect(summary.ledger).toMatchObject({ arrived: 5000, completed: 5000 });
  });

  it('row 3: a looped timestamps trace of one repeated time is refused, nothing written', () => {
    const r = sim(replay('timestamps', true), { 'load.txt': 'timestamp\n5\n5\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/arrivals\.file: all 2 arrivals are at the same time/);
    expect(existsSync(r.out)).toBe(false);
  });

  it('row 4: a number then a date-time is refused naming the line', () => {
    const r = sim(replay('timestamps'), { 'load.txt': 'timestamp\n1\n2024-01-01\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/arrivals\.file: line 3: "2024-01-01" is a date-time/);
  });

  it('row 5: 1e15 and 1e9 requests a second are refused naming the line', () => {
    for (const [text, line] of [
      ['1e15\n', 1],
      ['10\n20\n1e9\n', 3],
    ] as const) {
      const r = sim({ ...replay('rps'), jobs: 3000 }, { 'load.txt': text });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`arrivals\\.file: line ${line}: "1e\\d+" requests`));
    }
  });

  it('row 11: an rps file of zeros is refused, as the page refuses it', () => {
    const r = sim(replay('rps'), { 'load.txt': '0 0 0\n0\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/arrivals\.file: the requests-per-second file has no requests/);
  });

  it('YAML the parser trips over in its own way (an alias to no anchor) is refused, exit 2', () => {
    // Found by the fuzzer: the YAML library throws a ReferenceError here, not a parse error.
    const dir = mkdtempSync(join(tmpdir(), 'schedlab-hostile-'));
    writeFileSync(join(dir, 'c.yaml'), '*\0');
    const err: string[] = [];
    const status = main(['--config', join(dir, 'c.yaml'), '--out', join(dir, 'out')], {
      out: () => undefined,
      err: (l) => err.push(l),
    });
    expect(status).toBe(2);
    expect(err.join('\n')).toMatch(/c\.yaml: not valid YAML \(Unresolved alias/);
  });

  it('row 14: a day-long run finishes with small plots', () => {
    const r = sim(
      {
        duration_s: 86_400,
        arrivals: { process: 'poisson', rate_per_s: 1 },
        lanes: [{ kind: 'cpu' }],
        service: SERVICE,
      },
      {},
      '--no-trace',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const plot of ['slo-timeline.svg', 'throughput-timeline.svg']) {
      const svg = readFileSync(join(r.out, plot), 'utf8');
      expect(svg).toMatch(/^<svg/);
      // A pixel column holds at most two points: the plot is a few KB, not one point a second.
      expect(statSync(join(r.out, plot)).size).toBeLessThan(64 * 1024);
    }
    const rows = readFileSync(join(r.out, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(rows.length).toBe(86_401);
  });

  it('row 14: a failure after the simulation keeps summary.json and trace.csv and says what failed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedlab-hostile-'));
    const out = join(dir, 'out');
    // A folder where a plot should go: writing that plot fails.
    mkdirSync(join(out, 'latency-cdf.svg'), { recursive: true });
    const config = {
      jobs: 500,
      arrivals: { process: 'poisson', rate_per_s: 100 },
      lanes: [{ kind: 'cpu' }],
      service: SERVICE,
    };
    writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
    const err: string[] = [];
    const status = main(['--config', join(dir, 'c.json'), '--out', out, '--quiet'], {
      out: () => undefined,
      err: (l) => err.push(l),
    });
    expect(status).toBe(1);
    expect(err.join('\n')).toMatch(
      /the plots failed \(.*latency-cdf\.svg.*\); summary\.json and trace\.csv are complete/,
    );
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).ledger.completed).toBe(500);
    expect(csvParseRows(readFileSync(join(out, 'trace.csv'), 'utf8'))).toHaveLength(501);
  });

  it('a run stopped by a resource limit writes what it computed and exits 3 with the reason', () => {
    const r = sim(
      {
        jobs: 100_000,
        arrivals: { process: 'poisson', rate_per_s: 1000 },
        lanes: [{ kind: 'cpu' }],
        service: SERVICE,
      },
      {},
      '--max-events',
      '2000',
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^sim: the run stopped at \d+ s simulated after 2,000 events/);
    const summary = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8'));
    expect(summary.stopped).toMatch(/event budget/);
    const l = summary.ledger;
    expect(l.arrived).toBe(l.completed + l.rejected + l.dropped + l.queued + l.running);
    const rows = csvParseRows(readFileSync(join(r.out, 'trace.csv'), 'utf8'));
    expect(rows.length - 1).toBe(l.completed + l.rejected + l.dropped);
  });
});
