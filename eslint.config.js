// ESLint flat config. Zero warnings are allowed (`--max-warnings 0` in package.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'public',
      'test-results',
      'playwright-report',
      'out',
      'dist-cli*',
      '.cache',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Plain-JavaScript Node scripts (the CLI launcher and build, run without a TypeScript loader;
    // the CI's README smoke test; the dependency rules, which dependency-cruiser loads as CommonJS).
    files: ['cli/**/*.mjs', 'scripts/**/*.mjs', '*.cjs'],
    languageOptions: {
      globals: {
        module: 'readonly',
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The page talks to the engine worker through its protocol and to lane workers through theirs
    // (app/README.md). Tests and test support may set a scene across the line.
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/test-support.ts', '**/*-test-support.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/src/workers/*.ts',
                '!**/src/workers/protocol.ts',
                '!**/src/workers/llm-protocol.ts',
                '**/src/workers/lanes/*.ts',
                '!**/src/workers/lanes/lane-protocol.ts',
                '!**/src/workers/lanes/lane-client.ts',
                '!**/src/workers/lanes/decoder-client.ts',
              ],
              message:
                'Worker internals stay in the worker: import the types from src/workers/protocol.ts.',
            },
            {
              group: ['**/src/engine/engine.ts', '**/src/engine/trace-writer.ts'],
              allowTypeImports: true,
              message: 'The page never runs an Engine: it asks the engine worker.',
            },
            {
              group: ['onnxruntime-web', 'onnxruntime-*'],
              message: 'Inference runs in lane workers (src/workers/lanes/), never on the page.',
            },
            {
              group: ['**/cli/**', '**/bench/**', '**/scripts/**'],
              message: 'The page imports no Node tooling.',
            },
            { group: ['node:*', 'fs', 'path'], message: 'The page runs in a browser.' },
          ],
        },
      ],
    },
  },
  {
    // Worker entries and what they need: the engine, models, the policy compiler, the profiler.
    files: ['src/workers/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**'], message: 'Workers never import the page.' },
            {
              group: ['react', 'react-*', 'zustand', 'zustand/*', 'd3', 'd3-selection'],
              message: 'Workers have no DOM to draw on.',
            },
            {
              group: ['**/cli/**', '**/bench/**', '**/scripts/**'],
              message: 'The CLI imports the workers, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine is pure TypeScript: it runs in Node, in a Worker and in tests.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', 'zustand', 'zustand/*'],
              message: 'The engine has no UI.',
            },
            {
              group: ['d3-selection', 'd3'],
              message: 'The engine draws nothing; import a pure d3 module (d3-random, d3-dsv).',
            },
            {
              group: ['onnxruntime-web', 'onnxruntime-*'],
              message: 'Inference lives in lane workers behind the Executor interface.',
            },
            { group: ['**/app/**', '../../app/*'], message: 'The engine may not import the app.' },
            {
              group: ['**/workers/**', '**/profiler/**', '**/policy/**', '**/cli/**'],
              message:
                'The engine is the bottom layer: workers, profiler, policy and cli import it.',
            },
            {
              group: ['node:*', 'fs', 'path'],
              message: 'The engine runs in the browser too; I/O belongs to cli/.',
            },
          ],
        },
      ],
    },
  },
);
