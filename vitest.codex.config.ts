// `npm run test:codex`: the whole agreement matrix against the real Codex binary, and the driver
// tests, and run --with-codex on three broken relays. `npm test` (vitest.config.ts) runs only a slice of each to stay fast.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  test: {
    ...base.test,
    include: ['test/codex-matrix.test.ts', 'test/codex-driver.test.ts', 'test/codex-drift.test.ts', 'test/live-codex.test.ts'],
    // codex:drift, which npm test leaves out, runs here.
    exclude: ['**/node_modules/**'],
    provide: { codexMatrix: 'full' },
  },
});
