import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // codex:drift records a release's requests and runs its rows: only in npm run test:codex. The
    // pack-and-install test builds and installs the package: only in npm run test:package. Real
    // gateways installed from npm: only in npm run test:gateways.
    exclude: ['test/codex-drift.test.ts', 'test/package-install.test.ts', 'test/gateways.test.ts', '**/node_modules/**'],
    // Tests start real loopback servers; a per-test bound keeps a hung socket from stalling CI. It
    // guards hangs only, so it is far above what any test needs even on a machine loaded 10× over.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Much of the suite waits on sockets, stalls and child processes rather than the CPU (about one
    // core busy on average with 3 workers), so files run side by side even on two cores. Measured on
    // 2 idle cores (2026-12-03): 3 workers 80 s, 4 66 s, 5 58–63 s, 6 62 s, all green.
    maxWorkers: Math.max(5, os.availableParallelism()),
    // Files share a worker's module cache instead of importing the harness again each: a third of
    // the suite's CPU time went to that. Tests therefore must not change module state they share
    // (no mocks of harness modules, no edits to catalogues); none does.
    isolate: false,
    // The agreement matrix runs a slice of its rows here; vitest.codex.config.ts asks for all of them.
    provide: { codexMatrix: 'slice' },
  },
});

declare module 'vitest' {
  export interface ProvidedContext {
    codexMatrix: 'slice' | 'full';
  }
}
