// The compiled CLI's commands: which source each is built from, in which module format, and the
// file it compiles to. Shared by the build (build-cli.mjs) and the launcher (launch.mjs), which
// imports nothing heavier on its way to a command.

/**
 * Command name -> entry source, in groups built together. `sim` is one CommonJS file of its own: a
 * 10-job run is all start-up, every module file costs an open and a module job, and a CommonJS
 * script can be started from V8's code cache (launch.mjs keeps one beside it), which Node 20 offers
 * no ES module. The sweep's commands are ES modules sharing chunks (the worker, loaded by the
 * sweep's pool, included), and `--emit k8s`'s Kubernetes models stay in a chunk loaded only when
 * asked for.
 */
export const GROUPS = [
  { format: 'cjs', entries: { sim: 'cli/sim.ts' } },
  {
    format: 'esm',
    entries: {
      sweep: 'cli/sweep.ts',
      'sweep-merge': 'cli/sweep-merge.ts',
      'sweep-worker': 'cli/sweep/worker.ts',
    },
  },
];
export const ENTRIES = Object.assign({}, ...GROUPS.map((g) => g.entries));

/** The compiled file of a command: `sim.cjs`, `sweep.mjs`. */
export function entryFile(command) {
  const group = GROUPS.find((g) => command in g.entries);
  return group ? `${command}.${group.format === 'cjs' ? 'cjs' : 'mjs'}` : undefined;
}
