// Fuzzing the classes of input issue 19 added: file kinds (FIFO, device, folder, symbolic link,
// huge sparse file) wherever the CLI reads a file; user policies that schedule work for later,
// throw exotic values or replace built-ins; deep Markdown in lessons; corrupted sweep stores and
// shards; hostile run keys and output names. Every case ends in a clear message, or a run whose
// ledger balances, within bounded time; nothing is written outside the output folder.

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/run-sim.ts';
import { OutputError, OutputFolder } from '../cli/io/output-folder.ts';
import { runName } from '../cli/sweep/store.ts';
import { checkManifest, checkRunRecord } from '../cli/sweep/store-schema.ts';
import { sha256Hex } from '../cli/sweep/canonical.ts';
import { encodeSketch, FIGURES, RUN_FORMAT } from '../cli/sweep/run-record.ts';
import { DDSketch } from '@datadog/sketches-js';
import { parseLesson } from '../app/lessons/parse.ts';
import { Markdown } from '../app/lessons/markdown.tsx';
import {
  CASE_MS,
  budget,
  expectBalanced,
  expectClearMessage,
  tally,
  tallyReport,
} from './check.ts';

const root = mkdtempSync(join(tmpdir(), 'schedlab-fuzz-files-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  console.log(tallyReport());
});

const CONFIG = {
  jobs: 200,
  arrivals: { process: 'poisson', rate_per_s: 300 },
  lanes: [{ kind: 'cpu', count: 2 }],
  service: { dist: 'exponential', mean_ms: 3 },
};
const FIFO =
  'const lane = ctx.lanes.find((l) => l.available); return lane ? { job: ctx.queue[0], lane } : null;';

let caseNo = 0;
function caseDir(): string {
  const d = join(root, String(++caseNo));
  mkdirSync(d);
  return d;
}

function sim(args: string[]): { status: number; stderr: string } {
  const err: string[] = [];
  const status = main([...args, '--quiet', '--max-events', '20000'], {
    out: () => undefined,
    err: (l) => err.push(l),
  });
  return { status, stderr: err.join('\n') };
}

/** A file of one hostile kind at `path` (or an existing path for devices). */
function makeKind(kind: string, d: string, name: string): string {
  const path = join(d, name);
  switch (kind) {
    case 'fifo':
      spawnSync('mkfifo', [path]);
      return path;
    case 'device':
      return '/dev/zero';
    case 'urandom':
      return '/dev/urandom';
    case 'folder':
      mkdirSync(path);
      return path;
    case 'dangling link':
      symlinkSync(join(d, 'nowhere'), path);
      return path;
    case 'link to a device':
      symlinkSync('/dev/zero', path);
      return path;
    case 'sparse':
      writeFileSync(path, '');
      truncateSync(path, 3 * 1024 ** 3);
      return path;
    case 'proc':
      return '/proc/self/environ';
    default:
      throw new Error(kind);
  }
}

const KINDS = [
  'fifo',
  'device',
  'urandom',
  'folder',
  'dangling link',
  'link to a device',
  'sparse',
  'proc',
] as const;

describe('fuzz: issue 19 classes', () => {
  it('file kinds as --config, --policy or arrivals.file: refused at once, naming the file', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.constantFrom('config', 'policy', 'trace'),
        (kind, where) => {
          const d = caseDir();
          const hostile = makeKind(kind, d, 'hostile');
          const config = join(d, 'c.json');
          writeFileSync(
            config,
            JSON.stringify(
              where === 'trace'
                ? { ...CONFIG, arrivals: { process: 'trace', format: 'rps', file: hostile } }
                : CONFIG,
            ),
          );
          const args =
            where === 'config'
              ? ['--config', hostile]
              : where === 'policy'
                ? ['--config', config, '--policy', hostile]
                : ['--config', config];
          const started = performance.now();
          const r = sim([...args, '--out', join(d, 'out')]);
          expect(performance.now() - started).toBeLessThan(5000);
          expect(r.status).toBe(2);
          expectClearMessage(r.stderr);
          expect(r.stderr).toContain(hostile);
          expect(existsSync(join(d, 'out'))).toBe(false);
          tally('file kinds', 'refused');
        },
      ),
      budget(16, 200),
    );
  });

  const fragment = fc.constantFrom(
    'Promise.resolve().then(() => { for (;;) {} });',
    '(async () => { for (;;) { await null; } })();',
    'Array.prototype.push = function () { return 0; };',
    'Array.prototype[Symbol.iterator] = function* () { for (;;) yield 1; };',
    'Object.prototype.get = function () { return 1; };',
    'Function.prototype.call = function () { for (;;) {} };',
    'JSON.stringify = () => "x";',
    'try { Math.max = () => NaN; } catch (e) {}',
    "try { ctx.fits.constructor('return globalThis')().x = 1; } catch (e) {}",
    'if (ctx.queue.length > 3) throw new Proxy({}, { getPrototypeOf() { throw 1; }, get() { throw 2; } });',
    'if (ctx.queue.length > 2) throw Object.defineProperty({}, "message", { get() { for (;;) {} } });',
    'if (ctx.queue.length > 5) throw Symbol("x");',
    'if (ctx.queue.length > 4) return new Proxy({}, { get() { for (;;) {} } });',
    'ctx.wakeAt(ctx.now + 1e-9);',
    'if (ctx.queue.length > 6) for (;;) {}',
    'const self2 = ctx.queue; self2.length = 0;',
    'Object.freeze(ctx.queue); Object.freeze(ctx.lanes);',
    'Object.defineProperty(Array.prototype, "0", { set() { for (;;) {} }, configurable: true });',
    '',
  );

  it('policies that schedule work, throw exotic values or replace built-ins: the run ends, balanced', () => {
    fc.assert(
      fc.property(
        fc.array(fragment, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (parts, top) => {
          const d = caseDir();
          writeFileSync(join(d, 'c.json'), JSON.stringify(CONFIG));
          const body = parts.join('\n');
          writeFileSync(
            join(d, 'p.js'),
            `${top ? parts[0] : ''}\nexport default { decide(ctx) {\n${body}\n${FIFO}\n} };\n`,
          );
          const out = join(d, 'out');
          const started = performance.now();
          const r = sim(['--config', join(d, 'c.json'), '--policy', join(d, 'p.js'), '--out', out]);
          expect(performance.now() - started).toBeLessThan(CASE_MS);
          expect([0, 2, 3], r.stderr).toContain(r.status);
          if (r.status === 2) {
            // The policy's own error (its JavaScript message), located, never a stack trace.
            expect(r.stderr).toMatch(/^sim: .*p\.js:\d+:\d+: /);
            expect(r.stderr).not.toMatch(/\n\s+at /);
            tally('hostile policies', 'refused');
            return;
          }
          const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
            ledger: Parameters<typeof expectBalanced>[0];
          };
          expectBalanced(summary.ledger);
          // The CLI's own built-ins are untouched.
          const probe: number[] = [];
          probe.push(1);
          expect(probe).toEqual([1]);
          expect(Math.max(1, 2)).toBe(2);
          tally('hostile policies', r.status === 3 ? 'stopped at a limit' : 'ran');
        },
      ),
      budget(24, 400),
    );
  });

  const markdownLine = fc.oneof(
    fc.integer({ min: 0, max: 3000 }).map((n) => '>'.repeat(n) + ' x'),
    fc.integer({ min: 0, max: 1500 }).map((n) => '- '.repeat(n) + 'x'),
    fc.integer({ min: 0, max: 800 }).map((n) => '1. '.repeat(n) + 'x'),
    fc.integer({ min: 0, max: 200 }).map((n) => ' '.repeat(n * 2) + '- x'),
    fc.string({ maxLength: 60 }),
  );

  it('deep Markdown in lessons: refused at import or rendered, never a stack overflow', () => {
    fc.assert(
      fc.property(fc.array(markdownLine, { minLength: 1, maxLength: 4 }), (lines) => {
        const text = lines.join('\n').slice(0, 4000);
        const lesson = `id: deep\norder: 1\ntitle: Deep\nsummary: Deep Markdown.\nsteps:\n  - title: One\n    text: ${JSON.stringify(text || 'x')}\n    setup: { settings: { load: 0.5 } }\n`;
        const r = parseLesson(lesson, 'deep.yaml');
        if (!r.ok) {
          expectClearMessage(r.problems.join('\n'));
          tally('deep Markdown', 'refused');
          return;
        }
        // Whatever was accepted renders; the renderer also stands alone against deep text.
        expect(() => renderToStaticMarkup(createElement(Markdown, { text }))).not.toThrow();
        tally('deep Markdown', 'rendered');
      }),
      budget(40, 2000),
    );
  });

  function validStore(): { manifest: Record<string, unknown>; record: Record<string, unknown> } {
    const sketch = new DDSketch({ relativeAccuracy: 0.01 });
    sketch.accept(5);
    const encoded = encodeSketch(sketch);
    const key = '0123456789abcdef';
    const record = {
      format: RUN_FORMAT,
      key,
      engine_version: '0.1.0 abc',
      seed: 1,
      params: { seed: 1 },
      figures: Object.fromEntries(FIGURES.map((f) => [f, 1])),
      sketches: {
        latency: encoded,
        latency_interactive: encoded,
        latency_batch: encoded,
        wait: encoded,
      },
      maxima: { latency: 5, latency_interactive: 5, latency_batch: 5, wait: 5 },
      wall_s: 0.1,
    };
    const manifest = {
      format: 'schedlab.sweep/1',
      id: sha256Hex(key).slice(0, 16),
      engine_version: '0.1.0 abc',
      axes: [{ path: 'seed', values: [1] }],
      runs: [{ index: 0, key, values: [1], seed: 1 }],
      shard: null,
    };
    return { manifest, record };
  }

  const junk = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string({ maxLength: 30 }),
    fc.double(),
    fc.integer(),
    fc.constant([]),
    fc.constant({}),
    fc.constant('../../package'),
    fc.constant('not base64 protobuf!'),
  );

  /** Set (or delete, for undefined) the value at a random path of `obj`. */
  function mutate(obj: unknown, path: number[], value: unknown): unknown {
    const copy = structuredClone(obj) as Record<string, unknown>;
    let node: Record<string, unknown> = copy;
    for (let i = 0; i < path.length; i++) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const k = keys[path[i]! % keys.length]!;
      const child = node[k];
      if (i === path.length - 1 || typeof child !== 'object' || child === null) {
        if (value === undefined) delete node[k];
        else node[k] = value;
        break;
      }
      node = child as Record<string, unknown>;
    }
    return copy;
  }

  it('corrupted sweep stores and shards: a record or manifest is accepted whole or refused with one line', () => {
    const { manifest, record } = validStore();
    expect(checkManifest(JSON.stringify(manifest)).ok).toBe(true);
    expect(checkRunRecord(JSON.stringify(record), '0123456789abcdef').ok).toBe(true);
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        junk,
        fc.boolean(),
        fc.option(fc.nat(200)),
        (path, value, which, truncate) => {
          const base = which ? manifest : record;
          let text = JSON.stringify(mutate(base, path, value));
          if (truncate !== null) text = text.slice(0, truncate);
          const r = which ? checkManifest(text) : checkRunRecord(text, '0123456789abcdef');
          if (!r.ok) {
            expect(r.problem.split('\n')).toHaveLength(1);
            expectClearMessage(r.problem);
            tally('corrupted stores', 'refused');
          } else tally('corrupted stores', 'accepted');
        },
      ),
      budget(200, 20_000),
    );
  });

  it('hostile run keys and output names: refused, or a file inside the output folder', () => {
    const d = caseDir();
    const out = OutputFolder.check(join(d, 'out'));
    const key = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^[0-9a-f]{16}$/),
      fc.constantFrom('../../package', '..', '/etc/passwd', 'a/../../b', '0123456789abcdef/..', ''),
    );
    fc.assert(
      fc.property(key, (k) => {
        let name: string;
        try {
          name = runName(k);
        } catch {
          expect(/^[0-9a-f]{16}$/.test(k)).toBe(false);
          tally('hostile run keys', 'refused');
          return;
        }
        let written: string;
        try {
          written = out.write(name, '{}');
        } catch (e) {
          expect(e).toBeInstanceOf(OutputError);
          tally('hostile run keys', 'refused');
          return;
        }
        const rel = relative(out.path, written);
        expect(rel.startsWith('..')).toBe(false);
        expect(rel).toBe(`runs/${k}.json`);
        tally('hostile run keys', 'written inside');
      }),
      budget(200, 20_000),
    );
    // Output names straight from data, as a careless caller might pass them.
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (name) => {
        try {
          const written = out.write(name, 'x');
          expect(relative(out.path, written).startsWith('..')).toBe(false);
        } catch (e) {
          expect(e).toBeInstanceOf(OutputError);
        }
      }),
      budget(200, 20_000),
    );
  });
});
