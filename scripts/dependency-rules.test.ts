// The import-graph rules (.dependency-cruiser.cjs, run by `npm run lint:deps` in `npm test`) catch
// what they promise: a small tree with one planted fault of each kind gets exactly those faults
// reported, and what the rules allow goes through. Guards the rules themselves, so that an edit to
// the config that stops them from seeing anything (a bad exclude, a path that no longer matches)
// fails here rather than passing every lint silently.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'schedlab-deps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function violations(): Violation[] {
  const r = spawnSync(
    join(ROOT, 'node_modules/.bin/depcruise'),
    ['--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', 'app', 'src'],
    { cwd: dir, encoding: 'utf8' },
  );
  const out = JSON.parse(r.stdout) as { summary: { violations: Violation[] } };
  return out.summary.violations;
}

describe('the import-graph rules', () => {
  it('report a type-only cycle and each forbidden import across the boundaries, and nothing else', () => {
    write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: { allowImportingTsExtensions: true, noEmit: true, strict: true },
      }),
    );
    // A type-only cycle in the engine.
    write('src/engine/a.ts', "import type { B } from './b.ts';\nexport type A = { b?: B };\n");
    write('src/engine/b.ts', "import type { A } from './a.ts';\nexport type B = { a?: A };\n");
    // The engine reaching up into the workers.
    write(
      'src/engine/up.ts',
      "import { side } from '../workers/side.ts';\nexport const u = side;\n",
    );
    write('src/workers/side.ts', 'export const side = 1;\n');
    write('src/workers/protocol.ts', 'export type Frame = { time: number };\n');
    // A worker importing the page.
    write(
      'src/workers/down.ts',
      "import { store } from '../../app/store.ts';\nexport const d = store;\n",
    );
    write('app/store.ts', 'export const store = 1;\n');
    // The page: the protocol is fine, a worker internal is not; a test may reach anything.
    write(
      'app/view.ts',
      "import type { Frame } from '../src/workers/protocol.ts';\nimport { side } from '../src/workers/side.ts';\nexport const v: Frame = { time: side };\n",
    );
    write(
      'app/view.test.ts',
      "import { side } from '../src/workers/side.ts';\nexport const t = side;\n",
    );

    const found = violations()
      .map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)
      .sort();
    expect(found).toEqual([
      'app-talks-through-the-protocol: app/view.ts -> src/workers/side.ts',
      'engine-is-pure: src/engine/up.ts -> src/workers/side.ts',
      // A cycle is reported once, at the first module of it found.
      'no-cycle: src/engine/a.ts -> src/engine/b.ts',
      'workers-no-app: src/workers/down.ts -> app/store.ts',
    ]);
  });
});
