// The compiled CLI behind `npm run sim`/`sweep`: built on first use, rebuilt when a source changes
// (and saying so), never run stale. Tested on a copy of the sources so that edits stay local.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the compiled CLI', () => {
  it('is built on first use, reused while current, rebuilt when a source changes', () => {
    const root = mkdtempSync(join(tmpdir(), 'schedlab-launch-'));
    for (const p of ['cli', 'src', 'package.json', 'package-lock.json']) {
      cpSync(resolve(p), join(root, p), { recursive: true });
    }
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    const config = join(root, 'c.json');
    const contract = JSON.parse(readFileSync('examples/contract.json', 'utf8')) as object;
    writeFileSync(config, JSON.stringify({ ...contract, jobs: 10 }));
    const sim = (env: NodeJS.ProcessEnv = {}) =>
      spawnSync(
        process.execPath,
        [
          join(root, 'cli', 'launch.mjs'),
          'sim',
          '--config',
          config,
          '--out',
          join(root, 'out'),
          '--quiet',
        ],
        { encoding: 'utf8', env: { ...process.env, ...env } },
      );

    const first = sim();
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(
      /^sim: rebuilt the compiled CLI \(there is no compiled CLI yet\) in [\d.]+ s\n$/,
    );
    expect(first.stdout).toMatch(/^10 arrived: 10 completed/);
    expect(sim().stderr).toBe('');

    // A checkout that only touches times: the contents match, no rebuild.
    const simTs = join(root, 'cli', 'run-sim.ts');
    utimesSync(simTs, new Date(), new Date(Date.now() + 5000));
    const touched = sim();
    expect(touched.stderr).toBe('');

    // A real change is compiled in before the command runs, and said.
    writeFileSync(simTs, readFileSync(simTs, 'utf8').replace('; results in ', '; output in '));
    const changed = sim();
    expect(changed.stderr).toMatch(/^sim: rebuilt the compiled CLI \(cli\/run-sim\.ts changed\)/);
    expect(changed.stdout).toMatch(/; output in /);

    // Where rebuilding is not allowed, a stale build is refused, never run.
    const engineFile = join(root, 'src', 'engine', 'summary.ts');
    writeFileSync(engineFile, readFileSync(engineFile, 'utf8') + '\n');
    const refused = sim({ SCHEDLAB_CLI_NO_BUILD: '1' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      'sim: the compiled CLI is out of date (src/engine/summary.ts changed); run `npm run build:cli`\n',
    );
  });
});
