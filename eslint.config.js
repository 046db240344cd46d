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
    // Plain-JavaScript Node scripts (the CLI launcher and build, run without a TypeScript loader).
    files: ['cli/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: {
      globals: {
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
              group: ['node:*', 'fs', 'path'],
              message: 'The engine runs in the browser too; I/O belongs to cli/.',
            },
          ],
        },
      ],
    },
  },
);
