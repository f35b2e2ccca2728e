import { defineConfig } from 'vitest/config';

// End-to-end tests spawn the built CLI (dist/) against an in-process emulator, so they get a generous timeout.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
