// `npm run sim -- --autoscaler FILE.js`: a user's autoscaler from the command line, and the
// mistakes a user makes with it named with status 2.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/sim.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run sim -- --autoscaler', () => {
  it('autoscales examples/autoscale.yaml with the example module and reports it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'schedlab-as-')), 'out');
    const r = sim(
      '--config',
      'examples/autoscale.yaml',
      '--out',
      out,
      '--no-trace',
      '--autoscaler',
      'examples/policies/autoscaler-in-flight.js',
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/sim: autoscaler in-flight target: \d+ decisions\n/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.autoscale.policy).toBe('in-flight target');
    expect(summary.autoscale.active_lanes_max).toBeGreaterThan(1);
    expect(summary.ledger.completed).toBe(summary.ledger.arrived);
  }, 180_000);

  it('names the mistakes: a scheduler as an autoscaler, an autoscaler as a policy, no pool', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedlab-as-'));
    const a = sim(
      '--config',
      'examples/autoscale.yaml',
      '--out',
      join(dir, 'a'),
      '--autoscaler',
      'examples/policies/fifo.js',
    );
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('fifo.js: exports no scale(ctx) function');
    const b = sim(
      '--config',
      'examples/autoscale.yaml',
      '--out',
      join(dir, 'b'),
      '--policy',
      'examples/policies/autoscaler-in-flight.js',
    );
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('run it with --autoscaler');
    const c = sim(
      '--config',
      'examples/contract.json',
      '--out',
      join(dir, 'c'),
      '--autoscaler',
      'examples/policies/autoscaler-in-flight.js',
    );
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('the config does not autoscale');
  }, 180_000);
});
