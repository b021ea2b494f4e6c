// `npm run test:mutation` (stryker.config.mjs): the fast tests that pin the checks and the SSE
// parser, so each mutant is judged in seconds. Mutants only the slow relay tests would catch
// count as survivors on purpose: they are rules no example pins yet.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  test: {
    ...base.test,
    include: ['test/checks/**/*.test.ts', 'test/event-routing.test.ts', 'test/sse-parser.test.ts', 'test/sse-properties.test.ts', 'test/utf8-decoder.test.ts'],
  },
});
