// `npm run loadtest` as a user runs it: the command on examples/workload.txt against the
// default config, the report's fields, counts equal to the simulation's own ledger, a sweep's knee,
// and bad input named with status 2.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/engine/engine.ts';
import { loadConfigFile } from './load-config.ts';

// Each test spawns the CLI (a fresh Node process) up to three times: slow on a loaded machine, so each
// has three minutes.
function loadtest(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/loadtest.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'schedlab-loadtest-'));

describe('npm run loadtest', () => {
  it("on workload.txt writes report.json, report.md and plots with the simulation's own counts", () => {
    const out = join(tempDir(), 'out');
    const r = loadtest('--workload', 'examples/workload.txt', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    for (const key of ['sent', 'succeeded', 'failed', 'success_rate', 'throughput_per_s']) {
      expect(typeof report[key]).toBe('number');
    }
    for (const side of ['intended', 'actual']) {
      for (const q of ['p50', 'p90', 'p99']) expect(report.latency_ms[side][q]).toBeGreaterThan(0);
    }
    // The simulation of the same config, run on its own (its arrivals are workload.txt too).
    const engine = new Engine(loadConfigFile('examples/loadtest.yaml'));
    engine.runToEnd();
    const ledger = engine.ledger();
    expect(report.sent).toBe(ledger.arrived);
    expect(report.sent).toBe(2250);
    expect(report.succeeded).toBe(ledger.completed);
    expect(report.failed).toBe(ledger.rejected + ledger.dropped);
    expect(report.failed).toBeGreaterThan(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(r.stdout).toBe(md);
    expect(md).toContain(`**${report.succeeded}/2250 successful requests (`);
    expect(md).toContain('| intended send |');
    for (const svg of ['per-second.svg', 'latency.svg'])
      expect(existsSync(join(out, svg))).toBe(true);
  }, 180_000);

  it('sweeps closed-loop users and marks the knee, with intervals over repeats', () => {
    const out = join(tempDir(), 'out');
    const r = loadtest(
      '--users',
      '1',
      '--sweep',
      '1,2,8',
      '--repeats',
      '2',
      '--duration',
      '3',
      '--out',
      out,
    );
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    // Two lanes: two users keep both busy; the knee is there.
    expect(report.sweep.knee.level).toBe(2);
    expect(report.sweep.points[0].throughput_per_s.n).toBe(2);
    expect(report.max_in_flight).toBe(1);
    const knee = readFileSync(join(out, 'knee-throughput.svg'), 'utf8');
    expect(knee).toContain('knee: 2');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('| 2 (knee) |');
  }, 180_000);

  it('names bad input and exits 2, writing nothing', () => {
    const dir = tempDir();
    const missing = loadtest('--workload', join(dir, 'nope.txt'), '--out', join(dir, 'a'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--workload');
    writeFileSync(join(dir, 'bad.txt'), '50\n80\nlots\n');
    const bad = loadtest('--workload', join(dir, 'bad.txt'), '--out', join(dir, 'b'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/line 3/);
    const sweep = loadtest('--sweep', '100,x', '--out', join(dir, 'c'));
    expect(sweep.status).toBe(2);
    expect(sweep.stderr).toContain('--sweep');
    for (const d of ['a', 'b', 'c']) expect(existsSync(join(dir, d))).toBe(false);
  }, 180_000);
});
