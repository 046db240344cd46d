// Issue 19: files, folders and user code that cannot hurt the person who runs them. One test per
// numbered defect and minor point that the CLI meets: `npm run sim` in-process through its own
// `main`, the sweep and the merge as the compiled CLI in separate processes (as users run them).

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from './build-cli.mjs';
import { parseOptions, OptionError } from './io/options.ts';
import { TraceCache, PARSED_TRACE_BUDGET } from './sweep/plan.ts';
import { k8sProblems } from './sweep/k8s.ts';
import { main as sim } from './run-sim.ts';
import { parseConfig } from '../src/engine/config.ts';

const ROOT = resolve('.');
const OUT = `.cache/cli-hostile-${process.pid}`;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A compiled CLI command in its own process, in `cwd`. */
function run(command: string, args: string[], cwd = ROOT): Result {
  const r = spawnSync(process.execPath, [join(ROOT, OUT, `${command}.mjs`), ...args], {
    encoding: 'utf8',
    cwd,
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `npm run sim` in-process: status and stderr. */
function simRun(...args: string[]): { status: number; stderr: string } {
  const err: string[] = [];
  const status = sim([...args, '--quiet'], { out: () => undefined, err: (l) => err.push(l) });
  return { status, stderr: err.join('\n') };
}

const CONFIG = {
  jobs: 300,
  arrivals: { process: 'poisson', rate_per_s: 200 },
  lanes: [{ kind: 'cpu', count: 2 }],
  service: { dist: 'exponential', mean_ms: 2 },
};

let dir: string;
let n = 0;
/** A fresh folder under the test's temp folder. */
function fresh(): string {
  const d = join(dir, `case-${n++}`);
  mkdirSync(d);
  return d;
}

function writeConfig(d: string, config: unknown = CONFIG, name = 'c.json'): string {
  const path = join(d, name);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

/** A small sweep folder (2 runs) made by the compiled CLI. */
function smallSweep(d: string, out: string, extra: string[] = []): Result {
  const config = join(d, 'base.yaml');
  const grid = join(d, 'grid.yaml');
  writeFileSync(
    config,
    'jobs: 200\narrivals: { process: poisson, rate_per_s: 100 }\nlanes: [{ kind: cpu }]\nservice: { dist: exponential, mean_ms: 2 }\n',
  );
  writeFileSync(grid, 'seed: [1, 2]\n');
  return run('sweep', [
    '--config',
    config,
    '--grid',
    grid,
    '--out',
    out,
    '--workers',
    '1',
    '--quiet',
    ...extra,
  ]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schedlab-files-'));
  await buildCli(ROOT, OUT);
}, 120_000);

afterAll(() => {
  rmSync(join(ROOT, OUT), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('issue 19: files and folders', () => {
  it('1: a run key from a shard that is not 16 hex characters is refused; nothing outside --out is written', () => {
    const d = fresh();
    expect(smallSweep(d, join(d, 'shard')).status).toBe(0);
    // A hostile shard: a key that would make runs/<key>.json land on ./package.json.
    const manifestPath = join(d, 'shard', 'sweep.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      runs: { key: string }[];
    };
    manifest.runs[0]!.key = '../../package';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(join(d, 'package.json'), '{"name":"victim"}\n');
    const r = run('sweep-merge', [join(d, 'shard'), '--out', join(d, 'merged')], d);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/sweep\.json: runs\[0\]\.key: .*16 hex characters/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(d, 'package.json'), 'utf8')).toBe('{"name":"victim"}\n');
    expect(existsSync(join(d, 'merged'))).toBe(false);
  });

  it('2: devices, FIFOs, folders and huge files are refused as inputs, naming them, at once', () => {
    const d = fresh();
    const fifo = join(d, 'fifo');
    spawnSync('mkfifo', [fifo]);
    const sparse = join(d, 'sparse.json');
    writeFileSync(sparse, '');
    truncateSync(sparse, 5 * 1024 ** 3);
    const out = join(d, 'out');
    const cases: [string[], RegExp][] = [
      [['--config', '/dev/zero'], /--config: \/dev\/zero: a device, not a file/],
      [['--config', fifo], /a FIFO \(named pipe\), not a file/],
      [['--config', d], /a folder, not a file/],
      [['--config', sparse], /5,120 MiB, more than the 64 MiB allowed/],
      [['--config', writeConfig(d), '--policy', fifo], /--policy: .*a FIFO/],
    ];
    for (const [args, message] of cases) {
      const started = performance.now();
      const r = simRun(...args, '--out', out);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(performance.now() - started).toBeLessThan(5000);
    }
    const trace = writeConfig(d, {
      ...CONFIG,
      arrivals: { process: 'trace', format: 'rps', file: '/dev/zero' },
    });
    const r = simRun('--config', trace, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/arrivals\.file: \/dev\/zero: a device, not a file/);
    expect(existsSync(out)).toBe(false);
  });

  it('3: --workers is bounded and the trace cache keeps at most its budget', () => {
    const d = fresh();
    const r = smallSweep(d, join(d, 'out'), ['--workers', '300']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--workers: "300" is not a whole number from 1 to \d+/);
    // 4,000 timestamps at 40 rate_scale values: each parse is kept only while it fits the budget.
    const text = `t\n${Array.from({ length: 4000 }, (_, i) => i).join('\n')}\n`;
    const cache = new TraceCache();
    const held: unknown[] = [];
    for (let k = 1; k <= 40; k++) {
      const arrivals = parseConfig({
        ...CONFIG,
        arrivals: { process: 'trace', format: 'timestamps', data: text, rate_scale: k },
      }).arrivals;
      held.push(cache.parse(arrivals, text, 'sha'));
    }
    const internal = cache as unknown as { parsedBytes: number; parsed: Map<string, unknown> };
    expect(internal.parsedBytes).toBeLessThanOrEqual(PARSED_TRACE_BUDGET);
    expect(internal.parsed.size).toBe(40); // 32 KB each: all fit
    expect(held).toHaveLength(40);
  });

  it('7: a damaged record is run again on resume; a damaged shard is refused by merge, nothing written', () => {
    const d = fresh();
    const out = join(d, 'sweep');
    expect(smallSweep(d, out).status).toBe(0);
    const runs = readdirSync(join(out, 'runs'));
    const victim = join(out, 'runs', runs[0]!);
    const record = JSON.parse(readFileSync(victim, 'utf8')) as Record<string, unknown>;
    delete record.figures;
    writeFileSync(victim, JSON.stringify(record));
    const again = smallSweep(d, out);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/figures: required.*: run \d runs again/);
    expect(again.stdout).toMatch(/^2 runs: 1 ran, 1 done before/);
    // A shard with a bad sketch, and one whose runs is not a list.
    const bad = JSON.parse(readFileSync(victim, 'utf8')) as { sketches: { latency: string } };
    bad.sketches.latency = 'not base64 protobuf!';
    writeFileSync(victim, JSON.stringify(bad));
    const merged = join(d, 'merged');
    const m = run('sweep-merge', [out, '--out', merged]);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/sketches\.latency: not a serialised sketch; nothing written/);
    expect(existsSync(merged)).toBe(false);
    const manifest = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(join(out, 'sweep.json'), JSON.stringify({ ...manifest, runs: 'x' }));
    const m2 = run('sweep-merge', [out, '--out', merged]);
    expect(m2.status).toBe(2);
    expect(m2.stderr).toMatch(/sweep\.json: runs: expected a list, found the string "x"/);
    expect(m2.stderr).not.toMatch(/\n\s+at /);
  });

  it('8: Kubernetes names, images and quantities are checked against their rules', () => {
    const o = {
      shards: 2,
      parallelism: 2,
      image: 'registry.example.com/schedlab-sweep:1',
      name: 'schedlab-sweep-abc',
      pvc: 'results.claim-1',
      storage: '1Gi',
      cpus: 2,
      memory: '512Mi',
    };
    expect(k8sProblems(o)).toEqual([]);
    expect(k8sProblems({ ...o, pvc: 'Bad_PVC.Name' })[0]).toMatch(/--pvc: .*DNS-1123 subdomain/);
    expect(k8sProblems({ ...o, name: 'x'.repeat(300) })[0]).toMatch(/--name: .*DNS-1123 label/);
    expect(k8sProblems({ ...o, name: 'good\nkind: Secret' })[0]).toMatch(/--name: "good\\nkind/);
    expect(k8sProblems({ ...o, image: '' })[0]).toMatch(/--image: "" is not an image/);
    expect(k8sProblems({ ...o, memory: '1e20' })[0]).toMatch(/--memory: .*quantity/);
    const d = fresh();
    const cpus = smallSweep(d, join(d, 'k8s'), [
      '--emit',
      'k8s',
      '--shards',
      '2',
      '--cpus',
      '1e20',
    ]);
    expect(cpus.status).toBe(2);
    expect(cpus.stderr).toMatch(/--cpus: "1e20" is not a whole number from 1 to 1,024/);
  });

  it('9: a link inside --out is replaced, never written through', () => {
    const d = fresh();
    const out = join(d, 'out');
    mkdirSync(out);
    const target = join(d, 'precious.txt');
    writeFileSync(target, 'keep me\n');
    symlinkSync(target, join(out, 'trace.csv'));
    symlinkSync(target, join(out, 'summary.json'));
    expect(simRun('--config', writeConfig(d), '--out', out).status).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(out, 'trace.csv')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(out, 'trace.csv'), 'utf8')).toMatch(/^id,class,model/);
    // A link where the sweep keeps its runs is refused, not followed.
    const sweepOut = join(d, 'sweep');
    mkdirSync(sweepOut);
    symlinkSync(d, join(sweepOut, 'runs'));
    const r = smallSweep(d, sweepOut);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/runs is a link: refused to write through it/);
  });

  it('10: control bytes in messages reach the terminal escaped', () => {
    const d = fresh();
    const config = writeConfig(d, '{"jobs": \u001b]0;pwned\u0007}', 'c\u001b[31m.json');
    const r = simRun('--config', config, '--out', join(d, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).not.toContain('\u0007');
    expect(r.stderr).toContain('\\u001b');
    const grid = join(d, 'grid.yaml');
    writeFileSync(
      join(d, 'base.yaml'),
      'jobs: 10\narrivals: { process: poisson, rate_per_s: 10 }\nlanes: [{kind: cpu}]\nservice: {dist: exponential, mean_ms: 1}\n',
    );
    writeFileSync(grid, 'scheduler.name: ["fifo\\u0007\\u001b[2J"]\n');
    const s = run('sweep', [
      '--config',
      join(d, 'base.yaml'),
      '--grid',
      grid,
      '--out',
      join(d, 'o'),
    ]);
    expect(s.status).toBe(2);
    expect(s.stderr).not.toContain('\u001b');
    expect(s.stderr).not.toContain('\u0007');
    expect(s.stderr).toContain('\\u0007');
  });

  it('11: --out is checked before any work, and /proc is refused at once', () => {
    const d = fresh();
    for (const out of ['/proc/x', '/sys/schedlab']) {
      const started = performance.now();
      const r = simRun('--config', writeConfig(d), '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--out: .* is inside \/(proc|sys), not a place for results/);
      expect(performance.now() - started).toBeLessThan(5000);
    }
    const file = join(d, 'a-file');
    writeFileSync(file, 'x');
    const compare = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/compare.ts', '--out', file, '--jobs', '100000'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(compare.status).toBe(2);
    expect(compare.stderr).toMatch(/exists and is not a folder/);
    expect(compare.stderr).not.toMatch(/load \d+% done/);
    const sweep = smallSweep(d, file);
    expect(sweep.status).toBe(2);
    expect(sweep.stderr).toMatch(/--out: .*a-file exists and is not a folder/);
  });
});

describe('issue 19: minor points', () => {
  it('a byte-order mark is read past, not shown in a message', () => {
    const d = fresh();
    const ok = simRun(
      '--config',
      writeConfig(d, `\ufeff${JSON.stringify(CONFIG)}`),
      '--out',
      join(d, 'a'),
    );
    expect(ok.status).toBe(0);
    const bad = simRun('--config', writeConfig(d, '\ufeff{"jobs": }'), '--out', join(d, 'b'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toContain('\ufeff');
    expect(bad.stderr).toMatch(/not valid JSON/);
  });

  it('!!omap is named, not "expected an object, found an object"', () => {
    const d = fresh();
    const yaml = [
      'jobs: 10',
      'arrivals: { process: poisson, rate_per_s: 10 }',
      'mix:',
      '  models: !!omap',
      '    - resnet18: 1',
      'lanes: [{kind: cpu}]',
      'service: {dist: exponential, mean_ms: 1}',
    ].join('\n');
    const r = simRun('--config', writeConfig(d, yaml, 'c.yaml'), '--out', join(d, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/mix\.models: .*found an ordered map \(YAML !!omap\)/);
  });

  it('a key given twice in JSON is refused, as YAML does', () => {
    const d = fresh();
    const json =
      '{\n"jobs": 10,\n"arrivals": {"process": "poisson", "rate_per_s": 10},\n"jobs": 20,\n"lanes": [{"kind": "cpu"}],\n"service": {"dist": "exponential", "mean_ms": 1}\n}';
    const r = simRun('--config', writeConfig(d, json), '--out', join(d, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/c\.json:4: the key "jobs" appears twice in one object/);
  });

  it('a grid path to an unknown field is blamed on the grid entry', () => {
    const d = fresh();
    writeFileSync(
      join(d, 'base.yaml'),
      'jobs: 10\narrivals: { process: poisson, rate_per_s: 10 }\nlanes: [{kind: cpu}]\nservice: {dist: exponential, mean_ms: 1}\n',
    );
    writeFileSync(join(d, 'grid.yaml'), 'arrivals.bogus: [1, 2]\n');
    const r = run('sweep', [
      '--config',
      join(d, 'base.yaml'),
      '--grid',
      join(d, 'grid.yaml'),
      '--out',
      join(d, 'o'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/grid\.yaml: arrivals\.bogus: not a config field$/);
  });

  it('options are strict: a repeated flag, an unsafe integer and a hex number exit 2', () => {
    const spec = {
      shards: { type: 'int', min: 1, max: 10_000 },
      'p99-ms': { type: 'number', min: 0, above: true, max: 1e9 },
      out: { type: 'string' },
    } as const;
    expect(() => parseOptions(['--out', 'a', '--out', 'b'], spec)).toThrow(
      /--out: given more than once/,
    );
    expect(() => parseOptions(['--shards', '1e20'], spec)).toThrow(
      /--shards: "1e20" is not a whole number/,
    );
    expect(() => parseOptions(['--p99-ms', '0x10'], spec)).toThrow(OptionError);
    expect(parseOptions(['--p99-ms', '12.5'], spec).values['p99-ms']).toBe(12.5);
    const d = fresh();
    const r = smallSweep(d, join(d, 'o'), ['--shards', '1e20', '--shard', '0']);
    expect(r.status).toBe(2);
    const v = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/validate.ts', '--jobs', '5', '--jobs', '6'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/validate: --jobs: given more than once/);
  });

  it('a pseudo-file such as /proc/self/environ is refused, its content never echoed', () => {
    const d = fresh();
    const config = writeConfig(d, {
      ...CONFIG,
      arrivals: { process: 'trace', format: 'rps', file: '/proc/self/environ' },
    });
    const r = simRun('--config', config, '--out', join(d, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\/proc\/self\/environ: a pseudo-file/);
    expect(r.stderr).not.toMatch(/PATH=|HOME=/);
  });

  it('a NUL byte in a model name is written to trace.csv as U+FFFD', () => {
    const d = fresh();
    const out = join(d, 'out');
    const r = simRun(
      '--config',
      writeConfig(d, { ...CONFIG, mix: { models: { 'a\u0000b': 1 } } }),
      '--out',
      out,
    );
    expect(r.status).toBe(0);
    const trace = readFileSync(join(out, 'trace.csv'), 'utf8');
    expect(trace).not.toContain('\u0000');
    expect(trace).toContain('a\ufffdb');
  });

  it('a run whose first arrival is past its end says so', () => {
    const d = fresh();
    const r = simRun(
      '--config',
      writeConfig(d, {
        ...CONFIG,
        jobs: undefined,
        duration_s: 0.001,
        arrivals: { process: 'poisson', rate_per_s: 0.001 },
      }),
      '--out',
      join(d, 'out'),
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /no job arrived: the first arrival comes after the run's end \(duration_s 0\.001 s\)/,
    );
  });
});
