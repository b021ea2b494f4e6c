// Mutation testing (npm run test:mutation, docs/mutation-testing.md): not part of npm test or CI.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['harness/checks/**/*.ts', 'harness/sse/**/*.ts', 'harness/retry/codex-retry-rules.ts'],
  // Two shared cores: one mutant at a time per core.
  concurrency: 2,
  coverageAnalysis: 'perTest',
  // Reuses the results of unchanged code and tests from the previous run (reports/ is not committed).
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  // A worktree's .cache is a symlink to the main checkout's (Codex binaries): .gitignore's `.cache/`
  // matches only a directory, so without this Stryker copies the link into its sandbox and fails (EISDIR).
  ignorePatterns: ['/.cache'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
