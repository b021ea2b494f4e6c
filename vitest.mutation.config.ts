// `npm run test:mutation` (stryker.config.mjs): the fast tests that pin the checks and the SSE
// parser, so each mutant is judged in seconds. Mutants only the slow relay tests would catch
// count as survivors on purpose: they are rules no example pins yet.
// MUTATION_TESTS=checks keeps only test/checks/ (docs/mutation-testing.md): a static mutant runs
// every test, and for a check file the SSE property tests would take most of the run and judge nothing.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// event-routing.ts is in harness/checks/: its crash paths are pinned only there.
const checkTests = ['test/checks/**/*.test.ts', 'test/event-routing.test.ts'];
const all = [...checkTests, 'test/sse-parser.test.ts', 'test/sse-properties.test.ts', 'test/utf8-decoder.test.ts'];

export default defineConfig({
  test: {
    ...base.test,
    include: process.env.MUTATION_TESTS === 'checks' ? checkTests : all,
  },
});
