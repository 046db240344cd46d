// CI's smoke test of README's first command, as a newcomer types it on a fresh clone: it reads set-up
// command 1 out of README.md (the line under `# 1.` in the first `sh` block of "## Set up"), runs it
// in its own process group, waits for the URL that line's comment names, then fetches the page and
// every file of dist/ from it (status 200, the file's own bytes), and stops the server. It exits 1
// with the reason when the command fails, the server never answers, or any file is missing.
//
// Plain Node (no dependencies): it runs before `npm ci`, since README's command 1 is what installs.
//
//   node scripts/ci/readme-smoke.mjs [--readme README.md] [--cwd .] [--timeout-s 1200]

import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * README's set-up command `n` and the URL it serves, from the first `sh` block under "## Set up":
 * the command is the first line after the `# n.` comment, the URL the first http(s) address in it.
 */
export function readmeCommand(text, n = 1) {
  const setup = text.split(/^## Set up\s*$/m)[1];
  if (setup === undefined) throw new Error('README.md has no "## Set up" section');
  const block = /```sh\n([\s\S]*?)```/.exec(setup)?.[1];
  if (block === undefined) throw new Error('README.md\'s "Set up" section has no sh block');
  const lines = block.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith(`# ${n}.`));
  if (at < 0) throw new Error(`README.md's set-up block has no "# ${n}." comment`);
  const command = lines.slice(at + 1).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (command === undefined) throw new Error(`README.md's set-up step ${n} has no command`);
  const url = /https?:\/\/[^\s)]+/.exec(lines[at])?.[0];
  if (url === undefined) throw new Error(`README.md's set-up step ${n} names no URL it serves`);
  return { command: command.trim(), url: url.endsWith('/') ? url : `${url}/` };
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** GET `url` as raw bytes (no Accept-Encoding, so a server sends the file as it is). */
export function fetchRaw(url) {
  return new Promise((done, fail) => {
    const req = get(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} in 30 s`)));
  });
}

/**
 * Run README's command 1 in `cwd` and check what it serves. Resolves with the problems found (none:
 * it works as written).
 */
export async function smoke({ readme, cwd, timeoutS, log = console.log }) {
  const { command, url } = readmeCommand(readFileSync(readme, 'utf8'), 1);
  log(`readme-smoke: running README's command 1 in ${cwd}:\n  ${command}`);
  const child = spawn('bash', ['-c', command], { cwd, detached: true, stdio: 'inherit' });
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const stop = () => {
    if (exited === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  try {
    const deadline = Date.now() + timeoutS * 1000;
    let page = null;
    while (page === null) {
      if (exited !== null) {
        return [
          `README's command 1 ended (exit ${exited.code ?? exited.signal}) before serving ${url}`,
        ];
      }
      if (Date.now() > deadline) return [`nothing answered at ${url} within ${timeoutS} s`];
      page = await fetchRaw(url).catch(() => null);
      if (page === null) await new Promise((r) => setTimeout(r, 1000));
    }
    const problems = [];
    if (page.status !== 200) problems.push(`${url}: HTTP ${page.status}`);
    else if (!page.body.toString('utf8').includes('id="root"')) {
      problems.push(`${url}: the page has no #root element`);
    }
    const dist = resolve(cwd, 'dist');
    const files = filesUnder(dist);
    if (files.length === 0) problems.push('dist/ is empty');
    for (const f of files) {
      const r = await fetchRaw(new URL(f, url).href).catch((e) => ({ status: 0, error: e }));
      const size = statSync(join(dist, f)).size;
      if (r.status !== 200)
        problems.push(`${f}: ${r.error ? r.error.message : `HTTP ${r.status}`}`);
      else if (r.body.length !== size)
        problems.push(`${f}: ${r.body.length} bytes, dist has ${size}`);
    }
    log(
      `readme-smoke: ${url} and ${files.length} files of dist/ fetched, ${problems.length} problems`,
    );
    return problems;
  } finally {
    stop();
  }
}

const isMain =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
  };
  const cwd = resolve(arg('cwd', '.'));
  const problems = await smoke({
    readme: resolve(cwd, arg('readme', 'README.md')),
    cwd,
    timeoutS: Number(arg('timeout-s', '1200')),
  });
  for (const p of problems) console.error(`readme-smoke: ${p}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
