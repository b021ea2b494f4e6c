// Serves a gateway that ships only as a Hono app (its default export) on 127.0.0.1, with the
// @hono/node-server installed beside it, until SIGTERM:
//   node serve-hono-app.mjs --prefix INSTALL_PREFIX --package NAME --port N
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { prefix: { type: 'string' }, package: { type: 'string' }, port: { type: 'string' } } });
if (!values.prefix || !values.package || !/^\d+$/.test(values.port ?? '')) {
  process.stderr.write('usage: serve-hono-app --prefix DIR --package NAME --port N\n');
  process.exit(2);
}
// Resolved from the install prefix, as if required by a file there (both ship CommonJS builds).
const require = createRequire(path.join(path.resolve(values.prefix), 'package.json'));
const { serve } = require('@hono/node-server');
const app = require(values.package).default;
const server = serve({ fetch: app.fetch, port: Number(values.port), hostname: '127.0.0.1' });
process.once('SIGTERM', () => server.close(() => process.exit(0)));
