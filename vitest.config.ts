import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Fails the run if any process a test started is still running after it.
    globalSetup: ['tests/leftoverProcesses.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
