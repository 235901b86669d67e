import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Fails the run if any process a test started is still running after it.
    globalSetup: ['tests/leftoverProcesses.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Vitest's default in a run is one worker fewer than the CPUs: one worker on a 2-core machine,
    // which runs every file in turn although most e2e time is spent waiting on sockets, timers and
    // child processes. Measured here (issue 20): 1 worker 502 s, 2 workers 247 s, 3 workers 161 s;
    // with 3, the SQuAD retraining file (tests/answer/pipeline.test.ts, ~110 s) runs beside the rest.
    maxWorkers: 3,
  },
});
