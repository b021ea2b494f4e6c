// `npm run test:codex`: the whole agreement matrix against the real Codex binary, and the driver
// tests. `npm test` (vitest.config.ts) runs only a slice of the matrix to stay fast.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  test: {
    ...base.test,
    include: ['test/codex-matrix.test.ts', 'test/codex-driver.test.ts', 'test/codex-drift.test.ts'],
    // codex:drift, which npm test leaves out, runs here.
    exclude: ['**/node_modules/**'],
    provide: { codexMatrix: 'full' },
  },
});
