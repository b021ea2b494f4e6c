import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real loopback servers; a generous per-test bound keeps a hung socket from stalling CI.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
