// The import graph's rules, checked by `npm run lint:deps` (part of `npm run lint`, so of `npm test`):
// no import cycle anywhere (type-only imports included: a type cycle is still two modules that
// cannot be read, moved or tested apart), and the boundaries between the app, the workers and the
// engine that each folder's README states. ESLint's `no-restricted-imports` (eslint.config.js) says
// the same per file as you type; this graph check also sees cycles, which no per-file rule can.
//
// Test files (`*.test.ts`, `*.spec.ts`) and test support (`*test-support.ts`) may reach across a
// boundary to set a scene; they still may not form cycles.

/** Files that only tests load. */
const TESTS = '(\\.test\\.tsx?|\\.spec\\.ts|[/-]test-support\\.ts)$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment:
        'An import cycle, type-only or not. Move the shared piece below both (a types or a sections ' +
        'module), or invert the dependency with an interface the lower module declares.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment:
        'src/engine runs in Node, in a Worker and in tests: it imports only itself, src/models ' +
        'and pure libraries (src/engine/README.md).',
      from: { path: '^src/engine/', pathNot: TESTS },
      to: {
        // node_modules anywhere in the path: a linked node_modules resolves outside the tree.
        pathNot: '(^(src/engine/|src/models/|public/models/manifest\\.json$)|(^|/)node_modules/)',
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'engine-libraries',
      severity: 'error',
      comment: 'The engine has no UI, draws nothing, runs no inference and does no I/O.',
      from: { path: '^src/engine/' },
      to: {
        path: 'node_modules/(react|react-dom|zustand|d3|d3-selection|onnxruntime-[^/]+|comlink)/',
      },
    },
    {
      name: 'engine-no-node',
      severity: 'error',
      comment: 'The engine runs in the browser too; I/O belongs to cli/.',
      from: { path: '^src/engine/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'workers-no-app',
      severity: 'error',
      comment:
        'src/workers holds worker entries and what they need: the engine, models, the policy ' +
        'compiler and the profiler, never the page (src/workers/README.md).',
      // The one worker entry loads every role, the import parser's (app/config) included.
      from: { path: '^src/workers/', pathNot: `${TESTS}|^src/workers/worker\\.ts$` },
      to: { path: '^(app|cli|bench|scripts|e2e|fuzz)/' },
    },
    {
      name: 'workers-no-ui',
      severity: 'error',
      comment: 'Workers have no DOM to draw on.',
      from: { path: '^src/workers/' },
      to: { path: 'node_modules/(react|react-dom|zustand|d3|d3-selection)/' },
    },
    {
      name: 'app-talks-through-the-protocol',
      severity: 'error',
      comment:
        'The page reaches the engine worker only through src/workers/protocol.ts and ' +
        'llm-protocol.ts (llm/llm-compare-protocol.ts for the seeds worker; and the ' +
        "worker's URL), and lane workers only through their protocol and client (Calibrate, the " +
        'test probes); everything else in src/workers is worker-internal (app/README.md).',
      from: { path: '^app/', pathNot: TESTS },
      to: {
        path: '^src/workers/',
        pathNot:
          '^src/workers/(protocol|llm-protocol|llm/llm-compare-protocol|spawn|worker-roles|lanes/lane-protocol|lanes/lane-client|lanes/decoder-client)\\.ts$',
      },
    },
    {
      name: 'app-runs-no-engine',
      severity: 'error',
      comment:
        'The page never runs an Engine on its own thread: engine.ts, its loop and its sinks ' +
        'are for the workers (types from engine-types.ts are fine).',
      from: { path: '^app/', pathNot: TESTS },
      to: {
        path: '^src/engine/(engine|job-flow|lane-faults|resource-guard|trace-writer)\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'app-no-node-or-cli',
      severity: 'error',
      comment:
        'The page runs in a browser: no Node built-ins, nothing from cli/, bench/ or scripts/.',
      from: { path: '^app/', pathNot: TESTS },
      to: { path: '^(cli|bench|scripts|e2e|fuzz)/' },
    },
    {
      name: 'app-runs-no-inference',
      severity: 'error',
      comment:
        'onnxruntime lives only in lane workers (src/workers/lanes/), loaded when a lane starts; ' +
        'the page never bundles it.',
      from: { path: '^app/' },
      to: { path: 'node_modules/onnxruntime-[^/]+/' },
    },
    {
      name: 'app-no-node-builtins',
      severity: 'error',
      from: { path: '^app/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'libraries-below-the-app',
      severity: 'error',
      comment:
        'src/profiler, src/policy and src/models serve the workers, the CLI and the page alike: ' +
        'they never import the page.',
      from: { path: '^src/(profiler|policy|models)/', pathNot: TESTS },
      to: { path: '^(app|cli|bench|scripts)/' },
    },
    {
      name: 'models-are-a-leaf',
      severity: 'error',
      comment:
        'src/models (the manifest, pre- and post-processing, the synthetic generator) imports ' +
        'nothing else of the project (src/models/README.md).',
      from: { path: '^src/models/', pathNot: TESTS },
      to: { path: '^(app|cli|bench|scripts|src/(engine|workers|profiler|policy))/' },
    },
    {
      name: 'profiler-below-the-workers',
      severity: 'error',
      comment:
        'src/profiler uses lane workers through their public face (lane-client, lane-protocol); ' +
        'the engine worker imports the profiler, not the other way round (src/profiler/README.md).',
      from: { path: '^src/profiler/', pathNot: TESTS },
      to: {
        path: '^src/workers/',
        pathNot: '^src/workers/lanes/(lane-client|lane-protocol)\\.ts$',
      },
    },
    {
      name: 'src-imports-no-tooling',
      severity: 'error',
      comment: 'Nothing under src/ imports the CLI, benchmarks, build scripts or tests.',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '^(cli|bench|scripts|e2e|fuzz)/' },
    },
    {
      name: 'cli-uses-pure-layouts-only',
      severity: 'error',
      comment:
        "cli/ may draw with the page's pure chart layouts and SVG renderer (app/charts), never " +
        'import its components or stores (cli/README.md).',
      from: { path: '^cli/' },
      to: { path: '^app/', pathNot: '^app/charts/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true, pathNot: '^virtual:' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-cli|public/(?!models/manifest\\.json))' },
    // Type-only imports count: a cycle of types is still a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
