// The README and docs/ say only what is true of the tree: every link and picture resolves (anchors
// included), every command names a script, file or tool that is there, every flag is one its
// command accepts, every quoted path exists, and every npm script is listed in docs/commands.md.
// The checker is tried on broken pages too, so a check that cannot fail does not pass unnoticed.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, commandsIn, DocsChecker } from './docs-check.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const checker = new DocsChecker(ROOT);
const PAGES = [
  'README.md',
  ...readdirSync(new URL('../docs', import.meta.url))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

describe('README.md and docs/*.md', () => {
  it.each(PAGES)('%s: links, commands, flags and paths are true', (path) => {
    const [page] = checker.pages([path]);
    const problems = checker.checkPage(page!).map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(problems).toEqual([]);
  });

  it('docs/commands.md lists every npm script (its pre- hooks aside)', () => {
    const [page] = checker.pages(['docs/commands.md']);
    const missing = checker.scriptNames.filter(
      (s) =>
        !/^pre|^post/.test(s) &&
        !page!.text.includes(`\`npm run ${s}\``) &&
        !page!.text.includes(`\`npm ${s}\``),
    );
    expect(missing).toEqual([]);
  });

  it('the README stays a three-minute read (at most 150 lines)', () => {
    const [readme] = checker.pages(['README.md']);
    expect(readme!.text.split('\n').length).toBeLessThanOrEqual(150);
  });
});

/**
 * Folders that are built, installed or written by commands (not the tree a contributor reads), and
 * .github, where a README.md would replace the root README on the repository's front page.
 */
const NOT_OURS = new Set([
  '.github',
  '.git',
  'node_modules',
  'dist',
  'dist-cli',
  '.cache',
  'out',
  'test-results',
  'playwright-report',
  'public/models',
]);

/** Every folder of the tree, relative to the root ('' for the root itself). */
function folders(dir = ''): string[] {
  const here = readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => (dir === '' ? e.name : `${dir}/${e.name}`))
    .filter((d) => !NOT_OURS.has(d) && !d.startsWith('dist-cli'));
  return [dir, ...here.flatMap((d) => folders(d))];
}

describe("each folder's README", () => {
  const all = folders();
  const readmes = all
    .map((d) => (d === '' ? 'README.md' : `${d}/README.md`))
    .filter((f) => f !== 'README.md' && !f.startsWith('docs/'));

  it('exists in every folder, saying what lives there and what it may import', () => {
    expect(readmes.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });

  it('has links, commands, flags and paths that are true', () => {
    const problems = checker
      .pages(readmes.filter((f) => existsSync(join(ROOT, f))))
      .flatMap((page) => checker.checkPage(page))
      .map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(problems).toEqual([]);
  });
});

describe('the checker', () => {
  const broken = (text: string): string[] =>
    checker.checkPage({ path: 'docs/broken.md', text }).map((p) => p.message);

  it('finds a link to a missing file or heading', () => {
    expect(broken('[a](nowhere.md)')).toEqual(['nowhere.md: no file docs/nowhere.md']);
    expect(broken('[a](hosting.md#no-such-heading)')).toEqual([
      'hosting.md#no-such-heading: docs/hosting.md has no heading #no-such-heading',
    ]);
    expect(broken('[a](hosting.md#load-times) [b](../README.md#set-up)')).toEqual([]);
    expect(broken('![p](missing.png)')).toEqual(['missing.png: no file docs/missing.png']);
  });

  it('slugs headings as GitHub does', () => {
    const anchors = anchorsOf('# Is it right? (`npm run validate`)\n\n## Set up\n\n## Set up\n');
    expect([...anchors]).toEqual(['is-it-right-npm-run-validate', 'set-up', 'set-up-1']);
  });

  it('finds a script that is not there, and a flag its command refuses', () => {
    expect(broken('`npm run simulate`')).toEqual([
      'npm run simulate: package.json has no script "simulate"',
    ]);
    expect(broken('```sh\nnpm run sim -- --config c.json --out o --sed 8\n```')).toEqual([
      expect.stringContaining("Unknown option '--sed'"),
    ]);
    expect(
      broken('```sh\nnpm run sweep -- --config b.yaml --shards 1e20 \\\n  --out o\n```'),
    ).toEqual([expect.stringContaining('--shards')]);
    expect(broken('`npm run bench:ui -- --compare` `npm run bench:ui -- --comparison`')).toEqual([
      'npm run bench:ui -- --comparison: bench/ui.ts reads no --comparison',
    ]);
    expect(broken('`--max-events N` and `--no-such-flag`')).toEqual([
      '--no-such-flag: no command takes --no-such-flag',
    ]);
  });

  it('finds a missing file named by a command or quoted as a path', () => {
    expect(broken('`node cli/lunch.mjs sim`')).toEqual([
      'node cli/lunch.mjs sim: no file cli/lunch.mjs',
    ]);
    expect(broken('`npx vitest run app/lesson`')).toEqual([
      'npx vitest run app/lesson: no file or folder app/lesson',
    ]);
    expect(broken('see `src/engine/paired.test.ts` and `e2e/nope.spec.ts`')).toEqual([
      'e2e/nope.spec.ts: no such file or folder',
    ]);
    expect(broken('`out/contract/` and `public/models/` are made by commands')).toEqual([]);
  });

  it('reads commands from shell lines', () => {
    expect(
      commandsIn(
        "FOO=1 npm ci && npm start # serve\nkubectl apply -f x\nnpm run sweep -- \\\n  --search 'lanes[1].count'",
      ),
    ).toEqual([
      ['npm', 'ci'],
      ['npm', 'start'],
      ['npm', 'run', 'sweep', '--', '--search', 'lanes[1].count'],
    ]);
  });
});
