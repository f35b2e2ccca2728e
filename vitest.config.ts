import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm test`: unit tests and a few end-to-end runs of the built CLI (dist/) against an in-process emulator.
// Longer end-to-end scenarios (*.e2e.test.ts) run with `npm run test:e2e` (vitest.e2e.config.ts); CI runs both.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Measured on 2 cores: a fresh module graph per file (vitest's default) is more than half of
    // the suite's CPU, since most files load the Google client libraries. Files share a worker's modules instead:
    // a test that changes something global (mocks, fake timers, spies) restores it itself, in afterEach or finally.
    isolate: false,
    // vitest's default is one worker per core minus one (a single worker here); the end-to-end files mostly wait on
    // the emulator and child processes, so one worker per core keeps both cores busy.
    maxWorkers: Math.max(availableParallelism(), 2),
    minWorkers: 1,
  },
});
