// The issue's two long-run failures, end to end through `npm run sim`'s own code (run-sim.ts): a
// day-long per-second load file replayed whole (no stop condition) must finish with its plots, and a
// large trace file must be parsed once, not once to check the config and again to run it.

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type * as TimestampsTrace from '../src/engine/timestamps-trace.ts';
import { main } from './run-sim.ts';

// Count the parses of a timestamps trace without changing what they return.
const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/engine/timestamps-trace.ts', async (importOriginal) => {
  const real = await importOriginal<typeof TimestampsTrace>();
  return {
    ...real,
    parseTimestampTrace: (...args: Parameters<typeof real.parseTimestampTrace>) => {
      parses.count++;
      return real.parseTimestampTrace(...args);
    },
  };
});

function run(
  config: object,
  files: Record<string, string>,
): { status: number; out: string; err: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'schedlab-day-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
  const out = join(dir, 'out');
  const err: string[] = [];
  const status = main(['--config', join(dir, 'c.json'), '--out', out, '--quiet', '--no-trace'], {
    out: () => undefined,
    err: (line) => err.push(line),
  });
  return { status, out, err };
}

describe('long replays through npm run sim', () => {
  it('replays a day-long per-second load file whole and finishes with small plots, exit 0', () => {
    // 86,400 seconds with 0, 1 or 2 requests each: a day of seconds, about 86,400 jobs.
    const lines = Array.from({ length: 86_400 }, (_, s) => String(s % 3));
    const r = run(
      {
        arrivals: { process: 'trace', format: 'rps', file: 'day.txt' },
        lanes: [{ kind: 'cpu' }],
        service: { dist: 'exponential', mean_ms: 5 },
      },
      { 'day.txt': lines.join('\n') + '\n' },
    );
    expect(r.err).toEqual([]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8'));
    expect(summary.ledger).toMatchObject({ arrived: 86_400, completed: 86_400 });
    expect(summary.sim_time_s).toBeGreaterThan(86_399);
    for (const plot of ['slo-timeline.svg', 'throughput-timeline.svg', 'latency-cdf.svg']) {
      expect(readFileSync(join(r.out, plot), 'utf8')).toMatch(/^<svg/);
      expect(statSync(join(r.out, plot)).size).toBeLessThan(64 * 1024);
    }
    const rows = readFileSync(join(r.out, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(rows.length).toBeGreaterThanOrEqual(86_401);
  });

  it('parses a replayed trace file once: the check and the run share it', () => {
    const csv = ['t_ms', ...Array.from({ length: 5000 }, (_, i) => String(i * 2))].join('\n');
    parses.count = 0;
    const r = run(
      {
        arrivals: { process: 'trace', format: 'timestamps', file: 'arrivals.csv' },
        lanes: [{ kind: 'cpu', count: 2 }],
        service: { dist: 'exponential', mean_ms: 1 },
      },
      { 'arrivals.csv': csv + '\n' },
    );
    expect(r.err).toEqual([]);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8')).ledger.arrived).toBe(5000);
    expect(parses.count).toBe(1);
  });
});
