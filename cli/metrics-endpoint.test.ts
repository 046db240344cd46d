// `npm run sim -- --metrics-port P` as Prometheus sees it: an endpoint that answers while the run
// is busy, in the text format, with counters that grow; the Grafana dashboard in deploy/grafana
// reads only metrics the endpoint serves; a port in use is said before the run.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `npm run sim` on the config in `dir`, writing to `dir`/out and serving metrics on `port`. */
const simArgs = (dir: string, port: number, ...flags: string[]): string[] => [
  '--import',
  'tsx',
  'cli/sim.ts',
  '--config',
  join(dir, 'c.json'),
  '--out',
  join(dir, 'out'),
  ...flags,
  '--metrics-port',
  String(port),
];

// Long enough to scrape twice, the endpoint refreshing about once a second: 10M jobs with an
// autoscaled CPU pool take about 5 s on a quiet machine (2M took under 1 s, one refresh at most).
const config = {
  seed: 1,
  jobs: 10_000_000,
  arrivals: { process: 'poisson', rate_per_s: 1500 },
  mix: { interactive_ratio: 1, models: { resnet18: 1 } },
  lanes: [{ kind: 'cpu', count: 1 }],
  service: { dist: 'exponential', mean_ms: 1 },
  scheduler: { name: 'fifo' },
  autoscale: { enabled: true, min: 1, max: 4, policy: 'hpa' },
};

function arrived(text: string): number {
  const m = /^schedlab_jobs_total\{outcome="arrived"\} (\d+)$/m.exec(text);
  return m ? Number(m[1]) : -1;
}

describe('npm run sim -- --metrics-port', () => {
  it('serves Prometheus text while the run is busy, and the dashboard reads only what it serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedlab-metrics-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
    const port = await freePort();
    const child = spawn(process.execPath, simArgs(dir, port, '--no-trace', '--quiet'), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const scrapes: string[] = [];
    let type = '';
    for (let i = 0; i < 600 && scrapes.length < 2; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        const text = await res.text();
        type = res.headers.get('content-type') ?? '';
        if (arrived(text) > 0 && arrived(text) < config.jobs) {
          if (scrapes.length === 0 || arrived(text) > arrived(scrapes[0]!)) scrapes.push(text);
        }
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    const notFound = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.status);
    expect(await exited).toBe(0);
    expect(scrapes.length).toBe(2);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(notFound).toBe(404);
    // Every sample line is `name{labels} value`.
    for (const line of scrapes[1]!.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      expect(line).toMatch(/^schedlab_[a-z_]+(\{[^}]*\})? (-?[0-9.e+-]+|NaN)$/);
    }
    // The dashboard's queries name only metrics the endpoint serves.
    const served = new Set(scrapes[1]!.match(/^schedlab_[a-z_]+/gm));
    const dashboard = JSON.parse(readFileSync('deploy/grafana/schedlab.json', 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) =>
      p.targets.map((t) => t.expr),
    );
    expect(exprs.length).toBeGreaterThan(8);
    for (const expr of exprs) {
      for (const name of expr.match(/schedlab_[a-z_]+/g) ?? []) expect(served).toContain(name);
    }
    // After the run, the file holds the same families as the endpoint did.
    const file = readFileSync(join(dir, 'out', 'metrics.prom'), 'utf8');
    expect(arrived(file)).toBe(config.jobs);
  }, 300_000);

  it('says a port in use before the run and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedlab-metrics-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...config, jobs: 1000 }));
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const r = spawnSync(process.execPath, simArgs(dir, port), { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--metrics-port ${port}`);
      expect(r.stderr).toContain('in use');
      expect(existsSync(join(dir, 'out'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
