import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'cli/**/*.test.ts',
      'scripts/**/*.test.ts',
      'app/**/*.test.ts',
      'fuzz/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    // Two cores here: run test files two at a time.
    maxWorkers: 2,
  },
});
