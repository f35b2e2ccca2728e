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
  },
});
