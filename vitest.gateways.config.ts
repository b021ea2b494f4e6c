// `npm run test:gateways`: real gateways (installed from the npm registry on first use) as relays in
// front of relaycheck's reference upstream. Out of npm test: the install and the gateway's start
// cost more than the whole of a unit test file.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  test: {
    ...base.test,
    include: ['test/gateways.test.ts'],
    exclude: ['**/node_modules/**'],
  },
});
