// `npm run loadtest -- --live` as a user runs it, with real lanes (onnxruntime-web's WASM backend in
// Node worker threads) serving a small config: the counts are the engine's own ledger, latency from
// the intended send time is never below latency from the actual send for any request, a closed
// loop of N users with no think time keeps N requests outstanding, the lanes really ran (their
// answers counted, a model output read), and a GPU-class lane is reported as not run, with Node's
// reason, while the CPU lane serves. A config with no lane able to run fails, saying why.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Each run starts a Node process and its lane workers (several seconds a lane on 2 cores, a minute
// on a loaded machine), then serves for real: minutes allowed.
function loadtest(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/loadtest.ts', '--live', ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CONFIG = `seed: 3
arrivals: { process: poisson, rate_per_s: 40 }
mix: { interactive_ratio: 0.7, models: { ppocr_cls: 1 } }
lanes:
  - { kind: gpu, count: 1 }
  - { kind: cpu, count: 1 }
service: { dist: lognormal, mean_ms: 3, cv: 0.3 }
scheduler: { name: least_loaded }
queue: { capacity: 50 }
`;

interface Row {
  intended: number;
  actual: number;
  end: number;
  outcome: string;
}

function rows(csv: string): Row[] {
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe('id,intended_ms,actual_ms,end_ms,outcome');
  return lines.slice(1).map((l) => {
    const [, i, a, e, o] = l.split(',');
    return { intended: Number(i), actual: Number(a), end: e === '' ? NaN : Number(e), outcome: o! };
  });
}

function setup(config = CONFIG): { dir: string; config: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'schedlab-loadtest-live-'));
  writeFileSync(join(dir, 'service.yaml'), config);
  return { dir, config: join(dir, 'service.yaml'), out: join(dir, 'out') };
}

/** What the report and requests.csv must say of any live run. */
function checkRun(out: string) {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.target).toBe('live');
  const ledger = report.ledger;
  // The engine's own ledger, every job accounted for, and the report's counts are its counts.
  expect(ledger.arrived).toBe(
    ledger.completed + ledger.rejected + ledger.dropped + ledger.queued + ledger.running,
  );
  expect(report.sent).toBe(ledger.arrived);
  expect(report.succeeded).toBe(ledger.completed);
  expect(report.failed).toBe(ledger.arrived - ledger.completed);
  expect(report.sent).toBeGreaterThan(20);
  const requests = rows(readFileSync(join(out, 'requests.csv'), 'utf8'));
  expect(requests.length).toBe(report.sent);
  for (const r of requests) {
    // Sent when due or later, so the intended latency is never below the actual one.
    expect(r.actual).toBeGreaterThanOrEqual(r.intended);
    if (r.outcome === 'succeeded')
      expect(r.end - r.intended).toBeGreaterThanOrEqual(r.end - r.actual);
  }
  expect(report.latency_ms.intended.p99).toBeGreaterThanOrEqual(report.latency_ms.actual.p99);
  // The GPU-class lane could not start in Node and says why; the CPU lane served every success,
  // counted from its own answers, and its last answer is the classifier's output.
  const [gpu, cpu] = report.lanes;
  expect(gpu).toMatchObject({ name: 'gpu0', kind: 'gpu', backend: 'webgpu', ran: false, runs: 0 });
  expect(gpu.reason).toMatch(/Node has no WebGPU/);
  expect(cpu).toMatchObject({ name: 'cpu0', kind: 'cpu', backend: 'wasm', ran: true });
  expect(cpu.jobs).toBe(report.succeeded);
  expect(cpu.last_output).toMatch(/^(0|180)° \((0\.[5-9]\d|1\.00)\)$/);
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  expect(md).toMatch(/\| gpu0 \| gpu \| webgpu[^|]* \| no: Node has no WebGPU/);
  return { report, requests };
}

describe('npm run loadtest -- --live', () => {
  it('serves an open loop on real lanes with the counts of its ledger; the GPU lane is reported not run', () => {
    const { config, out } = setup();
    const r = loadtest('--config', config, '--duration', '3', '--out', out);
    expect(r.stderr).toContain('lane gpu0 (gpu, webgpu) did not run: Node has no WebGPU');
    expect(r.status, r.stderr).toBe(0);
    const { report } = checkRun(out);
    expect(report.mode).toBe('open');
    expect(report.what).toContain('against the live lanes of');
    for (const svg of ['per-second.svg', 'latency.svg'])
      expect(existsSync(join(out, svg))).toBe(true);
  }, 300_000);

  it('holds N requests in flight with N users and no think time, and sweeps users to a knee', () => {
    const { config, out } = setup();
    const users = 3;
    const r = loadtest(
      '--config',
      config,
      '--users',
      String(users),
      '--think-ms',
      '0',
      '--duration',
      '3',
      '--sweep',
      '1,3',
      '--repeats',
      '1',
      '--out',
      out,
    );
    expect(r.status, r.stderr).toBe(0);
    const { report, requests } = checkRun(out);
    expect(report.mode).toBe('closed');
    expect(report.max_in_flight).toBe(users);
    // Replay the timeline: answers before sends at the same instant. Once every user has sent,
    // each send (a user's next request, the moment its answer is in) brings the count back to N.
    const events = requests.flatMap((q) => [
      { t: q.actual, d: 1 },
      ...(Number.isFinite(q.end) ? [{ t: q.end, d: -1 }] : []),
    ]);
    events.sort((a, b) => a.t - b.t || a.d - b.d);
    let inFlight = 0;
    let sends = 0;
    for (const [k, e] of events.entries()) {
      inFlight += e.d;
      if (e.d === 1) sends++;
      const lastAtThisTime = events[k + 1]?.t !== e.t;
      if (e.d === 1 && sends >= users && lastAtThisTime) expect(inFlight).toBe(users);
    }
    expect(report.sweep.kind).toBe('users');
    expect(report.sweep.points.map((p: { level: number }) => p.level)).toEqual([1, 3]);
    expect([1, 3]).toContain(report.sweep.knee.level);
    expect(readFileSync(join(out, 'knee-throughput.svg'), 'utf8')).toContain(
      `knee: ${report.sweep.knee.level}`,
    );
  }, 300_000);

  it('fails clearly when no lane can run', () => {
    const { config, out } = setup(CONFIG.replace('  - { kind: cpu, count: 1 }\n', ''));
    const r = loadtest('--config', config, '--duration', '1', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no lane can run: gpu0 \(webgpu\): Node has no WebGPU/);
    expect(existsSync(join(out, 'report.json'))).toBe(false);
  }, 300_000);
});
