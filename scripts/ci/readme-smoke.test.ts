// The CI smoke test of README's first command: it finds the command and its URL in README.md, passes
// when the command serves the page and every file of dist/, and fails, naming why, when the command
// ends early, serves nothing, or leaves a file of dist/ unserved.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types (it runs before npm ci)
import { readmeCommand, smoke } from './readme-smoke.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A scratch checkout: a README whose command 1 is `command`, a dist/ with two files, and a tiny
 * static server script that leaves out `skip` (a file the build made but the server lacks). */
function checkout(command: (port: number) => string, port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'readme-smoke-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<div id="root"></div>');
  writeFileSync(join(dir, 'dist', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(
    join(dir, 'serve.mjs'),
    `import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
const skip = process.argv[2];
createServer(async (req, res) => {
  const path = req.url === '/' ? '/index.html' : req.url;
  if (path === skip) return res.writeHead(404).end();
  try { res.writeHead(200).end(await readFile('dist' + path)); } catch { res.writeHead(404).end(); }
}).listen(${port}, '127.0.0.1');
`,
  );
  writeFileSync(
    join(dir, 'README.md'),
    `# X\n\n## Set up\n\n\`\`\`sh\n# 1. Install and run (serves http://127.0.0.1:${port})\n${command(port)}\n\n# 2. Test\nnpm test\n\`\`\`\n`,
  );
  return dir;
}

const run = (dir: string) =>
  smoke({ readme: join(dir, 'README.md'), cwd: dir, timeoutS: 20, log: () => {} }) as Promise<
    string[]
  >;

describe("README's command 1 as CI runs it", () => {
  it("reads the repository README's command 1 and its URL", () => {
    const { command, url } = readmeCommand(readFileSync('README.md', 'utf8'), 1);
    expect(command).toMatch(/npm ci && npm start$/);
    expect(url).toBe('http://127.0.0.1:4173/');
  });

  it('passes when the command serves the page and every file of dist/', async () => {
    expect(await run(checkout(() => 'node serve.mjs', 4271))).toEqual([]);
  });

  it('fails, saying so, when the command ends before serving anything', async () => {
    const problems = await run(checkout(() => 'echo "vite build failed" && exit 3', 4272));
    expect(problems).toEqual([
      "README's command 1 ended (exit 3) before serving http://127.0.0.1:4272/",
    ]);
  });

  it('fails when a file of dist/ is not served', async () => {
    const problems = await run(checkout(() => 'node serve.mjs /assets/app.js', 4273));
    expect(problems).toEqual(['assets/app.js: HTTP 404']);
  });
});
