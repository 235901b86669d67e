import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Vitest's default in a run is one worker fewer than the CPUs: one worker on a 2-core machine,
    // which runs every file in turn although most e2e time is spent waiting on sockets, timers and
    // child processes. Two workers overlap those waits (figures in the issue-20 report).
    maxWorkers: 2,
  },
});
