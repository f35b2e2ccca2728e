import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: the long end-to-end scenarios (many CLI runs each, e.g. SIGKILLs and re-runs until done).
export default defineConfig({
  test: {
    include: ['test/**/*.e2e.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
