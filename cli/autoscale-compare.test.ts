// `npm run compare:autoscalers` as a user runs it: the report files, and a bad option named.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/autoscale-compare.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run compare:autoscalers', () => {
  it('writes the table, the results and the replicas plot for two policies on a step load', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'schedlab-ac-')), 'out');
    const r = run(
      '--scenario',
      'step_load',
      '--a',
      'keda',
      '--b',
      'ray_serve',
      '--seeds',
      '2',
      '--out',
      out,
    );
    expect(r.status).toBe(0);
    const table = readFileSync(join(out, 'table.md'), 'utf8');
    expect(r.stdout).toBe(table);
    expect(table).toContain('# ray_serve against keda on step_load');
    expect(table).toMatch(/\| SLO attainment \(higher is better\) \| \d+\.\d % \| \d+\.\d % \|/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.seeds).toEqual([1, 2]);
    expect(results.a.runs[0].arrived).toBe(results.b.runs[0].arrived);
    const svg = readFileSync(join(out, 'replicas.svg'), 'utf8');
    expect(svg).toContain('keda (A)');
    expect(svg).toContain('ray_serve (B)');
    expect(svg.match(/<path d="M/g)!.length).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('names a bad option and exits 2', () => {
    const r = run('--b', 'magic');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--b');
    expect(r.stderr).toContain('magic');
  }, 180_000);
});
