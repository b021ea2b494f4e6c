#!/usr/bin/env node
// The package bin: the compiled CLI in dist/, built by `npm run build` (run by `prepare`, so by
// `npm ci` in a clone and by `npm pack`). bin/relaycheck-dev.mjs runs the sources instead.
await import('../dist/harness/cli.js');
