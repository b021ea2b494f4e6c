// `npm run test:package`: pack the tarball, install it globally into a temporary prefix and run the
// installed command (a build and an install: too slow for `npm test`).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  test: {
    ...base.test,
    include: ['test/package-install.test.ts'],
    exclude: ['**/node_modules/**'],
  },
});
