// `npm run build:cli`: compile the CLI (sim, sweep, sweep:merge and the sweep's worker) with esbuild
// into dist-cli/, one ES module per command plus shared chunks, dependencies bundled, so a command
// starts with one small module graph instead of transpiling TypeScript on every call. tinypool stays
// external: it starts its workers from its own files. The build records its inputs for the
// freshness check (build-check.mjs) and injects the engine version (engine-version.mjs).

import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_FORMAT, BUILD_INFO, sha256 } from './build-check.mjs';
import { GROUPS } from './cli-entries.mjs';
import { computeEngineVersion, engineSourceFiles } from './engine-version.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTDIR = 'dist-cli';
export { ENTRIES, entryFile } from './cli-entries.mjs';

/** Files whose change makes a build stale besides the compiled sources themselves. */
const EXTRA_INPUTS = [
  'package.json',
  'package-lock.json',
  'cli/build-cli.mjs',
  'cli/build-check.mjs',
  'cli/cli-entries.mjs',
];

/**
 * zod re-exports its ~40 message locales (about 350 kB) through `z.locales`; SchedLab uses only the
 * English messages, which zod installs itself. Resolving the re-export to English alone cuts the
 * bundle that every command parses at start-up by about a third.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-en' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/** One esbuild build of a group of entries into `outdir` (chunks shared within the group). */
function buildGroup(root, outdir, group, engineVersion, build) {
  const entries = Object.entries(group.entries);
  const esm = group.format === 'esm';
  return build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(entries.map(([k, v]) => [k, join(root, v)])),
    outdir,
    outExtension: { '.js': esm ? '.mjs' : '.cjs' },
    bundle: true,
    splitting: esm && entries.length > 1,
    format: group.format,
    platform: 'node',
    target: 'node20',
    external: ['tinypool'],
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'error',
    plugins: [zodEnglishOnly],
    define: { __SCHEDLAB_ENGINE_VERSION__: JSON.stringify(engineVersion) },
    // Bundled CommonJS dependencies (yaml, protobufjs) call require() for Node built-ins.
    banner: esm
      ? {
          js: "import { createRequire as __schedlabRequire } from 'node:module'; const require = __schedlabRequire(import.meta.url);",
        }
      : {},
  });
}

/**
 * Build into `<root>/<outdir>` atomically (a temporary folder renamed into place), so a command
 * that starts during a build runs the old build or the new one, never half of each.
 */
export async function buildCli(root = ROOT, outdir = OUTDIR) {
  const { build } = await import('esbuild');
  const target = join(root, outdir);
  const tmp = `${target}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const engineVersion = computeEngineVersion(root);
  const results = [];
  for (const group of GROUPS) {
    results.push(await buildGroup(root, tmp, group, engineVersion, build));
  }
  const sources = results
    .flatMap((r) => Object.keys(r.metafile.inputs))
    .map((p) => relative(root, resolve(root, p)).split('\\').join('/'))
    .filter((p) => !p.includes(':') && !p.startsWith('node_modules/') && !p.startsWith('..'));
  const paths = [...new Set([...sources, ...EXTRA_INPUTS, ...engineSourceFiles(root)])].sort();
  const inputs = paths.map((path) => {
    const abs = join(root, path);
    const stat = statSync(abs);
    return { path, size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(abs) };
  });
  writeFileSync(
    join(tmp, BUILD_INFO),
    JSON.stringify({ format: BUILD_FORMAT, engine_version: engineVersion, inputs }, null, 1),
  );
  const old = `${target}.${process.pid}.old`;
  try {
    renameSync(target, old);
  } catch {
    // No previous build.
  }
  mkdirSync(dirname(target), { recursive: true });
  renameSync(tmp, target);
  rmSync(old, { recursive: true, force: true });
  return { inputs: inputs.length, engineVersion };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const { inputs, engineVersion } = await buildCli();
  console.log(
    `build:cli: ${OUTDIR}/ from ${inputs} files in ${((performance.now() - started) / 1000).toFixed(2)} s (engine ${engineVersion})`,
  );
}
